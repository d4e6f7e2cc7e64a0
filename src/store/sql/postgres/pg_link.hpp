// One libpq connection driven without blocking past a deadline: connect, send, wait for the answer. A link
// that failed at the transport (refused, reset, no answer in time) is broken and stays broken; its owner
// opens a new one. libpq's own messages never carry the password.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::store::sql {

struct PgResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

using Deadline = std::chrono::steady_clock::time_point;

class PgLink {
 public:
  // Connects to `url` (a postgres:// URL or key=value string; TLS, host lists and the like pass through to
  // libpq) within `timeout`, then sets the session's statement_timeout.
  static Result<std::unique_ptr<PgLink>> Connect(const std::string& url, std::chrono::milliseconds timeout,
                                                 std::chrono::milliseconds statement_timeout);
  PgLink(const PgLink&) = delete;
  PgLink& operator=(const PgLink&) = delete;
  ~PgLink();

  // Sends with `send` (a PQsend* call) and waits until `deadline` for every result. Returns the last result,
  // or the first error as a catalog error (`context` names the work, never the URL).
  Result<PgResult> Run(const std::function<int(PGconn*)>& send, Deadline deadline, std::string_view context);
  // Runs `sql` (one or more statements, no parameters) through the simple query protocol.
  Result<PgResult> Simple(const std::string& sql, Deadline deadline, std::string_view context);

  bool Broken() const;
  // Without waiting: false when the server has closed the link since its last use (a restart, a terminated
  // backend), which an idle connection only learns by reading.
  bool LooksAlive();
  bool InTransaction() const;

 private:
  explicit PgLink(PGconn* conn) : conn_(conn) {}
  Error Fail(std::string_view what, std::string_view context);

  PGconn* conn_;
  bool broken_ = false;
};

}  // namespace menshen::store::sql
