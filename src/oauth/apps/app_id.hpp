// Application ids (the OAuth client_id): ULIDs, 48 bits of milliseconds then 80 random bits in Crockford
// base32, so that ids sort in creation order and a newest-first listing needs no finer clock than seconds.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"

namespace menshen::oauth {

class AppIds {
 public:
  AppIds(const Clock& clock, Random& random) : clock_(clock), random_(random) {}
  // 26 characters. Within one millisecond (or if the clock steps back) the random part counts up, so ids
  // from this process always increase.
  std::string Next();

 private:
  const Clock& clock_;
  Random& random_;
  std::mutex mutex_;
  std::uint64_t last_ms_ = 0;
  std::uint16_t last_high_ = 0;  // random bits 79..64
  std::uint64_t last_low_ = 0;   // random bits 63..0
};

// True for 26 characters of Crockford base32 (upper case).
bool IsAppId(std::string_view text);

}  // namespace menshen::oauth
