// The audit trail: who did what to whom, when, from where, and how it ended. Every sign-in (success or
// failure), lock, logout, password change and admin action is written here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/page_cursor.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/sql/database.hpp"

namespace menshen::audit {

// Where a request came from; threaded through the service for audit records and rate limits.
struct RequestContext {
  std::string ip;
  std::string request_id;
  std::string user_agent;
};

struct AuditEvent {
  std::string action;   // "login", "logout", "register", "password.change", "admin.lock" ...
  std::string outcome;  // "success" or the canonical error id
  std::string actor_id;
  std::string target_id;
  std::string detail;
};

struct AuditRecord {
  std::string id;
  std::int64_t created_at = 0;
  std::string actor_id;
  std::string action;
  std::string target_id;
  std::string outcome;
  std::string ip;
  std::string request_id;
  std::string detail;
};

// Empty members do not filter.
struct AuditFilter {
  std::string actor_id;
  std::string target_id;
  std::string action;
};

struct AuditPage {
  std::vector<AuditRecord> items;
  std::optional<PageCursor> next;
};

class AuditLog {
 public:
  AuditLog(store::sql::Database& db, const Clock& clock, Random& random) : db_(db), clock_(clock), random_(random) {}
  // Writes in its own transaction. A failure is logged, never turned into the caller's failure: losing the
  // audit row must not turn a correct sign-in into an error (the access log still has the request).
  void Record(const RequestContext& context, const AuditEvent& event);
  // Newest first, `limit` at a time, after `after` (the last record of the page before).
  Result<AuditPage> List(const AuditFilter& filter, const std::optional<PageCursor>& after, int limit) const;

 private:
  store::sql::Database& db_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace menshen::audit
