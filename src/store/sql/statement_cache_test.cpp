#include "store/sql/statement_cache.hpp"

#include <gtest/gtest.h>

namespace menshen::store::sql {
namespace {

class FakeStatement final : public Statement {
 public:
  FakeStatement(std::string sql, int* resets) : sql_(std::move(sql)), resets_(resets) {}
  Status Bind(const Params&) override { return {}; }
  Result<bool> Step() override { return false; }
  void Reset() override { ++*resets_; }
  const std::string& Sql() const override { return sql_; }
  int ColumnCount() const override { return 0; }
  ColumnType Type(int) const override { return ColumnType::kNull; }
  std::int64_t Int64(int) const override { return 0; }
  double Double(int) const override { return 0; }
  std::string Text(int) const override { return {}; }
  Blob Bytes(int) const override { return {}; }

 private:
  std::string sql_;
  int* resets_;
};

TEST(StatementCacheTest, ReturnsWhatWasGivenAndCountsHitsAndMisses) {
  int resets = 0;
  StatementCache cache(4);
  EXPECT_EQ(cache.Take("a"), nullptr);
  auto a = std::make_unique<FakeStatement>("a", &resets);
  Statement* raw = a.get();
  cache.Give(std::move(a));
  EXPECT_EQ(resets, 1);
  auto again = cache.Take("a");
  EXPECT_EQ(again.get(), raw);
  EXPECT_EQ(cache.Take("a"), nullptr);  // lent out: a second user needs its own
  const auto stats = cache.Stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 2u);
}

TEST(StatementCacheTest, EvictsLeastRecentlyUsedBeyondCapacity) {
  int resets = 0;
  StatementCache cache(2);
  cache.Give(std::make_unique<FakeStatement>("a", &resets));
  cache.Give(std::make_unique<FakeStatement>("b", &resets));
  cache.Give(std::make_unique<FakeStatement>("c", &resets));
  EXPECT_EQ(cache.Stats().idle, 2u);
  EXPECT_EQ(cache.Take("a"), nullptr);
  EXPECT_NE(cache.Take("b"), nullptr);
  EXPECT_NE(cache.Take("c"), nullptr);
}

TEST(StatementCacheTest, HandleGivesItsStatementBackOnDestruction) {
  int resets = 0;
  StatementCache cache(2);
  {
    StatementHandle handle(std::make_unique<FakeStatement>("q", &resets), &cache);
    StatementHandle moved = std::move(handle);
    EXPECT_EQ(moved->Sql(), "q");
  }
  EXPECT_EQ(resets, 1);
  EXPECT_EQ(cache.Stats().idle, 1u);
}

}  // namespace
}  // namespace menshen::store::sql
