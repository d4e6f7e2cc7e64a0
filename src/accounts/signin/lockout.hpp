// Keys of the sign-in and registration counters in store::kv, shared by sign-in (which counts) and
// administration (which lifts a lock by moving the account's lockout generation on).
#pragma once

#include <fmt/core.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace menshen::accounts {

// Whose failures a counter holds: an account's id and lockout generation, or, for a name that matches no
// account, a digest of the name (generation 0), so that unknown names are throttled exactly like known ones.
// A new generation (users.lockout_generation, bumped by an unlock) starts every counter of the account
// afresh, also in a running server's in-process store that an operator command cannot reach.
struct ThrottleSubject {
  std::string id;
  std::int64_t generation = 0;
};

inline std::string PairFailuresKey(const ThrottleSubject& s, std::string_view ip) {
  return fmt::format("login_fail:pair:{}:{}:{}", s.id, s.generation, ip);
}
inline std::string PairLockKey(const ThrottleSubject& s, std::string_view ip) {
  return fmt::format("login_lock:pair:{}:{}:{}", s.id, s.generation, ip);
}
inline std::string PairStrikesKey(const ThrottleSubject& s, std::string_view ip) {
  return fmt::format("login_strikes:pair:{}:{}:{}", s.id, s.generation, ip);
}
inline std::string AccountFailuresKey(const ThrottleSubject& s) {
  return fmt::format("login_fail:user:{}:{}", s.id, s.generation);
}
// A source that signed in to the account before; not tied to the generation: an unlock forgets no device.
inline std::string FamiliarSourceKey(std::string_view user_id, std::string_view ip) {
  return fmt::format("login_ok:{}:{}", user_id, ip);
}
inline std::string IpFailuresKey(std::string_view ip) { return std::string("login_fail:ip:").append(ip); }
inline std::string IpRegistrationsKey(std::string_view ip) { return std::string("register:ip:").append(ip); }
// Server-wide today; per user pool once pools exist.
inline std::string PoolRegistrationsKey(std::string_view pool) { return std::string("register:pool:").append(pool); }

}  // namespace menshen::accounts
