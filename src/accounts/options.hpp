// What every accounts service is built from: the operator's rules ([accounts] and [login] in the config) and
// the stores it shares with the other modules.
#pragma once

#include <chrono>
#include <string>

#include "accounts/identity/identifiers.hpp"
#include "accounts/identity/password_policy.hpp"
#include "accounts/signin/sign_in_throttle.hpp"
#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/hashing_pool.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::accounts {

struct AccountsOptions {
  UsernamePolicy username;
  PasswordPolicy password;
  std::string phone_region = "CN";
  // false: unknown account and wrong password answer one auth.invalid_credentials, with the same timing.
  bool reveal_unknown_user = false;
  ThrottleOptions throttle;                          // sign-in limits per (account, source), per account and per source
  std::chrono::seconds session_ttl{30 * 24 * 3600};  // a refresh token lives as long as its session may
  // A session unused this long ends at its next refresh or page (idle_timeout.hpp); zero: no idle limit.
  std::chrono::seconds session_idle_timeout{0};
  int max_sessions_per_user = 100;  // a sign-in beyond it ends the oldest sessions
  // A password older than this must be changed before the next sign-in; zero: passwords do not age.
  std::chrono::seconds password_max_age{0};
  bool registration_enabled = true;
  int max_registrations_per_ip = 20;  // within registration_window; zero: no limit
  // Across all sources within registration_window (server-wide until user pools exist); zero: no limit.
  int max_registrations_per_window = 1000;
  std::chrono::seconds registration_window{3600};
};

// The stores the accounts services read and write, shared with the other modules.
struct AccountsStores {
  store::sql::Database& db;
  store::kv::Kv& kv;
  crypto::HashingPool& hashing;
  audit::AuditLog& audit;
  const Clock& clock;
  Random& random;
};

}  // namespace menshen::accounts
