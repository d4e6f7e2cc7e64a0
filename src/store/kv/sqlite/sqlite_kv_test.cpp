// SqliteKv: the Kv contract, and the promise it adds: what it acknowledged is there after a restart.
#include "store/kv/sqlite/sqlite_kv.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/test_temp_dir.hpp"
#include "store/kv/kv_contract.hpp"
#include "store/sql/sqlite/sqlite_database.hpp"

namespace menshen::store::kv {
namespace {

using std::chrono::milliseconds;
using test_support::TempDir;

KvBackend SqliteBackend() {
  return {.name = "Sqlite", .make = [](const Clock& clock, std::size_t max_keys) -> std::unique_ptr<Kv> {
            auto db = sql::SqliteDatabase::Open({.path = ":memory:"});
            EXPECT_TRUE(db.has_value());
            auto kv = SqliteKv::Over(std::move(*db), clock, max_keys);
            EXPECT_TRUE(kv.has_value());
            return std::move(*kv);
          }};
}

INSTANTIATE_TEST_SUITE_P(SqliteKv, KvContract, ::testing::Values(SqliteBackend()), KvBackendName);

std::unique_ptr<SqliteKv> OpenFile(const TempDir& dir, const Clock& clock) {
  auto kv = SqliteKv::Open(clock, {.path = (dir.Path() / "kv.db").string(), .max_keys = 1000});
  EXPECT_TRUE(kv.has_value()) << kv.error().internal_detail;
  return std::move(*kv);
}

TEST(SqliteKvTest, AcknowledgedKeysAreThereAfterAReopenWithTheirRemainingLifetime) {
  TempDir dir("sqlite-kv");
  ManualClock clock;
  {
    auto kv = OpenFile(dir, clock);
    ASSERT_TRUE(kv->Set("revoked:jti-1", "1", milliseconds(60'000)));
    ASSERT_TRUE(kv->Set("forever", "v"));
    ASSERT_EQ(*kv->SetIfAbsent("code:abc", "grant-7", milliseconds(30'000)), true);
    ASSERT_EQ(*kv->Increment("failures:alice", 3, milliseconds(10'000)), 3);
    ASSERT_TRUE(kv->Set("gone", "v"));
    ASSERT_EQ(*kv->Delete("gone"), true);
    ASSERT_TRUE(kv->Set("short", "v", milliseconds(500)));
  }
  clock.Advance(milliseconds(1000));
  auto kv = OpenFile(dir, clock);
  EXPECT_EQ(*kv->Get("revoked:jti-1"), "1");
  EXPECT_EQ(kv->Ttl("revoked:jti-1")->remaining, milliseconds(59'000));
  EXPECT_EQ(*kv->Get("forever"), "v");
  EXPECT_EQ(kv->Ttl("forever")->state, TtlState::kPersistent);
  // A consumed code stays consumed: a second claim loses.
  EXPECT_EQ(*kv->SetIfAbsent("code:abc", "other", milliseconds(30'000)), false);
  EXPECT_EQ(*kv->Get("code:abc"), "grant-7");
  // A counter goes on from where it stood and keeps its window.
  EXPECT_EQ(*kv->Increment("failures:alice", 1, milliseconds(10'000)), 4);
  EXPECT_EQ(kv->Ttl("failures:alice")->remaining, milliseconds(9'000));
  EXPECT_EQ(*kv->Get("gone"), std::nullopt);
  EXPECT_EQ(*kv->Get("short"), std::nullopt);
}

TEST(SqliteKvTest, ExpiredRowsAreRemovedFromTheFile) {
  TempDir dir("sqlite-kv");
  ManualClock clock;
  {
    auto kv = OpenFile(dir, clock);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(kv->Set("old" + std::to_string(i), "v", milliseconds(10)));
    ASSERT_TRUE(kv->Set("live", "v"));
  }
  clock.Advance(milliseconds(20));
  { auto reopened = OpenFile(dir, clock); }
  auto db = sql::SqliteDatabase::Open({.path = (dir.Path() / "kv.db").string()});
  ASSERT_TRUE(db.has_value());
  auto rows = sql::ReadValue(**db, [](sql::Connection& c) { return c.QueryOne("SELECT count(*) FROM kv"); });
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ((*rows)->Int64(0), 1);
}

TEST(SqliteKvTest, ASecondServerCannotOpenAFileInUse) {
  TempDir dir("sqlite-kv");
  ManualClock clock;
  auto first = OpenFile(dir, clock);
  ASSERT_TRUE(first->Set("k", "v"));
  auto second = SqliteKv::Open(clock, {.path = (dir.Path() / "kv.db").string(), .busy_timeout = milliseconds(100)});
  ASSERT_FALSE(second.has_value());
  EXPECT_NE(second.error().internal_detail.find("another server"), std::string::npos);
  first.reset();
  EXPECT_EQ(*OpenFile(dir, clock)->Get("k"), "v");
}

// A database whose writes can be made to fail, as a full disk or a broken file would.
class FailingDatabase final : public sql::Database {
 public:
  explicit FailingDatabase(std::unique_ptr<sql::Database> inner) : inner_(std::move(inner)) {}
  std::atomic<bool> fail_writes{false};
  std::string_view Dialect() const override { return inner_->Dialect(); }

 private:
  Status DoWrite(const sql::Work& work) override {
    if (fail_writes) return Fail(ErrorId::kInfraDatabaseError, {}, "disk full");
    return inner_->Write(work);
  }
  Status DoRead(const sql::Work& work) override { return inner_->Read(work); }
  Status DoPing() override { return inner_->Ping(); }
  std::unique_ptr<sql::Database> inner_;
};

TEST(SqliteKvTest, AWriteTheFileRefusesIsReportedAndLeavesNothingBehindInMemory) {
  ManualClock clock;
  auto inner = sql::SqliteDatabase::Open({.path = ":memory:"});
  ASSERT_TRUE(inner.has_value());
  auto failing = std::make_unique<FailingDatabase>(std::move(*inner));
  FailingDatabase& db = *failing;
  auto kv = SqliteKv::Over(std::move(failing), clock, 100);
  ASSERT_TRUE(kv.has_value());
  ASSERT_TRUE((*kv)->Set("counter", "5", milliseconds(1000)));
  ASSERT_TRUE((*kv)->Set("kept", "old"));

  db.fail_writes = true;
  auto claimed = (*kv)->SetIfAbsent("code", "x");
  ASSERT_FALSE(claimed.has_value());
  EXPECT_EQ(claimed.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_FALSE((*kv)->Increment("counter").has_value());
  EXPECT_FALSE((*kv)->Set("kept", "new").has_value());
  EXPECT_FALSE((*kv)->Delete("kept").has_value());

  EXPECT_EQ(*(*kv)->Get("code"), std::nullopt);
  EXPECT_EQ(*(*kv)->Get("counter"), "5");
  EXPECT_EQ(*(*kv)->Get("kept"), "old");
  db.fail_writes = false;
  EXPECT_EQ(*(*kv)->SetIfAbsent("code", "x"), true);
}

TEST(SqliteKvTest, OfFiftyRacingClaimsExactlyOneWinsAndItIsTheOneSaved) {
  TempDir dir("sqlite-kv");
  ManualClock clock;
  std::atomic<int> winners{0};
  std::string winner;
  {
    auto kv = OpenFile(dir, clock);
    std::vector<std::thread> threads;
    std::mutex winner_mutex;
    for (int i = 0; i < 50; ++i) {
      threads.emplace_back([&, i] {
        auto won = kv->SetIfAbsent("nonce", std::to_string(i), milliseconds(60'000));
        if (won && *won) {
          ++winners;
          std::lock_guard lock(winner_mutex);
          winner = std::to_string(i);
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(*OpenFile(dir, clock)->Get("nonce"), winner);
}

}  // namespace
}  // namespace menshen::store::kv
