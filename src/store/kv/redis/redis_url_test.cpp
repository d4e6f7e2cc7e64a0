// The Redis URL: every part the operator may write, and refusals that never repeat the password.
#include "store/kv/redis/redis_url.hpp"

#include <gtest/gtest.h>

namespace menshen::store::kv {
namespace {

TEST(RedisUrlTest, HostAloneTakesTheDefaultPortAndDatabase) {
  auto url = ParseRedisUrl("redis://cache.internal");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6379);
  EXPECT_EQ(url->db, 0);
  EXPECT_EQ(url->password, "");
}

TEST(RedisUrlTest, PasswordPortAndDatabaseAreRead) {
  auto url = ParseRedisUrl("redis://:s3cret@10.0.0.5:6380/3");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->host, "10.0.0.5");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->db, 3);
  EXPECT_EQ(url->user, "");
  EXPECT_EQ(url->password, "s3cret");
}

TEST(RedisUrlTest, AclUserAndPercentEncodedPasswordAreDecoded) {
  auto url = ParseRedisUrl("redis://menshen:p%40ss%3Aw%2Fd@[::1]:7000/");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->user, "menshen");
  EXPECT_EQ(url->password, "p@ss:w/d");
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 7000);
  EXPECT_EQ(url->db, 0);
}

TEST(RedisUrlTest, RedactedFormNeverShowsThePassword) {
  EXPECT_EQ(ParseRedisUrl("redis://:hunter2@kv:6380/2")->Redacted(), "redis://:***@kv:6380/2");
  EXPECT_EQ(ParseRedisUrl("redis://app:hunter2@[::1]")->Redacted(), "redis://app:***@[::1]:6379/0");
  EXPECT_EQ(ParseRedisUrl("redis://kv")->Redacted(), "redis://kv:6379/0");
}

TEST(RedisUrlTest, MalformedUrlsAreRefusedWithoutThePassword) {
  for (const char* bad : {"redis://", "redis://:hunter2@", "redis://kv:0", "redis://kv:65536", "redis://kv:port",
                          "redis://:hunter2@kv/db", "redis://kv/-1", "redis://kv?timeout=1", "redis://[::1",
                          "redis://k v", "redis://:hunter2%zz@kv", "rediss://kv", "http://kv"}) {
    auto url = ParseRedisUrl(bad);
    ASSERT_FALSE(url.has_value()) << bad;
    EXPECT_EQ(url.error().id, ErrorId::kInfraCacheError);
    EXPECT_EQ(url.error().internal_detail.find("hunter2"), std::string::npos) << url.error().internal_detail;
  }
}

}  // namespace
}  // namespace menshen::store::kv
