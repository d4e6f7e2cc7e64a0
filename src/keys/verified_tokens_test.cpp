#include "keys/verified_tokens.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace menshen::keys {
namespace {

struct Who {
  std::string user_id;
  std::string session_id;
};
const Who kMei{"user-1", "session-1"};

TEST(VerifiedTokenCache, RemembersUntilTheTokenExpires) {
  VerifiedTokenCache<Who> cache;
  const auto keys = std::make_shared<int>(1);
  EXPECT_FALSE(cache.Find("token-a", keys, 100));
  cache.Remember("token-a", keys, 100, 200, kMei);
  const auto found = cache.Find("token-a", keys, 150);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, "user-1");
  EXPECT_EQ(found->session_id, "session-1");
  EXPECT_TRUE(cache.Find("token-a", keys, 200));
  EXPECT_FALSE(cache.Find("token-a", keys, 201));
  EXPECT_FALSE(cache.Find("token-a", keys, 150)) << "an expired entry is gone, not revived";
}

TEST(VerifiedTokenCache, OnlyTheExactTokenMatches) {
  VerifiedTokenCache<Who> cache;
  const auto keys = std::make_shared<int>(1);
  cache.Remember("header.payload.signature", keys, 0, 100, kMei);
  EXPECT_FALSE(cache.Find("header.payload.signaturX", keys, 1));
  EXPECT_FALSE(cache.Find("header.payload.signature ", keys, 1));
  EXPECT_FALSE(cache.Find("", keys, 1));
}

TEST(VerifiedTokenCache, ANewKeySetForgetsEverything) {
  VerifiedTokenCache<Who> cache;
  const auto old_keys = std::make_shared<int>(1);
  const auto new_keys = std::make_shared<int>(2);
  cache.Remember("token-a", old_keys, 0, 100, kMei);
  // Verified under the old set, unknown under the new one: a withdrawn key stops working at once.
  EXPECT_FALSE(cache.Find("token-a", new_keys, 1));
  cache.Remember("token-a", new_keys, 1, 100, kMei);
  EXPECT_TRUE(cache.Find("token-a", new_keys, 2));
}

TEST(VerifiedTokenCache, StaysWithinItsCapacity) {
  VerifiedTokenCache<Who> cache(32);  // two per shard
  const auto keys = std::make_shared<int>(1);
  for (int i = 0; i < 1000; ++i) cache.Remember("token-" + std::to_string(i), keys, 0, 100, kMei);
  int remembered = 0;
  for (int i = 0; i < 1000; ++i) remembered += cache.Find("token-" + std::to_string(i), keys, 1) ? 1 : 0;
  EXPECT_LE(remembered, 32);
  EXPECT_GT(remembered, 0);
  EXPECT_TRUE(cache.Find("token-999", keys, 1)) << "the newest entry is always kept";
}

}  // namespace
}  // namespace menshen::keys
