// The operator's way out of any lock, without the API or an administrator's token: `menshen users unlock`.
#pragma once

#include <string_view>

#include "accounts/identity/identifiers.hpp"
#include "accounts/users/model.hpp"
#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "store/sql/database.hpp"

namespace menshen::accounts {

struct OperatorUnlocked {
  User before;                  // the account as it was, to report what was lifted
  std::int64_t generation = 0;  // the new lockout generation
};

// Finds the account by username, e-mail or phone (read as sign-in reads its "account" field) and lifts every
// lock: status locked, locked_until, and the sign-in throttle's counters (a new lockout generation, which
// running servers read with the account on its next sign-in). A disablement stays. auth.user_not_found for a
// name without an account. Audited as admin.user.unlock with no actor.
Result<OperatorUnlocked> OperatorUnlock(store::sql::Database& db, audit::AuditLog& audit, const Clock& clock,
                                        std::string_view account, std::string_view phone_region,
                                        const UsernamePolicy& policy);

}  // namespace menshen::accounts
