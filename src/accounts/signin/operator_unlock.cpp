#include "accounts/signin/operator_unlock.hpp"

#include "accounts/users/user_repo.hpp"

namespace menshen::accounts {

Result<OperatorUnlocked> OperatorUnlock(store::sql::Database& db, audit::AuditLog& audit, const Clock& clock,
                                        std::string_view account, std::string_view phone_region,
                                        const UsernamePolicy& policy) {
  auto classified = ClassifyAccount(account, phone_region, policy);
  if (!classified) return Fail(ErrorId::kAuthUserNotFound, "no account has that name");
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  std::optional<OperatorUnlocked> unlocked;
  auto written = db.Write([&](store::sql::Connection& c) -> Status {
    auto found = FindUserByAccount(c, classified->kind, classified->normalized);
    if (!found) return std::unexpected(found.error());
    if (!*found) return {};
    auto lifted = LiftLockout(c, (*found)->id, now);
    if (!lifted) return std::unexpected(lifted.error());
    const auto generation = (*found)->lockout_generation + 1;
    unlocked = OperatorUnlocked{.before = std::move(**found), .generation = generation};
    return {};
  });
  if (!written) return std::unexpected(written.error());
  if (!unlocked) return Fail(ErrorId::kAuthUserNotFound, "no account has that name");
  audit.Record(audit::RequestContext{}, {.action = "admin.user.unlock",
                                         .outcome = "success",
                                         .target_id = unlocked->before.id,
                                         .detail = "by the operator command: menshen users unlock"});
  return *unlocked;
}

}  // namespace menshen::accounts
