// MemoryKv: the Kv contract, and how it frees expired keys.
#include "store/kv/memory/memory_kv.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/kv/kv_contract.hpp"

namespace menshen::store::kv {
namespace {

using std::chrono::milliseconds;

KvBackend MemoryBackend() {
  return {.name = "Memory", .make = [](const Clock& clock, std::size_t max_keys) -> std::unique_ptr<Kv> {
            return std::make_unique<MemoryKv>(clock, max_keys);
          }};
}

INSTANTIATE_TEST_SUITE_P(MemoryKv, KvContract, ::testing::Values(MemoryBackend()), KvBackendName);

TEST(MemoryKvTest, ExpiredKeysAreFreedByEverydayCallsWithoutBeingTouched) {
  ManualClock clock;
  MemoryKv kv(clock, 10'000);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(kv.Set(fmt::format("old{}", i), "v", milliseconds(10)));
  ASSERT_TRUE(kv.Set("live", "v"));
  EXPECT_EQ(kv.Size(), 1001u);
  clock.Advance(milliseconds(11));
  // Each call frees a bounded handful, so the work per call stays small...
  ASSERT_TRUE(kv.Get("live"));
  EXPECT_GT(kv.Size(), 900u);
  // ...and traffic over every shard frees them all.
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(kv.Get(fmt::format("probe{}", i)));
  EXPECT_EQ(kv.Size(), 1u);
}

TEST(MemoryKvTest, TouchingAnExpiredKeyFreesIt) {
  ManualClock clock;
  MemoryKv kv(clock, 10);
  ASSERT_TRUE(kv.Set("a", "v", milliseconds(5)));
  clock.Advance(milliseconds(5));
  EXPECT_EQ(kv.Size(), 1u);
  EXPECT_EQ(*kv.Get("a"), std::nullopt);
  EXPECT_EQ(kv.Size(), 0u);
}

TEST(MemoryKvTest, TtlIsRoundedUpSoALiveKeyNeverReportsZero) {
  ManualClock clock;
  MemoryKv kv(clock, 10);
  ASSERT_TRUE(kv.Set("a", "v", milliseconds(1)));
  clock.Advance(std::chrono::microseconds(999));
  auto ttl = kv.Ttl("a");
  ASSERT_TRUE(ttl.has_value());
  EXPECT_EQ(ttl->state, TtlState::kExpiring);
  EXPECT_EQ(ttl->remaining, milliseconds(1));
}

}  // namespace
}  // namespace menshen::store::kv
