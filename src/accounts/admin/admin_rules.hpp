// Who may administer whom: pure rules over the acting and the target account, so that every admin endpoint
// answers the same refusal for the same situation.
#pragma once

#include "accounts/users/model.hpp"
#include "core/error.hpp"

namespace menshen::accounts {

enum class AdminAction { kRead, kUpdate, kChangeRole, kResetPassword, kLock, kUnlock, kDisable, kEnable, kDelete };

// The actor is an active admin or root; authz.forbidden otherwise. Roles are read from the database for
// every admin call, so a demoted administrator's unexpired token grants nothing.
Status CheckIsAdmin(const User& actor);

// Reading is open to every administrator. Changing: nobody deletes root (pool.root_user_undeletable); only
// root changes root or another administrator; nobody locks, disables, deletes, re-roles themselves or resets
// their own password (that is POST /api/v1/me/password, which proves the current one); a
// deleted account can only be read (account.deleted). Everything else refused is authz.forbidden.
Status CheckAdminAction(const User& actor, const User& target, AdminAction action);

// Granting `role` on create or update: only root makes administrators, and there is one root
// (common.invalid_parameter).
Status CheckRoleGrant(const User& actor, Role role);

}  // namespace menshen::accounts
