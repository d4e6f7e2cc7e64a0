// Keys of the sign-in failure counters in store::kv, shared by sign-in (which counts) and administration
// (which clears a temporary lock).
#pragma once

#include <string>
#include <string_view>

namespace menshen::accounts {

inline std::string AccountFailuresKey(std::string_view user_id) {
  return std::string("login_fail:user:").append(user_id);
}
inline std::string IpFailuresKey(std::string_view ip) { return std::string("login_fail:ip:").append(ip); }
inline std::string IpRegistrationsKey(std::string_view ip) { return std::string("register:ip:").append(ip); }

}  // namespace menshen::accounts
