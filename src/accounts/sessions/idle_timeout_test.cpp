#include "accounts/sessions/idle_timeout.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace menshen::accounts {
namespace {

std::int64_t Seconds(const ManualClock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

TEST(IdleTimeout, UsedWithinTheLimitStaysAliveAndIdleOnceTheLimitHasPassed) {
  ManualClock clock;
  const auto last_used = Seconds(clock);
  constexpr std::chrono::seconds kLimit{7 * 24 * 3600};
  clock.Advance(kLimit - std::chrono::seconds(1));
  EXPECT_FALSE(IdleTooLong(last_used, Seconds(clock), kLimit));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(IdleTooLong(last_used, Seconds(clock), kLimit));
}

TEST(IdleTimeout, ZeroLimitLeavesOnlyTheAbsoluteLifetime) {
  ManualClock clock;
  const auto last_used = Seconds(clock);
  clock.Advance(std::chrono::hours(24 * 365));
  EXPECT_FALSE(IdleTooLong(last_used, Seconds(clock), std::chrono::seconds(0)));
}

}  // namespace
}  // namespace menshen::accounts
