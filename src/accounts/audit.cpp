#include "accounts/audit.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace menshen::accounts {

void AuditLog::Record(const RequestContext& context, const AuditEvent& event) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  auto nullable = [](const std::string& s) { return s.empty() ? store::sql::Value(nullptr) : store::sql::Value(s); };
  const auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO audit_events (id, created_at, actor_id, action, target_id, outcome, ip, request_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {random_.Token(16), now, nullable(event.actor_id), event.action, nullable(event.target_id), event.outcome,
         nullable(context.ip), nullable(context.request_id), nullable(event.detail)});
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
  if (!written) {
    spdlog::error("audit event {} for request {} not written: {}", event.action, context.request_id,
                  written.error().internal_detail);
  }
}

}  // namespace menshen::accounts
