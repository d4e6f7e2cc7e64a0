// The account rules as the operator configured them ([accounts] in the config file).
#pragma once

#include "accounts/identity/identifiers.hpp"
#include "accounts/identity/password_policy.hpp"
#include "core/config/config.hpp"

namespace menshen::accounts {

inline UsernamePolicy UsernamePolicyFrom(const AccountsConfig& config) {
  return {.min_length = config.username_min_length, .max_length = config.username_max_length};
}

// The longest password stays the policy default: it bounds work, it is not a rule users meet.
inline PasswordPolicy PasswordPolicyFrom(const AccountsConfig& config) {
  return {.min_length = config.password_min_length, .min_zxcvbn_score = config.password_min_score};
}

}  // namespace menshen::accounts
