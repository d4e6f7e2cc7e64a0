#include "oauth/apps/app_id.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>

namespace menshen::oauth {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

}  // namespace

std::string AppIds::Next() {
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count());
  std::lock_guard lock(mutex_);
  if (ms > last_ms_) {
    std::array<std::uint8_t, 10> bytes{};
    random_.Fill(bytes);
    last_ms_ = ms;
    last_high_ = static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]);
    std::memcpy(&last_low_, bytes.data() + 2, sizeof last_low_);
  } else if (++last_low_ == 0 && ++last_high_ == 0) {
    ++last_ms_;  // the 80 random bits overflowed: carry into the time, as one 128-bit number would
  }
  std::string id(26, '0');
  // Time: 48 bits in the first 10 characters (the top 2 bits of the 50 are zero).
  for (int i = 9; i >= 0; --i) id[static_cast<std::size_t>(i)] = kCrockford[(last_ms_ >> (5 * (9 - i))) & 31];
  // Randomness: 80 bits in the last 16 characters.
  for (int i = 25; i >= 10; --i) {
    const int shift = 5 * (25 - i);
    std::uint64_t bits = 0;
    if (shift >= 64) {
      bits = static_cast<std::uint64_t>(last_high_) >> (shift - 64);
    } else {
      bits = last_low_ >> shift;
      if (shift > 59) bits |= static_cast<std::uint64_t>(last_high_) << (64 - shift);
    }
    id[static_cast<std::size_t>(i)] = kCrockford[bits & 31];
  }
  return id;
}

bool IsAppId(std::string_view text) {
  return text.size() == 26 &&
         std::ranges::all_of(text, [](char c) { return kCrockford.find(c) != std::string_view::npos; });
}

}  // namespace menshen::oauth
