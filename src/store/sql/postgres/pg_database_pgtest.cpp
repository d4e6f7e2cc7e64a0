// PostgreSQL driver behaviour beyond the shared contract: the pool's bound, sessions the server drops, a
// stopped server, the statement timeout, unique violations named as on SQLite, concurrent migration.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "core/clock.hpp"
#include "postgres_server.hpp"
#include "store/sql/migrator.hpp"
#include "store/sql/postgres/pg_database.hpp"

namespace menshen::store::sql {
namespace {

using namespace std::chrono_literals;
using test_support::SharedPostgres;

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    name_ = "driver_" + std::to_string(++counter);
    url_ = SharedPostgres().CreateDatabase(name_);
  }
  void TearDown() override {
    if (!SharedPostgres().Running()) SharedPostgres().Start();
    SharedPostgres().DropDatabase(name_);
  }

  std::unique_ptr<PgDatabase> Open(PgOptions options = {}) {
    options.connection.url = url_;
    auto db = PgDatabase::Open(options);
    EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().internal_detail);
    return db ? std::move(*db) : nullptr;
  }

  static std::int64_t BackendPid(Database& db) {
    auto pid = ReadValue(db, [](Connection& c) -> Result<std::int64_t> {
      auto row = c.QueryOne("SELECT pg_backend_pid()");
      if (!row) return std::unexpected(row.error());
      return (*row)->Int64(0);
    });
    EXPECT_TRUE(pid.has_value()) << (pid ? "" : pid.error().internal_detail);
    return pid.value_or(0);
  }

  std::string name_;
  std::string url_;
};

std::chrono::milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

TEST_F(PgDatabaseTest, AFullPoolAnswersDatabaseErrorWithinItsBound) {
  auto db = Open({.pool_size = 1, .pool_timeout = 300ms});
  std::promise<void> holding;
  std::promise<void> release;
  auto holder = std::async(std::launch::async, [&] {
    return db->Read([&](Connection&) -> Status {
      holding.set_value();
      release.get_future().wait();
      return {};
    });
  });
  holding.get_future().wait();
  const auto start = std::chrono::steady_clock::now();
  auto waited = db->Read([](Connection& c) { return ToStatus(c.QueryOne("SELECT 1")); });
  const auto took = Since(start);
  release.set_value();
  ASSERT_FALSE(waited.has_value());
  EXPECT_EQ(waited.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_TRUE(holder.get().has_value());
  EXPECT_TRUE(db->Ping().has_value()) << "the session came back to the pool";
}

TEST_F(PgDatabaseTest, ASessionTheServerKilledIsReplacedAndTheNextCallSucceeds) {
  auto db = Open({.pool_size = 1});
  const auto first = BackendPid(*db);
  ASSERT_NE(first, 0);
  EXPECT_EQ(SharedPostgres().Execute("SELECT pg_terminate_backend(" + std::to_string(first) + ")"), "t");
  const auto second = BackendPid(*db);
  EXPECT_NE(second, 0);
  EXPECT_NE(second, first);
  EXPECT_EQ(SharedPostgres().Execute("SELECT pg_terminate_backend(" + std::to_string(second) + ")"), "t");
  auto written = db->Write([](Connection& c) { return ToStatus(c.Execute("CREATE TABLE after_kill (id BIGINT)")); });
  EXPECT_TRUE(written.has_value()) << (written ? "" : written.error().internal_detail);
}

TEST_F(PgDatabaseTest, AStoppedServerAnswersDatabaseErrorWithinASecondAndTheSameDatabaseServesWhenItReturns) {
  auto db = Open({.pool_size = 2});
  ASSERT_TRUE(db->Ping().has_value());
  SharedPostgres().Stop();
  for (int call = 0; call < 3; ++call) {
    const auto start = std::chrono::steady_clock::now();
    auto read = db->Read([](Connection& c) { return ToStatus(c.QueryOne("SELECT 1")); });
    auto write = db->Write([](Connection& c) { return ToStatus(c.Execute("CREATE TABLE never (id BIGINT)")); });
    const auto took = Since(start);
    ASSERT_FALSE(read.has_value());
    ASSERT_FALSE(write.has_value());
    EXPECT_EQ(read.error().id, ErrorId::kInfraDatabaseError);
    EXPECT_EQ(write.error().id, ErrorId::kInfraDatabaseError);
    EXPECT_LT(took, 1000ms) << "two calls against a stopped server";
  }
  SharedPostgres().Start();
  EXPECT_TRUE(db->Ping().has_value());
  auto written = db->Write([](Connection& c) { return ToStatus(c.Execute("CREATE TABLE back (id BIGINT)")); });
  EXPECT_TRUE(written.has_value()) << (written ? "" : written.error().internal_detail);
}

TEST_F(PgDatabaseTest, AStatementPastTheTimeoutAnswersDatabaseError) {
  auto db = Open({.connection = {.statement_timeout = 200ms}});
  const auto start = std::chrono::steady_clock::now();
  auto slow = db->Read([](Connection& c) { return ToStatus(c.QueryOne("SELECT pg_sleep(5)")); });
  const auto took = Since(start);
  ASSERT_FALSE(slow.has_value());
  EXPECT_EQ(slow.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_NE(slow.error().internal_detail.find("57014"), std::string::npos) << slow.error().internal_detail;
  EXPECT_LT(took, 1500ms);
  EXPECT_TRUE(db->Ping().has_value());
}

TEST_F(PgDatabaseTest, UniqueViolationsNameTableAndColumnAsSqliteDoes) {
  auto db = Open();
  ASSERT_TRUE(db->Write([](Connection& c) {
    return c.ExecuteScript(
        "CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT UNIQUE, email TEXT UNIQUE, phone TEXT UNIQUE);"
        "CREATE TABLE oauth_apps (id TEXT PRIMARY KEY, name_key TEXT NOT NULL UNIQUE);"
        "CREATE TABLE oauth_consents (user_id TEXT, client_id TEXT, PRIMARY KEY (user_id, client_id));"
        "INSERT INTO users VALUES ('u1', 'alice', 'a@example.com', '861'); INSERT INTO oauth_apps VALUES ('a1', 'app');"
        "INSERT INTO oauth_consents VALUES ('u1', 'c1');");
  }));
  auto violation = [&](const std::string& sql) {
    auto done = db->Write([&](Connection& c) { return ToStatus(c.Execute(sql)); });
    EXPECT_FALSE(done.has_value()) << sql;
    return done ? Error{} : done.error();
  };
  const Error username = violation("INSERT INTO users VALUES ('u2', 'alice', NULL, NULL)");
  EXPECT_TRUE(IsUniqueViolation(username, "users.username")) << username.internal_detail;
  EXPECT_FALSE(IsUniqueViolation(username, "email"));
  EXPECT_FALSE(IsUniqueViolation(username, "phone"));
  EXPECT_EQ(username.internal_detail.find("alice"), std::string::npos) << "the value stays out of the log";
  EXPECT_TRUE(
      IsUniqueViolation(violation("INSERT INTO users VALUES ('u2', 'bob', 'a@example.com', NULL)"), "users.email"));
  EXPECT_TRUE(IsUniqueViolation(violation("INSERT INTO users VALUES ('u2', 'bob', NULL, '861')"), "users.phone"));
  EXPECT_TRUE(IsUniqueViolation(violation("INSERT INTO users VALUES ('u1', 'bob', NULL, NULL)"), "users.id"));
  EXPECT_TRUE(IsUniqueViolation(violation("INSERT INTO oauth_apps VALUES ('a2', 'app')"), "oauth_apps.name_key"));
  EXPECT_TRUE(IsUniqueViolation(violation("INSERT INTO oauth_consents VALUES ('u1', 'c1')"),
                                "oauth_consents.user_id, oauth_consents.client_id"));
}

TEST_F(PgDatabaseTest, TheUrlPasswordStaysOutOfErrors) {
  auto db = PgDatabase::Open({.connection = {.url = "postgresql://menshen:s3cret-pw@127.0.0.1:1/none"}});
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_EQ(db.error().internal_detail.find("s3cret-pw"), std::string::npos) << db.error().internal_detail;
}

TEST_F(PgDatabaseTest, TlsAskedForByTheUrlIsRequired) {
  // The test server speaks no TLS: a URL that requires it must fail rather than fall back to plain text.
  auto db = PgDatabase::Open({.connection = {.url = url_ + "?sslmode=require"}});
  ASSERT_FALSE(db.has_value());
  EXPECT_NE(db.error().internal_detail.find("SSL"), std::string::npos) << db.error().internal_detail;
  EXPECT_TRUE(PgDatabase::Open({.connection = {.url = url_ + "?sslmode=disable"}}).has_value());
}

TEST(PgTls, AVerifiedTlsUrlConnectsOverTlsAndAnUnknownCertificateIsRefused) {
  test_support::PostgresServer server({.tls = true});
  server.CreateDatabase("tls");
  const std::string url = server.Url("tls") + "?sslmode=verify-full&sslrootcert=" + server.Certificate().string();
  auto db = PgDatabase::Open({.connection = {.url = url}});
  ASSERT_TRUE(db.has_value()) << db.error().internal_detail;
  auto ssl = ReadValue(**db, [](Connection& c) -> Result<std::string> {
    auto row = c.QueryOne("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    if (!row) return std::unexpected(row.error());
    return (*row)->Text(0);
  });
  EXPECT_EQ(ssl, "true");
  // Roots that did not sign the server's certificate (the system's): refused, never made in the clear.
  const std::string system_roots = "/etc/ssl/certs/ca-certificates.crt";
  if (!std::filesystem::exists(system_roots)) return;  // no ca-certificates package: the first half stands
  auto refused =
      PgDatabase::Open({.connection = {.url = server.Url("tls") + "?sslmode=verify-full&sslrootcert=" + system_roots}});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().id, ErrorId::kInfraDatabaseError);
  EXPECT_NE(refused.error().internal_detail.find("certificate"), std::string::npos) << refused.error().internal_detail;
}

TEST_F(PgDatabaseTest, TwoNodesMigratingOneEmptyDatabaseAtOnceApplyEachMigrationOnce) {
  std::vector<EmbeddedFile> files;
  std::vector<std::string> names;
  static std::vector<std::string> texts;  // the views in `files` point here
  texts.clear();
  for (const char* dir : {"migrations", "migrations/postgres", "migrations/sqlite"}) {
    for (const auto& item : std::filesystem::directory_iterator(dir)) {
      if (item.path().extension() != ".sql") continue;
      std::ifstream in(item.path());
      std::stringstream text;
      text << in.rdbuf();
      texts.push_back(text.str());
      const std::string folder(dir);
      names.push_back((folder == "migrations" ? "" : folder.substr(11) + "/") + item.path().filename().string());
    }
  }
  for (std::size_t i = 0; i < texts.size(); ++i) files.push_back({names[i], texts[i]});
  const ManualClock clock;
  auto node_a = Open();
  auto node_b = Open();
  std::atomic<bool> go{false};
  auto migrate = [&](Database& db) {
    while (!go) std::this_thread::yield();
    return Migrator(db, files, clock).Migrate();
  };
  auto a = std::async(std::launch::async, migrate, std::ref(*node_a));
  auto b = std::async(std::launch::async, migrate, std::ref(*node_b));
  go = true;
  auto applied_a = a.get();
  auto applied_b = b.get();
  ASSERT_TRUE(applied_a.has_value()) << applied_a.error().internal_detail;
  ASSERT_TRUE(applied_b.has_value()) << applied_b.error().internal_detail;
  // Every version applied by exactly one of the two, and recorded once.
  std::vector<std::int64_t> both = *applied_a;
  both.insert(both.end(), applied_b->begin(), applied_b->end());
  std::sort(both.begin(), both.end());
  const auto selected = SelectMigrations(files, "postgres");
  ASSERT_TRUE(selected.has_value());
  std::vector<std::int64_t> known;
  for (const auto& migration : *selected) known.push_back(migration.version);
  EXPECT_EQ(both, known);
  auto state = Migrator(*node_a, files, clock).Inspect();
  ASSERT_TRUE(state.has_value()) << state.error().internal_detail;
  EXPECT_TRUE(state->IsCurrent());
  auto recorded = ReadValue(*node_a, [](Connection& c) -> Result<std::int64_t> {
    auto row = c.QueryOne("SELECT COUNT(*) FROM schema_migrations");
    if (!row) return std::unexpected(row.error());
    return (*row)->Int64(0);
  });
  EXPECT_EQ(recorded, static_cast<std::int64_t>(known.size()));
}

}  // namespace
}  // namespace menshen::store::sql
