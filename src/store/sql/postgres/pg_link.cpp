#include "store/sql/postgres/pg_link.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>

#include "store/sql/postgres/pg_error.hpp"

namespace menshen::store::sql {
namespace {

enum class Ready { kYes, kTimeout, kFailed };

Ready WaitFor(int fd, short events, Deadline deadline) {
  if (fd < 0) return Ready::kFailed;
  while (true) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Ready::kTimeout;
    pollfd item{fd, events, 0};
    const int n = ::poll(&item, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 60'000)));
    if (n > 0) return Ready::kYes;
    if (n < 0 && errno != EINTR) return Ready::kFailed;
  }
}

// Server notices (and the FATAL a terminated backend sends while idle) go to the log, not to stderr.
void LogNotice(void*, const char* message) { spdlog::debug("postgres: {}", message); }

}  // namespace

Result<std::unique_ptr<PgLink>> PgLink::Connect(const std::string& url, std::chrono::milliseconds timeout,
                                                std::chrono::milliseconds statement_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // dbname first, so that the URL is expanded and the settings after it take precedence.
  const char* keys[] = {"dbname", "client_encoding", "application_name", nullptr};
  const char* values[] = {url.c_str(), "UTF8", "menshen", nullptr};
  PGconn* conn = PQconnectStartParams(keys, values, 1);
  if (conn == nullptr) return std::unexpected(PgConnectionError("out of memory", "connect"));
  std::unique_ptr<PgLink> link(new PgLink(conn));
  PQsetNoticeProcessor(conn, LogNotice, nullptr);
  if (PQstatus(conn) == CONNECTION_BAD) return std::unexpected(link->Fail("cannot connect", "connect"));
  auto polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) return std::unexpected(link->Fail("cannot connect", "connect"));
    const short events = polling == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    const auto ready = WaitFor(PQsocket(conn), events, deadline);
    if (ready == Ready::kTimeout) {
      return std::unexpected(PgConnectionError(fmt::format("no connection within {} ms", timeout.count()), "connect"));
    }
    if (ready == Ready::kFailed) return std::unexpected(link->Fail("cannot wait for the socket", "connect"));
    polling = PQconnectPoll(conn);
  }
  if (PQsetnonblocking(conn, 1) != 0) return std::unexpected(link->Fail("cannot switch to nonblocking", "connect"));
  // Hex bytea and exact floats whatever the server's defaults, since the statements read values as text.
  auto set =
      link->Simple(fmt::format("SET statement_timeout = {}; SET bytea_output = 'hex'; SET extra_float_digits = 3",
                               statement_timeout.count()),
                   deadline, "connect");
  if (!set) return std::unexpected(set.error());
  return link;
}

PgLink::~PgLink() { PQfinish(conn_); }

Error PgLink::Fail(std::string_view what, std::string_view context) {
  broken_ = true;
  const char* message = PQerrorMessage(conn_);
  return PgConnectionError(fmt::format("{}: {}", what, message == nullptr ? "" : message), context);
}

Result<PgResult> PgLink::Run(const std::function<int(PGconn*)>& send, Deadline deadline, std::string_view context) {
  if (Broken()) return std::unexpected(PgConnectionError("the connection is broken", context));
  if (send(conn_) == 0) return std::unexpected(Fail("cannot send", context));
  auto timed_out = [&] {
    broken_ = true;  // an answer may still arrive; nobody could tell it from the next one's
    return PgConnectionError("no answer from the server in time", context);
  };
  while (true) {
    const int flushed = PQflush(conn_);
    if (flushed == 0) break;
    if (flushed < 0) return std::unexpected(Fail("cannot send", context));
    const auto ready = WaitFor(PQsocket(conn_), POLLIN | POLLOUT, deadline);
    if (ready == Ready::kTimeout) return std::unexpected(timed_out());
    if (ready == Ready::kFailed || PQconsumeInput(conn_) == 0) return std::unexpected(Fail("cannot send", context));
  }
  PgResult last;
  PgResult failed;
  while (true) {
    while (PQisBusy(conn_) != 0) {
      const auto ready = WaitFor(PQsocket(conn_), POLLIN, deadline);
      if (ready == Ready::kTimeout) return std::unexpected(timed_out());
      if (ready == Ready::kFailed || PQconsumeInput(conn_) == 0) return std::unexpected(Fail("lost", context));
    }
    PgResult result(PQgetResult(conn_));
    if (result == nullptr) break;
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      last = std::move(result);
    } else if (failed == nullptr) {
      failed = std::move(result);
    }
  }
  if (PQstatus(conn_) == CONNECTION_BAD) return std::unexpected(Fail("lost", context));
  if (failed != nullptr) return std::unexpected(MapPgResultError(failed.get(), context));
  if (last == nullptr) return std::unexpected(Fail("no result", context));
  return last;
}

Result<PgResult> PgLink::Simple(const std::string& sql, Deadline deadline, std::string_view context) {
  return Run([&](PGconn* conn) { return PQsendQuery(conn, sql.c_str()); }, deadline, context);
}

bool PgLink::Broken() const { return broken_ || PQstatus(conn_) == CONNECTION_BAD; }

bool PgLink::LooksAlive() {
  if (Broken()) return false;
  pollfd item{PQsocket(conn_), POLLIN, 0};
  if (::poll(&item, 1, 0) > 0) {
    // Idle, the server has nothing to say but a FATAL before it closes: read it and the end of the stream.
    if (PQconsumeInput(conn_) == 0) broken_ = true;
  }
  return !Broken() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool PgLink::InTransaction() const {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

}  // namespace menshen::store::sql
