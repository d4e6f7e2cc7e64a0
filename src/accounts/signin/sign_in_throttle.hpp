// Sign-in throttling that an outsider cannot turn against the owner (docs/security.md, "Sign-in throttling and
// lock-out"). Failures are counted per (account, source address) pair: one source that fails max_failures
// times is refused for that account alone, for lock_duration, doubled at each further lock-out of the same
// pair up to max_lock_duration. Across all sources, an account past max_account_failures refuses the sources
// that never signed in to it, while familiar ones (a success within familiar_ttl) keep signing in. Every
// attempt is counted before the password is compared, atomically, so parallel guesses never pass a limit.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "accounts/signin/lockout.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/kv/kv.hpp"

namespace menshen::accounts {

struct ThrottleOptions {
  int max_failures = 5;  // per (account, source) pair within lock_duration, then that pair is locked out
  std::chrono::seconds lock_duration{15 * 60};
  std::chrono::seconds max_lock_duration{24 * 3600};  // the cap of the doubling delays
  int max_account_failures = 50;                      // across unfamiliar sources within lock_duration
  std::chrono::seconds familiar_ttl{90 * 24 * 3600};  // how long a successful source stays familiar
  int max_ip_failures = 100;                          // per source across accounts within ip_window
  std::chrono::seconds ip_window{15 * 60};
};

// The delay of a pair's `strike`-th lock-out (1 for the first): lock_duration doubled strike - 1 times, never
// above max_lock_duration.
std::chrono::seconds LockOutDelay(std::chrono::seconds lock_duration, std::chrono::seconds max_lock_duration,
                                  std::int64_t strike);

// "in 15 minutes", "in 40 seconds", "in 2 hours": rounded up, for the refusal's detail.
std::string RetryAfterText(std::chrono::milliseconds remaining);

enum class ThrottleVerdict { kAllowed, kPairLocked, kAccountLimited };

// What Admit decided, and what the attempt's outcome must be recorded against.
struct Admission {
  ThrottleVerdict verdict = ThrottleVerdict::kAllowed;
  std::chrono::milliseconds retry_after{0};  // when refused
  std::int64_t pair_count = 0;               // this attempt's number within the pair's window
  bool counted_for_account = false;          // an unfamiliar source's attempt, counted account-wide
};

class SignInThrottle {
 public:
  SignInThrottle(store::kv::Kv& kv, ThrottleOptions options) : kv_(kv), options_(options) {}

  const ThrottleOptions& Options() const { return options_; }

  // authz.ip_restricted once the source has failed max_ip_failures times across accounts. Fails closed: a
  // store error or a counter that is not a number refuses (the caller answers the store's error).
  Status CheckSource(std::string_view ip);
  // Counts the attempt and decides; nothing is compared when the verdict is not kAllowed.
  Result<Admission> Admit(const ThrottleSubject& subject, bool known_account, std::string_view ip);
  // A wrong password (or an unknown account, or one without a password). The lock-out delay when this
  // failure locked the pair out, zero otherwise.
  Result<std::chrono::seconds> RecordFailure(const ThrottleSubject& subject, std::string_view ip,
                                             const Admission& admission);
  // Counts a refused attempt against the source's limit across accounts.
  Status RecordSourceFailure(std::string_view ip);
  // The right password: the pair starts afresh and the source becomes familiar for familiar_ttl.
  Status RecordSuccess(const ThrottleSubject& subject, std::string_view user_id, std::string_view ip,
                       const Admission& admission);

 private:
  std::chrono::milliseconds Remaining(std::string_view key, std::chrono::milliseconds otherwise);

  store::kv::Kv& kv_;
  ThrottleOptions options_;
};

}  // namespace menshen::accounts
