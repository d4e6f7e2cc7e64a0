// The seed tables are the contract: every published row is in its profile, in order, with its exact text.
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "catalog/table_parser.hpp"
#include "catalog/test_support.hpp"

namespace menshen::catalog {
namespace {

struct Seed {
  std::string prefix;
  std::string profile;
  std::size_t rows;
};

class SeedContract : public ::testing::TestWithParam<Seed> {};

std::string Field(const Profile& profile, const ProfileRow& row, Column role) {
  switch (role) {
    case Column::kCode:
      return row.code ? std::to_string(*row.code) : "";
    case Column::kText:
      return row.text;
    case Column::kSymbol:
      return row.symbol;
    case Column::kEn:
      return row.en;
    case Column::kHint:
      return row.hint;
    case Column::kId:
    case Column::kStatus:
      break;
  }
  ADD_FAILURE() << "seed profile " << profile.name << " has a derived column";
  return {};
}

TEST_P(SeedContract, EveryRowIsInItsProfileInOrderWithItsText) {
  const Seed& seed = GetParam();
  const auto file = testing::SeedFile(testing::SeedsDir(), seed.prefix);
  ASSERT_FALSE(file.empty()) << "no seed table " << seed.prefix << " in tests/data/seeds";
  const auto parsed = ParseTables(testing::ReadAll(file));
  ASSERT_TRUE(parsed.error.empty()) << parsed.error;
  ASSERT_FALSE(parsed.tables.empty());

  const Catalog catalog = Catalog::Load(seed.profile);
  const Profile& profile = catalog.ActiveProfile();
  if (parsed.tables.size() > 1) {
    ASSERT_EQ(profile.sections.size(), parsed.tables.size());
  }

  std::size_t index = 0;
  for (std::size_t t = 0; t < parsed.tables.size(); ++t) {
    const Table& table = parsed.tables[t];
    EXPECT_EQ(table.header, profile.columns);
    if (parsed.tables.size() > 1) {
      EXPECT_EQ(table.title, profile.sections[t]);
    }
    for (const TableRow& seed_row : table.rows) {
      ASSERT_LT(index, profile.rows.size()) << "seed line " << seed_row.line << " missing from the profile";
      const ProfileRow& row = profile.rows[index++];
      EXPECT_EQ(row.section, parsed.tables.size() > 1 ? t : 0);
      ASSERT_EQ(seed_row.cells.size(), profile.roles.size()) << "seed line " << seed_row.line;
      for (std::size_t c = 0; c < profile.roles.size(); ++c) {
        EXPECT_EQ(Field(profile, row, profile.roles[c]), seed_row.cells[c])
            << profile.name << " row " << index << " column " << profile.columns[c] << " (seed line " << seed_row.line
            << ")";
      }
    }
  }
  EXPECT_EQ(index, profile.rows.size()) << "the profile has rows the seed does not";
  EXPECT_EQ(index, seed.rows);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SeedContract,
                         ::testing::Values(Seed{"000_", "oauth2-server", 18}, Seed{"001_", "open-platform", 37},
                                           Seed{"002_", "user-service", 24}, Seed{"003_", "account-billing", 49},
                                           Seed{"004_", "idaas", 99}),
                         [](const auto& info) {
                           std::string name = info.param.profile;
                           std::erase(name, '-');
                           return name;
                         });

TEST_P(SeedContract, TheRepositorysCopyIsThePublishedTable) {
  const auto published = testing::PublishedSeedsDir();
  if (!published) GTEST_SKIP() << "no published tables beside this checkout to compare the copy with";
  const Seed& seed = GetParam();
  const auto copy = testing::SeedFile(testing::SeedsDir(), seed.prefix);
  const auto original = testing::SeedFile(*published, seed.prefix);
  ASSERT_FALSE(original.empty());
  EXPECT_EQ(copy.filename(), original.filename());
  EXPECT_EQ(testing::ReadAll(copy), testing::ReadAll(original)) << "tests/data/seeds is stale: copy the table again";
}

TEST(SeedContract, ProfilesKeepTheSeedsPeculiarities) {
  const Catalog billing = Catalog::Load("account-billing");
  const auto& rows = billing.ActiveProfile().rows;
  const auto find = [&](std::int64_t code) {
    return *std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.code == code; });
  };
  EXPECT_EQ(find(404).symbol, "RESOURCE_NOT_FOUND");
  EXPECT_EQ(find(700).symbol, "DO_NOT_HAVE_ANY_MORE_RECORD");

  const Catalog user_service = Catalog::Load("user-service");
  std::size_t placeholders = 0;
  for (const auto& row : user_service.ActiveProfile().rows) placeholders += row.text.empty() ? 1 : 0;
  EXPECT_EQ(placeholders, 9u);  // 1013, 1015, 1017-1019 and four rows with no code

  const Catalog idaas = Catalog::Load("idaas");
  const auto& idaas_rows = idaas.ActiveProfile().rows;
  const auto row_2001 =
      std::find_if(idaas_rows.begin(), idaas_rows.end(), [](const auto& r) { return r.code == 2001; });
  EXPECT_EQ(row_2001->text, "验证码验证失败(验证码错误)");
}

}  // namespace
}  // namespace menshen::catalog
