#include "oauth/apps/client_secret.hpp"

#include <gtest/gtest.h>

#include <set>

namespace menshen::oauth {
namespace {

TEST(ClientSecretTest, Has256BitsAndMatchesOnlyItself) {
  SystemRandom random;
  const auto secret = GenerateClientSecret(random);
  EXPECT_EQ(secret.size(), 43u);  // 32 bytes, unpadded base64url
  const auto hash = HashClientSecret(secret);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_TRUE(ClientSecretMatches(secret, hash));
  EXPECT_FALSE(ClientSecretMatches(secret + "x", hash));
  EXPECT_FALSE(ClientSecretMatches("", hash));
  EXPECT_FALSE(ClientSecretMatches(secret, hash.substr(1)));
  std::set<std::string> many;
  for (int i = 0; i < 100; ++i) many.insert(GenerateClientSecret(random));
  EXPECT_EQ(many.size(), 100u);
}

TEST(ClientSecretTest, HashIsSha256Hex) {
  EXPECT_EQ(HashClientSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace menshen::oauth
