#include "app/users_command.hpp"

#include <fmt/core.h>

#include "accounts/identity/rules_config.hpp"
#include "accounts/signin/operator_unlock.hpp"
#include "app/logging.hpp"
#include "app/storage.hpp"
#include "core/random.hpp"

namespace menshen::app {

int UnlockUser(const Config& config, const std::string& name) {
  SetupLogging(config.log.level);
  SystemClock clock;
  SystemRandom random;
  // The lockout generation column arrived with a migration: a database older than this binary gets it now.
  auto opened = OpenMigratedDatabase(config, clock);
  if (!opened) {
    fmt::print(stderr, "{}: {}\n", opened.error().public_detail, opened.error().internal_detail);
    return 1;
  }
  auto& db = opened->db;
  audit::AuditLog audit(**db, clock, random);
  auto unlocked = accounts::OperatorUnlock(**db, audit, clock, name, config.accounts.phone_default_region,
                                           accounts::UsernamePolicyFrom(config.accounts));
  if (!unlocked) {
    if (unlocked.error().id == ErrorId::kAuthUserNotFound) {
      fmt::print(stderr, "no account named {}\n", name);
    } else {
      fmt::print(stderr, "cannot unlock {}: {}\n", name, unlocked.error().internal_detail);
    }
    return 1;
  }
  const auto& user = unlocked->before;
  fmt::print("unlocked {} (id {}): ", name, user.id);
  if (user.status == accounts::AccountStatus::kLocked) fmt::print("administrator's lock lifted; ");
  if (user.locked_until) fmt::print("temporary lock cleared; ");
  fmt::print("sign-in failure counters reset (lockout generation {})\n", unlocked->generation);
  if (user.status == accounts::AccountStatus::kDisabled) {
    fmt::print("note: the account stays disabled; enabling it is a separate decision\n");
  }
  return 0;
}

}  // namespace menshen::app
