#include "accounts/admin/admin_rules.hpp"

namespace menshen::accounts {

Status CheckIsAdmin(const User& actor) {
  if (actor.status != AccountStatus::kActive) return Fail(ErrorId::kAuthzForbidden, "the account is not active");
  if (actor.role != Role::kAdmin && actor.role != Role::kRoot) {
    return Fail(ErrorId::kAuthzForbidden, "administrators only");
  }
  return {};
}

Status CheckAdminAction(const User& actor, const User& target, AdminAction action) {
  if (action == AdminAction::kRead) return {};
  if (target.status == AccountStatus::kDeleted) return Fail(ErrorId::kAccountDeleted);
  if (action == AdminAction::kDelete && target.role == Role::kRoot) return Fail(ErrorId::kPoolRootUserUndeletable);
  const bool self = actor.id == target.id;
  const bool locks_out = action == AdminAction::kLock || action == AdminAction::kDisable ||
                         action == AdminAction::kDelete || action == AdminAction::kChangeRole;
  if (self && locks_out) return Fail(ErrorId::kAuthzForbidden, "administrators cannot do this to their own account");
  // A reset asks for no current password: on one's own account it would turn a stolen access token into the
  // account for good. The self-service change proves the current password first.
  if (self && action == AdminAction::kResetPassword) {
    return Fail(ErrorId::kAuthzForbidden,
                "change your own password with POST /api/v1/me/password, which asks for the current one");
  }
  if (!self && target.role != Role::kUser && actor.role != Role::kRoot) {
    return Fail(ErrorId::kAuthzForbidden, "only root manages administrators");
  }
  return {};
}

Status CheckRoleGrant(const User& actor, Role role) {
  if (role == Role::kRoot) return Fail(ErrorId::kCommonInvalidParameter, "there is only one root account");
  if (role == Role::kAdmin && actor.role != Role::kRoot) {
    return Fail(ErrorId::kAuthzForbidden, "only root makes administrators");
  }
  return {};
}

}  // namespace menshen::accounts
