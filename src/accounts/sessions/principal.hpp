// Who a valid access token of menshen's own API speaks for.
#pragma once

#include <string>

#include "accounts/users/model.hpp"

namespace menshen::accounts {

struct Principal {
  std::string user_id;
  std::string session_id;
  Role role = Role::kUser;
};

}  // namespace menshen::accounts
