#include "store/sql/postgres/pg_connection.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "store/sql/database.hpp"
#include "store/sql/postgres/pg_error.hpp"
#include "store/sql/postgres/pg_placeholders.hpp"
#include "store/sql/postgres/pg_statement.hpp"

namespace menshen::store::sql {
namespace {

// Every write transaction takes this transaction-scoped advisory lock: writers are serialised across every
// node, as the Database contract promises and as SQLite does, so read-modify-write work never loses an update.
constexpr std::string_view kWriterLock = "SELECT pg_advisory_xact_lock(7882433139320143)";
constexpr auto kScriptTimeout = std::chrono::minutes(15);

bool ChangesRows(const char* status) {
  for (const char* verb : {"INSERT ", "UPDATE ", "DELETE ", "MERGE "}) {
    if (std::strncmp(status, verb, std::strlen(verb)) == 0) return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const PgConnectionOptions& options) {
  std::unique_ptr<PgConnection> connection(new PgConnection(options));
  if (auto connected = connection->Reconnect(); !connected) return std::unexpected(connected.error());
  return connection;
}

PgConnection::~PgConnection() {
  ++generation_;  // the cached statements die with the session: nothing to tell the server
  cache_.Clear();
}

Status PgConnection::Reconnect() {
  ++generation_;
  cache_.Clear();
  forgotten_.clear();
  link_.reset();
  auto link = PgLink::Connect(options_.url, options_.connect_timeout, options_.statement_timeout);
  if (!link) return std::unexpected(link.error());
  link_ = std::move(*link);
  return {};
}

Deadline PgConnection::StatementDeadline() const {
  // The server stops a statement at statement_timeout; the extra second covers the answer's way back. Past it
  // the server or the network is gone.
  return std::chrono::steady_clock::now() + options_.statement_timeout + std::chrono::seconds(1);
}

bool PgConnection::Reusable() { return link_ != nullptr && link_->LooksAlive(); }

Result<StatementHandle> PgConnection::Prepare(std::string_view sql) {
  if (auto cached = cache_.Take(sql)) return StatementHandle(std::move(cached), &cache_);
  if (link_ == nullptr) return Fail(ErrorId::kInfraDatabaseError, {}, "prepare: not connected");
  const auto numbered = NumberPlaceholders(sql);
  const std::string name = fmt::format("m{}", ++next_name_);
  const auto context = fmt::format("prepare {}", sql);
  auto prepared =
      link_->Run([&](PGconn* conn) { return PQsendPrepare(conn, name.c_str(), numbered.sql.c_str(), 0, nullptr); },
                 StatementDeadline(), context);
  if (!prepared) return std::unexpected(prepared.error());
  // The description gives the column count before the first step, and the server's own parameter count.
  auto described = link_->Run([&](PGconn* conn) { return PQsendDescribePrepared(conn, name.c_str()); },
                              StatementDeadline(), context);
  if (!described) return std::unexpected(described.error());
  auto statement = std::make_unique<PgStatement>(this, generation_, std::string(sql), name, std::move(*described));
  return StatementHandle(std::move(statement), &cache_);
}

Result<PgResult> PgConnection::RunPrepared(const std::string& name, std::uint64_t generation, int count,
                                           const char* const* values, const int* lengths, const int* formats) {
  if (generation != generation_ || link_ == nullptr) {
    return Fail(ErrorId::kInfraDatabaseError, {}, "step: the statement's session is gone");
  }
  auto result = link_->Run(
      [&](PGconn* conn) { return PQsendQueryPrepared(conn, name.c_str(), count, values, lengths, formats, 0); },
      StatementDeadline(), "step");
  if (!result) return result;
  const char* status = PQcmdStatus(result->get());
  if (ChangesRows(status)) {
    std::int64_t rows = 0;
    const std::string_view tuples = PQcmdTuples(result->get());
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), rows);
    rows_changed_ = rows;
  }
  return result;
}

void PgConnection::Forget(const std::string& name, std::uint64_t generation) {
  if (generation == generation_) forgotten_.push_back(name);
}

Status PgConnection::ExecuteScript(std::string_view sql) {
  if (link_ == nullptr) return Fail(ErrorId::kInfraDatabaseError, {}, "script: not connected");
  std::string script = InTransaction() ? "SET LOCAL statement_timeout = 0;\n" : "";
  script.append(sql);
  return ToStatus(link_->Simple(script, std::chrono::steady_clock::now() + kScriptTimeout, "script"));
}

Status PgConnection::Transaction(const std::string& sql, std::string_view context) {
  if (link_ == nullptr) return Fail(ErrorId::kInfraDatabaseError, {}, fmt::format("{}: not connected", context));
  auto done = link_->Simple(sql, StatementDeadline(), context);
  if (!done) return std::unexpected(done.error());
  if (context == "commit" && std::string_view(PQcmdStatus(done->get())) == "ROLLBACK") {
    // PostgreSQL ends a transaction in which a statement failed with a rollback, even when asked to commit.
    return Fail(ErrorId::kInfraDatabaseError, {}, "commit: rolled back after a statement of it had failed");
  }
  return {};
}

Status PgConnection::Begin(TxMode mode) {
  std::string sql;
  for (const auto& name : forgotten_) sql += fmt::format("DEALLOCATE {};\n", name);
  forgotten_.clear();
  // Reads see one snapshot, as SQLite's read transactions do; writes take the writer lock first thing.
  sql += mode == TxMode::kWrite ? fmt::format("BEGIN;\n{}", kWriterLock)
                                : std::string("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (link_ != nullptr && !link_->LooksAlive() && !link_->Broken()) {
    return Fail(ErrorId::kInfraDatabaseError, {}, "begin: the session is already in a transaction");
  }
  if (link_ != nullptr && !link_->Broken()) {
    auto begun = Transaction(sql, "begin");
    if (begun || !link_->Broken()) return begun;
  }
  // The session was dropped (maybe while it sat idle): a fresh one, once, since no work has run yet.
  if (auto reconnected = Reconnect(); !reconnected) return reconnected;
  return Transaction(mode == TxMode::kWrite ? fmt::format("BEGIN;\n{}", kWriterLock)
                                            : std::string("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
                     "begin");
}

Status PgConnection::Commit() { return Transaction("COMMIT", "commit"); }

Status PgConnection::Rollback() { return Transaction("ROLLBACK", "rollback"); }

}  // namespace menshen::store::sql
