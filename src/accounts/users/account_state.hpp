// Whether an account may sign in now: its status, a temporary lock, its own expiry and its password's age.
// Pure rules: sign-in, refresh and every token check ask the same question.
#pragma once

#include <chrono>
#include <cstdint>

#include "accounts/users/model.hpp"
#include "core/error.hpp"

namespace menshen::accounts {

// True when the password must be changed before the next sign-in: past its own expiry (an administrator's
// temporary password), or older than `max_age` (zero: passwords do not age). Aged by the policy in force
// now, so that tightening it applies to passwords set before.
bool PasswordExpired(const User& user, std::chrono::seconds max_age, std::int64_t now);

// The account states that refuse a sign-in: locked, disabled, deleted, expired; password.expired comes
// last, so that only an account that could otherwise sign in is told to change its password.
Status CheckCanSignIn(const User& user, std::chrono::seconds password_max_age, std::int64_t now);

}  // namespace menshen::accounts
