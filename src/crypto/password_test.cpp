#include "crypto/password.hpp"

#include <gtest/gtest.h>

namespace menshen::crypto {
namespace {

// Small parameters keep the test fast; the algorithm is the same.
constexpr PasswordParams kFast{.memory_bytes = 1024 * 1024, .iterations = 1};

TEST(PasswordHasherTest, VerifiesOnlyTheRightPassword) {
  const PasswordHasher hasher(kFast);
  const auto hash = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.Verify("correct horse battery staple", *hash));
  EXPECT_FALSE(hasher.Verify("correct horse battery stapl", *hash));
  EXPECT_FALSE(hasher.Verify("", *hash));
  EXPECT_FALSE(hasher.Verify("x", "not a hash"));
}

TEST(PasswordHasherTest, SaltsEveryHash) {
  const PasswordHasher hasher(kFast);
  EXPECT_NE(*hasher.Hash("same"), *hasher.Hash("same"));
}

TEST(PasswordHasherTest, OldParametersStillVerifyAndAskForRehash) {
  const PasswordHasher old_hasher(kFast);
  const PasswordHasher new_hasher(PasswordParams{.memory_bytes = 2 * 1024 * 1024, .iterations = 2});
  const auto old_hash = *old_hasher.Hash("pw");
  EXPECT_TRUE(new_hasher.Verify("pw", old_hash));
  EXPECT_TRUE(new_hasher.NeedsRehash(old_hash));
  EXPECT_FALSE(old_hasher.NeedsRehash(old_hash));
}

TEST(PasswordHasherTest, NulBytesAreSignificant) {
  const PasswordHasher hasher(kFast);
  const auto hash = *hasher.Hash(std::string_view("a\0b", 3));
  EXPECT_TRUE(hasher.Verify(std::string_view("a\0b", 3), hash));
  EXPECT_FALSE(hasher.Verify("a", hash));
}

}  // namespace
}  // namespace menshen::crypto
