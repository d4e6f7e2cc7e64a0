// Behaviour every Kv must have; instantiated per implementation (see kv_contract.hpp).
#include "store/kv/kv_contract.hpp"

#include <fmt/format.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace menshen::store::kv {
namespace {

using std::chrono::milliseconds;

std::optional<std::string> GetOr(Kv& kv, std::string_view key) {
  auto value = kv.Get(key);
  EXPECT_TRUE(value.has_value());
  return value ? *value : std::nullopt;
}

TEST_P(KvContract, SetGetDelete) {
  EXPECT_EQ(GetOr(*kv_, "k"), std::nullopt);
  ASSERT_TRUE(kv_->Set("k", "v1"));
  EXPECT_EQ(GetOr(*kv_, "k"), "v1");
  ASSERT_TRUE(kv_->Set("k", "v2"));
  EXPECT_EQ(GetOr(*kv_, "k"), "v2");
  EXPECT_EQ(kv_->Delete("k"), true);
  EXPECT_EQ(kv_->Delete("k"), false);
  EXPECT_EQ(GetOr(*kv_, "k"), std::nullopt);
}

TEST_P(KvContract, ValuesAreBinarySafeAndEmptyIsNotMissing) {
  const std::string raw("a\0b\xff", 4);
  ASSERT_TRUE(kv_->Set("raw", raw));
  ASSERT_TRUE(kv_->Set("empty", ""));
  EXPECT_EQ(GetOr(*kv_, "raw"), raw);
  EXPECT_EQ(GetOr(*kv_, "empty"), "");
}

TEST_P(KvContract, KeysExpireAfterTheirTtl) {
  ASSERT_TRUE(kv_->Set("code", "123456", milliseconds(1000)));
  Pass(milliseconds(900));
  EXPECT_EQ(GetOr(*kv_, "code"), "123456");
  Pass(milliseconds(200));
  EXPECT_EQ(GetOr(*kv_, "code"), std::nullopt);
  EXPECT_EQ(kv_->Delete("code"), false);
}

TEST_P(KvContract, TtlReportsMissingPersistentAndRemaining) {
  auto missing = kv_->Ttl("nothing");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->state, TtlState::kMissing);

  ASSERT_TRUE(kv_->Set("forever", "x"));
  EXPECT_EQ(kv_->Ttl("forever")->state, TtlState::kPersistent);

  ASSERT_TRUE(kv_->Set("soon", "x", milliseconds(5000)));
  Pass(milliseconds(1000));
  auto soon = kv_->Ttl("soon");
  ASSERT_TRUE(soon.has_value());
  EXPECT_EQ(soon->state, TtlState::kExpiring);
  EXPECT_LE(soon->remaining, milliseconds(4000));
  EXPECT_GT(soon->remaining, milliseconds(3500));

  ASSERT_TRUE(kv_->Set("soon", "y"));  // a plain Set clears the TTL
  EXPECT_EQ(kv_->Ttl("soon")->state, TtlState::kPersistent);
}

TEST_P(KvContract, ExpireChangesOrRemovesTheTtl) {
  EXPECT_EQ(kv_->Expire("missing", milliseconds(10)), false);
  ASSERT_TRUE(kv_->Set("k", "v"));
  EXPECT_EQ(kv_->Expire("k", milliseconds(1000)), true);
  EXPECT_EQ(kv_->Ttl("k")->state, TtlState::kExpiring);
  EXPECT_EQ(kv_->Expire("k", kNoExpiry), true);
  EXPECT_EQ(kv_->Ttl("k")->state, TtlState::kPersistent);
  EXPECT_EQ(kv_->Expire("k", milliseconds(500)), true);
  Pass(milliseconds(600));
  EXPECT_EQ(GetOr(*kv_, "k"), std::nullopt);
}

TEST_P(KvContract, NegativeTtlIsRefused) {
  auto set = kv_->Set("k", "v", milliseconds(-1));
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().id, ErrorId::kInfraCacheError);
  EXPECT_FALSE(kv_->SetIfAbsent("k", "v", milliseconds(-1)).has_value());
  EXPECT_FALSE(kv_->Increment("k", 1, milliseconds(-1)).has_value());
  EXPECT_EQ(GetOr(*kv_, "k"), std::nullopt);
}

TEST_P(KvContract, SetIfAbsentStoresOnlyOnceUntilExpiry) {
  EXPECT_EQ(kv_->SetIfAbsent("nonce", "first", milliseconds(1000)), true);
  EXPECT_EQ(kv_->SetIfAbsent("nonce", "second", milliseconds(1000)), false);
  EXPECT_EQ(GetOr(*kv_, "nonce"), "first");
  Pass(milliseconds(1100));
  EXPECT_EQ(kv_->SetIfAbsent("nonce", "third"), true);
  EXPECT_EQ(GetOr(*kv_, "nonce"), "third");
}

TEST_P(KvContract, SetIfAbsentHasExactlyOneWinnerAmongSixteenThreads) {
  constexpr int kThreads = 16;
  constexpr int kKeys = 50;
  std::vector<std::atomic<int>> winners(kKeys);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kKeys; ++k) {
        auto won = kv_->SetIfAbsent(fmt::format("once:{}", k), std::to_string(t), milliseconds(60'000));
        if (!won) ++errors;
        if (won && *won) ++winners[k];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  for (int k = 0; k < kKeys; ++k) EXPECT_EQ(winners[k].load(), 1) << "key " << k;
}

TEST_P(KvContract, IncrementCountsAndKeepsTheWindowOfTheFirstCall) {
  EXPECT_EQ(kv_->Increment("fails", 1, milliseconds(1000)), 1);
  Pass(milliseconds(600));
  EXPECT_EQ(kv_->Increment("fails", 1, milliseconds(1000)), 2);
  EXPECT_EQ(kv_->Increment("fails", 5), 7);
  EXPECT_EQ(kv_->Increment("fails", -8), -1);
  auto ttl = kv_->Ttl("fails");
  ASSERT_TRUE(ttl.has_value());
  EXPECT_EQ(ttl->state, TtlState::kExpiring);
  EXPECT_LE(ttl->remaining, milliseconds(400));
  Pass(milliseconds(500));
  EXPECT_EQ(kv_->Increment("fails", 1, milliseconds(1000)), 1);  // a new window
  EXPECT_EQ(kv_->Increment("plain"), 1);
  EXPECT_EQ(kv_->Ttl("plain")->state, TtlState::kPersistent);
}

TEST_P(KvContract, IncrementRefusesNonIntegersAndOverflow) {
  ASSERT_TRUE(kv_->Set("word", "abc"));
  auto word = kv_->Increment("word");
  ASSERT_FALSE(word.has_value());
  EXPECT_EQ(word.error().id, ErrorId::kInfraCacheError);
  EXPECT_EQ(GetOr(*kv_, "word"), "abc");

  ASSERT_TRUE(kv_->Set("big", "9223372036854775807"));
  auto big = kv_->Increment("big");
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().id, ErrorId::kInfraCacheError);

  ASSERT_TRUE(kv_->Set("number", "41"));
  EXPECT_EQ(kv_->Increment("number"), 42);
  EXPECT_EQ(GetOr(*kv_, "number"), "42");
}

TEST_P(KvContract, IncrementIsExactUnderSixteenThreads) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 1000;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!kv_->Increment("hits", 1, milliseconds(600'000))) ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(GetOr(*kv_, "hits"), std::to_string(kThreads * kPerThread));
}

TEST_P(KvContract, KeyCapRefusesNewKeysButNotUpdates) {
  if (!GetParam().enforces_key_cap) GTEST_SKIP() << "the server's own limit applies";
  for (std::size_t i = 0; i < kMaxKeys; ++i) ASSERT_TRUE(kv_->Set(fmt::format("k{}", i), "v")) << i;
  auto over = kv_->Set("one-more", "v");
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().id, ErrorId::kInfraCacheError);
  EXPECT_FALSE(kv_->SetIfAbsent("one-more", "v").has_value());
  EXPECT_FALSE(kv_->Increment("one-more").has_value());
  EXPECT_TRUE(kv_->Set("k0", "updated"));  // existing keys stay writable
  EXPECT_EQ(kv_->Delete("k1"), true);
  EXPECT_TRUE(kv_->Set("one-more", "v"));
}

TEST_P(KvContract, ExpiredKeysMakeRoomUnderTheCap) {
  if (!GetParam().enforces_key_cap) GTEST_SKIP() << "the server's own limit applies";
  for (std::size_t i = 0; i < kMaxKeys; ++i) {
    ASSERT_TRUE(kv_->Set(fmt::format("t{}", i), "v", milliseconds(1000))) << i;
  }
  EXPECT_FALSE(kv_->Set("late", "v").has_value());
  Pass(milliseconds(1001));
  EXPECT_TRUE(kv_->Set("late", "v"));
  for (std::size_t i = 1; i < kMaxKeys; ++i) ASSERT_TRUE(kv_->Set(fmt::format("n{}", i), "v")) << i;
}

TEST_P(KvContract, GenerationsGrowAndAreSharedByName) {
  auto first = kv_->OpenGeneration("apps");
  auto second = kv_->OpenGeneration("apps");
  auto other = kv_->OpenGeneration("users");
  EXPECT_EQ(first->Current().value(), 0);
  EXPECT_EQ(first->Bump().value(), 1);
  EXPECT_EQ(second->Current().value(), 1) << "another handle on the same name sees the bump";
  EXPECT_EQ(second->Bump().value(), 2);
  EXPECT_EQ(first->Current().value(), 2);
  EXPECT_EQ(other->Current().value(), 0) << "names are separate counters";
  EXPECT_EQ(kv_->Get("apps").value(), std::nullopt) << "counters are not keys";
}

TEST_P(KvContract, GenerationBumpsAreExactUnderSixteenThreads) {
  auto generation = kv_->OpenGeneration("apps");
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      auto mine = kv_->OpenGeneration("apps");
      for (int i = 0; i < 100; ++i) ASSERT_TRUE(mine->Bump());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(generation->Current().value(), 1600);
}

}  // namespace
}  // namespace menshen::store::kv
