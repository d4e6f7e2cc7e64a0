#include "store/sql/migration_set.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace menshen::store::sql {
namespace {

std::vector<std::string> Names(const std::vector<Migration>& migrations) {
  std::vector<std::string> names;
  for (const auto& m : migrations) names.push_back(m.name);
  return names;
}

TEST(SelectMigrationsTest, OrdersByNumericVersionAndSkipsNonSql) {
  const std::vector<EmbeddedFile> files = {
      {"10_ten.sql", "c"}, {"0002_two.sql", "b"}, {"README.md", "x"}, {"9_nine.sql", "a"}};
  auto selected = SelectMigrations(files, "sqlite");
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ(Names(*selected), (std::vector<std::string>{"0002_two", "9_nine", "10_ten"}));
  EXPECT_EQ((*selected)[0].version, 2);
  EXPECT_EQ((*selected)[2].version, 10);
  EXPECT_EQ((*selected)[0].sql, "b");
}

TEST(SelectMigrationsTest, DialectFileReplacesSharedOneOfSameVersion) {
  const std::vector<EmbeddedFile> files = {{"postgres/0002_x.sql", "pg"},
                                           {"0002_x.sql", "shared"},
                                           {"sqlite/0002_x.sql", "lite"},
                                           {"0001_a.sql", "a"},
                                           {"postgres/0003_only_pg.sql", "pg3"}};
  auto lite = SelectMigrations(files, "sqlite");
  ASSERT_TRUE(lite.has_value());
  ASSERT_EQ(lite->size(), 2u);
  EXPECT_EQ((*lite)[1].sql, "lite");
  auto pg = SelectMigrations(files, "postgres");
  ASSERT_TRUE(pg.has_value());
  ASSERT_EQ(pg->size(), 3u);
  EXPECT_EQ((*pg)[1].sql, "pg");
  EXPECT_EQ((*pg)[2].name, "0003_only_pg");
}

TEST(SelectMigrationsTest, RejectsMalformedNamesAndDuplicateVersions) {
  for (std::string_view bad : {"init.sql", "0001.sql", "0001_.sql", "0000_zero.sql", "01-x.sql"}) {
    const std::vector<EmbeddedFile> files = {{bad, "x"}};
    auto selected = SelectMigrations(files, "sqlite");
    ASSERT_FALSE(selected.has_value()) << bad;
    EXPECT_EQ(selected.error().id, ErrorId::kInfraDatabaseError);
  }
  const std::vector<EmbeddedFile> twins = {{"0001_a.sql", "x"}, {"001_b.sql", "y"}};
  auto selected = SelectMigrations(twins, "sqlite");
  ASSERT_FALSE(selected.has_value());
  EXPECT_NE(selected.error().internal_detail.find("share version 1"), std::string::npos);
}

TEST(SelectMigrationsTest, ChecksumIsSha256OfTheSql) {
  const std::vector<EmbeddedFile> files = {{"0001_a.sql", "abc"}};
  auto selected = SelectMigrations(files, "sqlite");
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ((*selected)[0].checksum, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace menshen::store::sql
