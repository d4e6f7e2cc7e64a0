// The first administrator: created once, on the first start against an empty database.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "crypto/password.hpp"
#include "store/sql/database.hpp"

namespace menshen::accounts {

struct CreatedRoot {
  std::string username;
  std::string password;  // shown to the operator once, stored only as its hash
};

// Creates the root administrator with a random password unless one exists. Safe when several
// nodes start at once: exactly one creates it, the others see it and return nullopt.
Result<std::optional<CreatedRoot>> EnsureRootAdmin(store::sql::Database& db, const crypto::PasswordHasher& hasher,
                                                   Random& random, const Clock& clock);

}  // namespace menshen::accounts
