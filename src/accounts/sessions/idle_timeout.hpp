// The idle limit beside a session's or a refresh token's absolute lifetime: a credential nobody has used
// for the limit is refused, so that a copy taken from a device left alone does not work for a month.
#pragma once

#include <chrono>
#include <cstdint>

namespace menshen::accounts {

// True when something last used at `last_used_at` (seconds) has been idle for `limit` or more at `now`.
// A zero limit never expires anything: only the absolute lifetime applies.
constexpr bool IdleTooLong(std::int64_t last_used_at, std::int64_t now, std::chrono::seconds limit) {
  return limit.count() > 0 && now - last_used_at >= limit.count();
}

}  // namespace menshen::accounts
