// `menshen users ...`: account operations for the operator, straight on the database, without the API.
#pragma once

#include <string>

#include "core/config/config.hpp"

namespace menshen::app {

// Lifts every lock of the account named `name` (username, e-mail or phone) and prints what it did; a running
// server sees it on the account's next sign-in. Returns the exit code: 1 for a name without an account.
int UnlockUser(const Config& config, const std::string& name);

}  // namespace menshen::app
