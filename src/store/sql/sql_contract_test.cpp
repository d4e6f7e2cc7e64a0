// Behaviour every Database driver must have; instantiated per driver (see sql_contract.hpp).
#include "store/sql/sql_contract.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace menshen::store::sql {
namespace {

constexpr char kItems[] = "CREATE TABLE items (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, b {blob})";

TEST_P(SqlContract, CrudWithEveryType) {
  Run(Ddl(kItems));
  const auto big = std::numeric_limits<std::int64_t>::max();
  const auto small = std::numeric_limits<std::int64_t>::min();
  Run("INSERT INTO items (id, i, r, s, b) VALUES (?, ?, ?, ?, ?)", {1, big, 0.1, "one", ToBlob("\x01\x02")});
  Run("INSERT INTO items (id, i, r, s, b) VALUES (?, ?, ?, ?, ?)", {2, small, -2.5e300, "two", ToBlob("x")});

  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto result = c.Query("SELECT id, i, r, s, b FROM items ORDER BY id");
    if (!result) return std::unexpected(result.error());
    rows = std::move(*result);
    return {};
  }));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Int64(0), 1);
  EXPECT_EQ(rows[0].Int64(1), big);
  EXPECT_EQ(rows[0].Double(2), 0.1);
  EXPECT_EQ(rows[0].Text(3), "one");
  EXPECT_EQ(rows[0].Bytes(4), ToBlob("\x01\x02"));
  EXPECT_EQ(rows[1].Int64(1), small);
  EXPECT_EQ(rows[1].Double(2), -2.5e300);

  std::int64_t updated = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
    auto changed = c.Execute("UPDATE items SET s = ? WHERE id >= ?", {"many", 1});
    if (changed) updated = *changed;
    return ToStatus(changed);
  }));
  EXPECT_EQ(updated, 2);
  Run("DELETE FROM items WHERE id = ?", {1});
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(SqlContract, StepsThroughRowsWithTypedGetters) {
  Run(Ddl(kItems));
  for (std::int64_t id = 1; id <= 3; ++id) Run("INSERT INTO items (id, s) VALUES (?, ?)", {id, "row"});
  std::vector<std::int64_t> seen;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto statement = c.Prepare("SELECT id, s, i FROM items WHERE id > ? ORDER BY id");
    if (!statement) return std::unexpected(statement.error());
    if (auto bound = (*statement)->Bind({1}); !bound) return bound;
    EXPECT_EQ((*statement)->ColumnCount(), 3);
    while (true) {
      auto more = (*statement)->Step();
      if (!more) return std::unexpected(more.error());
      if (!*more) break;
      EXPECT_EQ((*statement)->Type(0), ColumnType::kInteger);
      EXPECT_EQ((*statement)->Text(1), "row");
      EXPECT_TRUE((*statement)->IsNull(2));
      seen.push_back((*statement)->Int64(0));
    }
    return {};
  }));
  EXPECT_EQ(seen, (std::vector<std::int64_t>{2, 3}));
}

TEST_P(SqlContract, NullsRoundTripAndDifferFromEmpty) {
  Run(Ddl(kItems));
  Run("INSERT INTO items (id, i, r, s, b) VALUES (?, ?, ?, ?, ?)", {1, nullptr, nullptr, nullptr, nullptr});
  Run("INSERT INTO items (id, s, b) VALUES (?, ?, ?)", {2, "", Blob{}});
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto result = c.Query("SELECT i, r, s, b FROM items ORDER BY id");
    if (result) rows = std::move(*result);
    return result ? Status{} : std::unexpected(result.error());
  }));
  ASSERT_EQ(rows.size(), 2u);
  for (std::size_t col = 0; col < 4; ++col) EXPECT_TRUE(rows[0].IsNull(col)) << col;
  EXPECT_EQ(rows[1].Text(2), "");
  EXPECT_EQ(rows[1].Bytes(3), Blob{});
}

TEST_P(SqlContract, Utf8TextAndBinaryBlobsWithNulBytes) {
  Run(Ddl(kItems));
  const std::string text = "门神 guards the gate ✓ 🔐 Ωμέγα";
  const std::string raw("\x00\xff\x00\x7f\x80zz\x00", 8);
  Run("INSERT INTO items (id, s, b) VALUES (?, ?, ?)", {1, text, ToBlob(raw)});
  std::optional<Row> row;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto result = c.QueryOne("SELECT s, b, length(s) FROM items WHERE s = ?", {text});
    if (result) row = std::move(*result);
    return result ? Status{} : std::unexpected(result.error());
  }));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Text(0), text);
  EXPECT_EQ(row->Bytes(1), ToBlob(raw));
  EXPECT_EQ(row->Bytes(1).size(), 8u);
  EXPECT_EQ(row->Int64(2), 28);  // characters, not bytes: stored as UTF-8 text
}

TEST_P(SqlContract, UniqueViolationIsAlreadyExistsNamingTheColumn) {
  Run("CREATE TABLE users (id BIGINT PRIMARY KEY, username TEXT NOT NULL UNIQUE)");
  Run("INSERT INTO users (id, username) VALUES (?, ?)", {1, "alice"});
  auto again = db_->Write([](Connection& c) {
    return ToStatus(c.Execute("INSERT INTO users VALUES (?, ?)", {2, "alice"}));
  });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().id, ErrorId::kCommonAlreadyExists);
  EXPECT_TRUE(IsUniqueViolation(again.error(), "username")) << again.error().internal_detail;
  EXPECT_FALSE(IsUniqueViolation(again.error(), "email"));
  EXPECT_TRUE(again.error().public_detail.empty());

  auto same_key = db_->Write([](Connection& c) {
    return ToStatus(c.Execute("INSERT INTO users VALUES (?, ?)", {1, "bob"}));
  });
  ASSERT_FALSE(same_key.has_value());
  EXPECT_EQ(same_key.error().id, ErrorId::kCommonAlreadyExists);
}

TEST_P(SqlContract, OtherFailuresAreDatabaseErrorsWithPrivateDetail) {
  auto bad = db_->Write([](Connection& c) { return ToStatus(c.Execute("SELEKT nonsense")); });
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_TRUE(bad.error().public_detail.empty());
  EXPECT_FALSE(bad.error().internal_detail.empty());

  Run("CREATE TABLE users (id BIGINT PRIMARY KEY, username TEXT NOT NULL)");
  auto missing =
      db_->Write([](Connection& c) { return ToStatus(c.Execute("INSERT INTO users (id) VALUES (?)", {1})); });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().id, ErrorId::kInfraDatabaseError);

  auto wrong_arity = db_->Write([](Connection& c) { return ToStatus(c.Execute("SELECT ?, ?", {1})); });
  ASSERT_FALSE(wrong_arity.has_value());
  EXPECT_EQ(wrong_arity.error().id, ErrorId::kInfraDatabaseError);
}

TEST_P(SqlContract, ErrorInsideWriteRollsEverythingBack) {
  Run(Ddl(kItems));
  auto failed = db_->Write([](Connection& c) -> Status {
    if (auto ok = ToStatus(c.Execute("INSERT INTO items (id) VALUES (?)", {1})); !ok) return ok;
    if (auto ok = ToStatus(c.Execute("INSERT INTO items (id) VALUES (?)", {2})); !ok) return ok;
    return Fail(ErrorId::kCommonBadRequest, "", "caller changed its mind");
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().id, ErrorId::kCommonBadRequest);
  EXPECT_EQ(Count("items"), 0);

  auto duplicate = db_->Write([](Connection& c) -> Status {
    if (auto ok = ToStatus(c.Execute("INSERT INTO items (id) VALUES (?)", {7})); !ok) return ok;
    return ToStatus(c.Execute("INSERT INTO items (id) VALUES (?)", {7}));
  });
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().id, ErrorId::kCommonAlreadyExists);
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(SqlContract, ExceptionInsideWriteRollsBackAndPropagates) {
  Run(Ddl(kItems));
  EXPECT_THROW((void)db_->Write([](Connection& c) -> Status {
    (void)c.Execute("INSERT INTO items (id) VALUES (?)", {1});
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_EQ(Count("items"), 0);
  Run("INSERT INTO items (id) VALUES (?)", {2});  // the connection is usable again
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(SqlContract, EightConcurrentWritersLoseNoUpdate) {
  Run("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
  Run("INSERT INTO counter VALUES (1, 0)");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        // Read-modify-write on purpose: only serialised writers keep every increment.
        auto done = db_->Write([](Connection& c) -> Status {
          auto row = c.QueryOne("SELECT n FROM counter WHERE id = 1");
          if (!row) return std::unexpected(row.error());
          return ToStatus(c.Execute("UPDATE counter SET n = ? WHERE id = 1", {(*row)->Int64(0) + 1}));
        });
        if (!done) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::int64_t total = 0;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
    auto row = c.QueryOne("SELECT n FROM counter WHERE id = 1");
    if (row) total = (*row)->Int64(0);
    return row ? Status{} : std::unexpected(row.error());
  }));
  EXPECT_EQ(total, kThreads * kPerThread);
}

TEST_P(SqlContract, ReadersSeeCommittedSnapshotWhileAWriteIsOpen) {
  if (!GetParam().concurrent_readers) GTEST_SKIP() << "one connection serves reads and writes";
  Run(Ddl(kItems));
  Run("INSERT INTO items (id) VALUES (1)");
  std::promise<void> inserted;
  std::promise<void> release;
  auto writer = std::async(std::launch::async, [&] {
    return db_->Write([&](Connection& c) -> Status {
      auto ok = ToStatus(c.Execute("INSERT INTO items (id) VALUES (2)"));
      inserted.set_value();
      release.get_future().wait();
      return ok;
    });
  });
  inserted.get_future().wait();
  auto reader = std::async(std::launch::async, [&] { return Count("items"); });
  const bool reader_finished = reader.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  release.set_value();
  EXPECT_TRUE(reader_finished) << "a reader waited for the writer";
  EXPECT_EQ(reader.get(), 1);
  EXPECT_TRUE(writer.get().has_value());
  EXPECT_EQ(Count("items"), 2);
}

TEST_P(SqlContract, StatementCacheReusesPreparedStatements) {
  Run(Ddl(kItems));
  StatementCacheStats before;
  StatementCacheStats after;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
    before = c.CacheStats();
    for (std::int64_t id = 0; id < 50; ++id) {
      if (auto ok = ToStatus(c.Execute("INSERT INTO items (id) VALUES (?)", {id})); !ok) return ok;
    }
    after = c.CacheStats();
    // Two live statements for one SQL text are distinct and both usable.
    auto first = c.Prepare("SELECT id FROM items WHERE id = ?");
    auto second = c.Prepare("SELECT id FROM items WHERE id = ?");
    if (!first || !second) return Fail(ErrorId::kInfraDatabaseError);
    EXPECT_NE(&**first, &**second);
    return {};
  }));
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 49u);
  EXPECT_EQ(Count("items"), 50);
}

TEST_P(SqlContract, ReturningGivesTheInsertedKey) {
  Run("CREATE TABLE named (id BIGINT PRIMARY KEY, name TEXT)");
  std::int64_t id = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
    auto row = c.QueryOne("INSERT INTO named (id, name) VALUES (?, ?) RETURNING id", {42, "x"});
    if (!row) return std::unexpected(row.error());
    id = (*row)->Int64(0);
    return {};
  }));
  EXPECT_EQ(id, 42);
}

TEST_P(SqlContract, ValueFunctionsReturnWhatTheWorkReturns) {
  Run("CREATE TABLE named (id BIGINT PRIMARY KEY, name TEXT)");
  auto id = WriteValue(*db_, [](Connection& c) -> Result<std::int64_t> {
    auto row = c.QueryOne("INSERT INTO named (id, name) VALUES (?, ?) RETURNING id", {7, "seven"});
    if (!row) return std::unexpected(row.error());
    return (*row)->Int64(0);
  });
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id, 7);
  auto name = ReadValue(*db_, [](Connection& c) -> Result<std::string> {
    auto row = c.QueryOne("SELECT name FROM named WHERE id = ?", {7});
    if (!row) return std::unexpected(row.error());
    if (!row->has_value()) return Fail(ErrorId::kCommonNotFound);
    return (*row)->Text(0);
  });
  EXPECT_EQ(name, "seven");
  auto missing = ReadValue(*db_, [](Connection& c) -> Result<std::string> {
    auto row = c.QueryOne("SELECT name FROM named WHERE id = ?", {8});
    if (!row) return std::unexpected(row.error());
    if (!row->has_value()) return Fail(ErrorId::kCommonNotFound);
    return (*row)->Text(0);
  });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().id, ErrorId::kCommonNotFound);
  auto failed = WriteValue(*db_, [](Connection& c) -> Result<int> {
    if (!c.Execute("INSERT INTO named (id, name) VALUES (9, 'nine')")) return Fail(ErrorId::kInfraDatabaseError);
    return Fail(ErrorId::kCommonBadRequest);
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(Count("named"), 1);  // the failed work was rolled back
}

TEST_P(SqlContract, DeleteInBatchesDeletesEverythingABatchAtATime) {
  Run("CREATE TABLE expiring (id BIGINT PRIMARY KEY, expires_at BIGINT)");
  for (std::int64_t id = 1; id <= 7; ++id) Run("INSERT INTO expiring (id, expires_at) VALUES (?, ?)", {id, id * 10});
  int batches = 0;
  auto deleted = DeleteInBatches(*db_, 2, [&](Connection& c, int limit) {
    ++batches;
    return c.Execute("DELETE FROM expiring WHERE id IN (SELECT id FROM expiring WHERE expires_at < ? LIMIT ?)",
                     {std::int64_t{55}, std::int64_t{limit}});
  });
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(*deleted, 5);
  EXPECT_EQ(batches, 3);  // 2, 2, then 1: fewer than a batch means done
  EXPECT_EQ(Count("expiring"), 2);
  auto failed = DeleteInBatches(*db_, 2, [](Connection& c, int) { return c.Execute("DELETE FROM no_such_table"); });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().id, ErrorId::kInfraDatabaseError);
}

TEST_P(SqlContract, PingAnswers) { EXPECT_TRUE(db_->Ping().has_value()); }

TEST_P(SqlContract, UncommittedTransactionIsGoneAfterACrash) {
  if (!GetParam().durable) GTEST_SKIP() << "nothing survives reopening";
  Run(Ddl(kItems));
  Run("INSERT INTO items (id) VALUES (1)");
  db_.reset();
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // The child writes enough to spill pages to disk, then dies before COMMIT.
    auto db = GetParam().open(where_);
    if (!db) _exit(3);
    (void)(*db)->Write([](Connection& c) -> Status {
      const Blob payload(64 * 1024, std::byte{0x5a});
      for (std::int64_t id = 100; id < 400; ++id) {
        if (!c.Execute("INSERT INTO items (id, b) VALUES (?, ?)", {id, payload})) _exit(4);
      }
      _exit(0);
    });
    _exit(5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the child did not reach its crash point";
  db_ = Open();
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Count("items"), 1);
  Run("INSERT INTO items (id) VALUES (2)");
  EXPECT_EQ(Count("items"), 2);
}

}  // namespace
}  // namespace menshen::store::sql
