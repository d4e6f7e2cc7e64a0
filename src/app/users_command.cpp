#include "app/users_command.hpp"

#include <fmt/core.h>

#include "accounts/operator_unlock.hpp"
#include "accounts/rules_config.hpp"
#include "app/logging.hpp"
#include "app/storage.hpp"
#include "core/random.hpp"
#include "store/sql/migrator.hpp"

namespace menshen::app {

int UnlockUser(const Config& config, const std::string& name) {
  SetupLogging(config.log.level);
  SystemClock clock;
  SystemRandom random;
  auto db = OpenDatabase(config);
  if (!db) {
    fmt::print(stderr, "cannot open the database: {}\n", db.error().internal_detail);
    return 1;
  }
  // The lockout generation column arrived with a migration: a database older than this binary gets it now.
  store::sql::Migrator migrator(**db, Migrations(), clock);
  if (auto applied = migrator.Migrate(); !applied) {
    fmt::print(stderr, "migration failed: {}\n", applied.error().internal_detail);
    return 1;
  }
  accounts::AuditLog audit(**db, clock, random);
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
