#include "store/sql/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>

#include "store/sql/sqlite/sqlite_error.hpp"
#include "store/sql/sqlite/sqlite_statement.hpp"

namespace menshen::store::sql {
namespace {

bool OnlyWhitespace(std::string_view text) { return text.find_first_not_of(" \t\r\n;") == std::string_view::npos; }

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 const SqliteConnectionOptions& options) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time; the database object serialises.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MapSqliteError(rc, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc), "open " + path);
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, options.statement_cache_size));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  // WAL lets readers run beside the writer; NORMAL sync in WAL is durable at every checkpoint and
  // never corrupts, at a fraction of FULL's fsyncs.
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
  if (options.read_only) {
    pragmas += " PRAGMA query_only=ON;";
  } else {
    pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
  }
  if (auto ok = connection->Exec(pragmas, "configure " + path); !ok) return std::unexpected(ok.error());
  return connection;
}

SqliteConnection::~SqliteConnection() {
  cache_.Clear();  // statements must be finalised before the connection closes
  sqlite3_close_v2(db_);
}

Status SqliteConnection::Exec(const std::string& sql, std::string_view what) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string text = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return std::unexpected(MapSqliteError(sqlite3_extended_errcode(db_), text, what));
}

Result<StatementHandle> SqliteConnection::Prepare(std::string_view sql) {
  if (auto cached = cache_.Take(sql)) return StatementHandle(std::move(cached), &cache_);
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, &tail);
  if (rc != SQLITE_OK) {
    return std::unexpected(
        MapSqliteError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), fmt::format("prepare {}", sql)));
  }
  if (statement == nullptr || !OnlyWhitespace(std::string_view(tail, sql.data() + sql.size()))) {
    sqlite3_finalize(statement);
    return Fail(ErrorId::kInfraDatabaseError, {}, fmt::format("prepare wants exactly one statement: {}", sql));
  }
  return StatementHandle(std::make_unique<SqliteStatement>(db_, statement, std::string(sql)), &cache_);
}

Status SqliteConnection::ExecuteScript(std::string_view sql) { return Exec(std::string(sql), "script"); }

std::int64_t SqliteConnection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t SqliteConnection::RowsChanged() const { return sqlite3_changes64(db_); }

Status SqliteConnection::Begin(TxMode mode) {
  // IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a write transaction
  // never meets SQLITE_BUSY half-way through, when it could no longer be retried.
  return Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", "begin");
}

Status SqliteConnection::Commit() { return Exec("COMMIT", "commit"); }

Status SqliteConnection::Rollback() { return Exec("ROLLBACK", "rollback"); }

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace menshen::store::sql
