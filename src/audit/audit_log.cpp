#include "audit/audit_log.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace menshen::audit {

void AuditLog::Record(const RequestContext& context, const AuditEvent& event) {
  const auto at = clock_.Now();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  const auto id = random_.TimeOrderedId(at);  // events within one second still list in order
  auto nullable = [](const std::string& s) { return s.empty() ? store::sql::Value(nullptr) : store::sql::Value(s); };
  const auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO audit_events (id, created_at, actor_id, action, target_id, outcome, ip, request_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {id, now, nullable(event.actor_id), event.action, nullable(event.target_id), event.outcome,
         nullable(context.ip), nullable(context.request_id), nullable(event.detail)});
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
  if (!written) {
    spdlog::error("audit event {} for request {} not written: {}", event.action, context.request_id,
                  written.error().internal_detail);
  }
}

Result<AuditPage> AuditLog::List(const AuditFilter& filter, const std::optional<PageCursor>& after, int limit) const {
  std::string sql =
      "SELECT id, created_at, actor_id, action, target_id, outcome, ip, request_id, detail FROM audit_events "
      "WHERE 1 = 1";
  store::sql::Params params;
  for (const auto& [column, value] : {std::pair{"actor_id", &filter.actor_id},
                                      std::pair{"target_id", &filter.target_id}, std::pair{"action", &filter.action}}) {
    if (value->empty()) continue;
    sql.append(" AND ").append(column).append(" = ?");
    params.emplace_back(*value);
  }
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {after->time, after->time, after->id});
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit) + 1);
  auto rows = store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return c.Query(sql, params); });
  if (!rows) return std::unexpected(rows.error());
  auto text = [](const store::sql::Row& row, std::size_t i) { return row.IsNull(i) ? std::string{} : row.Text(i); };
  AuditPage page;
  for (const auto& row : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = PageCursor{page.items.back().created_at, page.items.back().id};
      break;
    }
    page.items.push_back(AuditRecord{.id = row.Text(0),
                                     .created_at = row.Int64(1),
                                     .actor_id = text(row, 2),
                                     .action = row.Text(3),
                                     .target_id = text(row, 4),
                                     .outcome = row.Text(5),
                                     .ip = text(row, 6),
                                     .request_id = text(row, 7),
                                     .detail = text(row, 8)});
  }
  return page;
}

}  // namespace menshen::audit
