// The checks every new account passes, whether the user registers or an administrator creates it:
// identifiers parsed and normalised, nickname and password rules, before anything is hashed or written.
#pragma once

#include <optional>
#include <string>

#include "accounts/identity/identifiers.hpp"
#include "accounts/identity/password_policy.hpp"
#include "accounts/users/model.hpp"
#include "core/error.hpp"

namespace menshen::accounts {

struct RegisterInput {
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> password;
  std::optional<std::string> nickname;
};

struct NewUserRules {
  UsernamePolicy username;
  PasswordPolicy password;
  std::string phone_region = "CN";
  // An administrator may create an account without a password (it signs in some other way, or is given
  // one later); a user registering always sets one.
  bool password_required = true;
};

// The account `input` describes, without id, hash or times; the first rule broken answers its catalog error.
Result<User> PrepareNewUser(const RegisterInput& input, const NewUserRules& rules);

}  // namespace menshen::accounts
