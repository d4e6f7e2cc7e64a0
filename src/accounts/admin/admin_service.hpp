// Administration of accounts: search and read, create, change, lock and unlock, disable and enable, reset
// passwords, delete, and the audit trail. Every call reads the acting administrator from the database and
// passes the rules of admin_rules.hpp before it touches anything; every change is audited.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "accounts/admin/admin_rules.hpp"
#include "accounts/admin/user_search.hpp"
#include "accounts/identity/new_user.hpp"
#include "accounts/service.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "accounts/users/user_repo.hpp"
#include "audit/audit_log.hpp"

namespace menshen::accounts {

inline constexpr std::size_t kMaxBatchIds = 80;  // seed 004: at most 80 users per batch lookup

struct CreateUserInput {
  RegisterInput fields;  // password optional: such an account cannot sign in with a password until given one
  Role role = Role::kUser;
};

// Absent members stay as they are; a present empty optional clears the value.
struct AdminPatch {
  std::optional<std::optional<std::string>> username;
  std::optional<std::optional<std::string>> email;
  std::optional<std::optional<std::string>> phone;
  std::vector<std::pair<std::string, std::string>> profile;  // profile fields (profile_fields.hpp); "" clears
  std::optional<Role> role;
  std::optional<std::optional<std::int64_t>> account_expires_at;   // Unix seconds
  std::optional<std::optional<std::int64_t>> password_expires_at;  // Unix seconds
};

struct BatchResult {
  std::vector<User> users;           // in the order asked
  std::vector<std::string> missing;  // ids with no account
};

enum class StateChange { kLock, kUnlock, kDisable, kEnable };

class AdminService {
 public:
  AdminService(store::sql::Database& db, store::kv::Kv& kv, AccountsService& accounts, crypto::HashingPool& hashing,
               audit::AuditLog& audit, const Clock& clock, Random& random, NewUserRules rules)
      : db_(db),
        kv_(kv),
        accounts_(accounts),
        hashing_(hashing),
        audit_(audit),
        clock_(clock),
        random_(random),
        rules_(std::move(rules)) {}

  // authz.forbidden unless the principal is an active administrator now; routes call it before they look
  // at the request's parameters, so that a non-administrator learns nothing from their validation.
  Status Authorize(const Principal& actor);
  Result<UserPage> ListUsers(const Principal& actor, const UserSearch& search,
                             const std::optional<audit::PageCursor>& after, int limit);
  // pagination.batch_limit_exceeded over 80 ids.
  Result<BatchResult> BatchGet(const Principal& actor, std::span<const std::string> ids);
  Result<User> GetUser(const Principal& actor, std::string_view id);
  Result<User> CreateUser(const Principal& actor, const CreateUserInput& input, const audit::RequestContext& context);
  Result<User> UpdateUser(const Principal& actor, std::string_view id, const AdminPatch& patch,
                          const audit::RequestContext& context);
  // pool.user_delete_failed for an id with no account; its sessions end at once.
  Status DeleteUser(const Principal& actor, std::string_view id, const audit::RequestContext& context);
  // Locking and disabling end the account's sessions at once; unlocking also clears a temporary lockout.
  Result<User> ChangeState(const Principal& actor, std::string_view id, StateChange change,
                           const audit::RequestContext& context);
  // `temporary`: the user must choose a new password at the next sign-in (password.expired until then).
  Status ResetPassword(const Principal& actor, std::string_view id, std::string_view password, bool temporary,
                       const audit::RequestContext& context);
  Result<audit::AuditPage> ListAudit(const Principal& actor, const audit::AuditFilter& filter,
                                     const std::optional<audit::PageCursor>& after, int limit);

 private:
  // The acting account as stored now, if it may administer at all.
  Result<User> Actor(const Principal& principal);
  struct Pair {
    User actor;
    User target;
  };
  // Actor and target, and the rule for `action` between them; common.not_found for an unknown target.
  Result<Pair> ActorAndTarget(const Principal& principal, std::string_view id, AdminAction action);
  Result<std::optional<User>> FindUser(std::string_view id);
  Result<std::vector<ColumnUpdate>> PatchColumns(const User& actor, const User& target, const AdminPatch& patch);
  void Audit(const audit::RequestContext& context, std::string action, const Principal& actor, std::string_view target,
             const Status& outcome);
  std::int64_t Now() const;

  store::sql::Database& db_;
  store::kv::Kv& kv_;
  AccountsService& accounts_;
  crypto::HashingPool& hashing_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  NewUserRules rules_;
};

}  // namespace menshen::accounts
