// The reading half of AdminService (lists, lookups, the audit trail) and the checks every call shares.
#include "accounts/admin/admin_service.hpp"

#include <fmt/core.h>

#include <unordered_map>

#include "audit/page_cursor.hpp"

namespace menshen::accounts {

std::int64_t AdminService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

Result<std::optional<User>> AdminService::FindUser(std::string_view id) {
  // Ids are base64url tokens; anything else names no account and need not reach the database.
  if (id.empty() || id.size() > 64) return std::optional<User>{};
  return store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return FindUserById(c, id); });
}

Result<User> AdminService::Actor(const Principal& principal) {
  auto actor = FindUser(principal.user_id);
  if (!actor) return std::unexpected(actor.error());
  if (!actor->has_value()) return Fail(ErrorId::kAuthzForbidden, "the account is gone");
  if (auto ok = CheckIsAdmin(**actor); !ok) return std::unexpected(ok.error());
  return std::move(**actor);
}

Status AdminService::Authorize(const Principal& principal) { return store::sql::ToStatus(Actor(principal)); }

Result<AdminService::Pair> AdminService::ActorAndTarget(const Principal& principal, std::string_view id,
                                                        AdminAction action) {
  auto actor = Actor(principal);
  if (!actor) return std::unexpected(actor.error());
  auto target = FindUser(id);
  if (!target) return std::unexpected(target.error());
  if (!target->has_value()) {
    return Fail(action == AdminAction::kDelete ? ErrorId::kPoolUserDeleteFailed : ErrorId::kAuthUserNotFound,
                "no user with that id");
  }
  if (auto ok = CheckAdminAction(*actor, **target, action); !ok) return std::unexpected(ok.error());
  return Pair{std::move(*actor), std::move(**target)};
}

void AdminService::Audit(const audit::RequestContext& context, std::string action, const Principal& actor,
                         std::string_view target, const Status& outcome) {
  audit_.Record(context, {.action = std::move(action),
                          .outcome = outcome ? "success" : std::string(ToString(outcome.error().id)),
                          .actor_id = actor.user_id,
                          .target_id = std::string(target)});
}

Result<UserPage> AdminService::ListUsers(const Principal& actor, const UserSearch& search,
                                         const std::optional<audit::PageCursor>& after, int limit) {
  if (auto ok = Actor(actor); !ok) return std::unexpected(ok.error());
  return store::sql::ReadValue(db_,
                               [&](store::sql::Connection& c) { return accounts::ListUsers(c, search, after, limit); });
}

Result<BatchResult> AdminService::BatchGet(const Principal& actor, std::span<const std::string> ids) {
  if (auto ok = Actor(actor); !ok) return std::unexpected(ok.error());
  if (ids.empty()) return Fail(ErrorId::kCommonMissingParameter, "ids is empty");
  if (ids.size() > kMaxBatchIds) {
    return Fail(ErrorId::kPaginationBatchLimitExceeded, fmt::format("at most {} ids at once", kMaxBatchIds));
  }
  auto found = store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return FindUsersByIds(c, ids); });
  if (!found) return std::unexpected(found.error());
  std::unordered_map<std::string, User> by_id;
  for (auto& user : *found) {
    if (user.status != AccountStatus::kDeleted) by_id.emplace(user.id, std::move(user));
  }
  BatchResult result;
  for (const auto& id : ids) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      result.missing.push_back(id);
    } else {
      result.users.push_back(it->second);
    }
  }
  return result;
}

Result<User> AdminService::GetUser(const Principal& actor, std::string_view id) {
  auto pair = ActorAndTarget(actor, id, AdminAction::kRead);
  if (!pair) return std::unexpected(pair.error());
  return std::move(pair->target);
}

Result<audit::AuditPage> AdminService::ListAudit(const Principal& actor, const audit::AuditFilter& filter,
                                                 const std::optional<audit::PageCursor>& after, int limit) {
  if (auto ok = Actor(actor); !ok) return std::unexpected(ok.error());
  return audit_.List(filter, after, limit);
}

}  // namespace menshen::accounts
