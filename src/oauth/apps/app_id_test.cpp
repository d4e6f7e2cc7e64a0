#include "oauth/apps/app_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace menshen::oauth {
namespace {

// All ones, so that every bit of the random part shows in the encoding.
class OnesRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override { std::ranges::fill(out, 0xff); }
};

TEST(AppIdTest, SortsInCreationOrderEvenWithinOneMillisecond) {
  ManualClock clock;
  SystemRandom random;
  AppIds ids(clock, random);
  std::vector<std::string> made;
  for (int i = 0; i < 50; ++i) {
    made.push_back(ids.Next());
    if (i % 10 == 0) clock.Advance(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(std::ranges::is_sorted(made));
  EXPECT_EQ(std::ranges::adjacent_find(made), made.end());
  for (const auto& id : made) EXPECT_TRUE(IsAppId(id)) << id;
}

TEST(AppIdTest, EncodesTimeThenRandomness) {
  ManualClock clock(ManualClock::TimePoint{std::chrono::milliseconds(1'700'000'000'000)});
  OnesRandom ones;
  AppIds ids(clock, ones);
  const auto id = ids.Next();
  EXPECT_EQ(id, "01HF7YAT00ZZZZZZZZZZZZZZZZ");
  // The next one in the same millisecond overflows the random part and carries into the time.
  EXPECT_EQ(ids.Next(), "01HF7YAT010000000000000000");
  EXPECT_FALSE(IsAppId("01HF7YAT00ZZZZZZZZZZZZZZZ"));
  EXPECT_FALSE(IsAppId("01HF7YAT00ZZZZZZZZZZZZZZZI"));
}

}  // namespace
}  // namespace menshen::oauth
