#include "keys/key_encryption.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/test_temp_dir.hpp"
#include "crypto/base64.hpp"

namespace menshen::keys {
namespace {

namespace fs = std::filesystem;

unsigned Mode(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0);
  return info.st_mode & 0777;
}

void WriteFile(const fs::path& path, const std::string& text, fs::perms perms) {
  std::ofstream(path) << text;
  fs::permissions(path, perms);
}

const std::string kKekBase64 = crypto::Base64Encode(std::string(kKekBytes, '\x2a'));

TEST(KeyEncryptionTest, DevelopmentDefaultIsCreatedOwnerOnlyAndReused) {
  const test_support::TempDir dir("menshen-kek-dev");
  SystemRandom random;
  auto first = KeyEncryptionKey::Load({}, dir.Path() / "data", random);
  ASSERT_TRUE(first.has_value()) << first.error().internal_detail;
  EXPECT_EQ(Mode(dir.Path() / "data" / "kek"), 0600u);
  auto second = KeyEncryptionKey::Load({}, dir.Path() / "data", random);
  ASSERT_TRUE(second.has_value());
  const auto sealed = first->Seal("secret", "kid-1", random);
  EXPECT_EQ(second->Open(sealed, "kid-1").value(), "secret");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.Path() / "data"), fs::directory_iterator()), 1);
}

TEST(KeyEncryptionTest, FileReadableByOthersIsRefused) {
  const test_support::TempDir dir("menshen-kek-perms");
  const auto path = dir.Path() / "kek";
  WriteFile(path, kKekBase64 + "\n",
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  auto loaded = KeyEncryptionKey::FromFile(path);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().internal_detail.find("chmod 600"), std::string::npos);
  SystemRandom random;
  EXPECT_FALSE(KeyEncryptionKey::Load({.kek = "", .kek_file = path.string()}, dir.Path(), random).has_value());
  EXPECT_FALSE(KeyEncryptionKey::Load({}, dir.Path(), random).has_value());  // the development file too
  fs::permissions(path, fs::perms::owner_read);
  EXPECT_TRUE(KeyEncryptionKey::FromFile(path).has_value());
}

TEST(KeyEncryptionTest, ConfiguredKeyMustBeThirtyTwoBytesOfBase64) {
  SystemRandom random;
  EXPECT_TRUE(KeyEncryptionKey::Load({.kek = kKekBase64, .kek_file = ""}, "/nonexistent", random).has_value());
  EXPECT_TRUE(KeyEncryptionKey::FromBase64(" " + kKekBase64 + "\n").has_value());
  EXPECT_FALSE(KeyEncryptionKey::FromBase64(crypto::Base64Encode(std::string(16, 'a'))).has_value());
  EXPECT_FALSE(KeyEncryptionKey::FromBase64("not base64!").has_value());
  EXPECT_FALSE(KeyEncryptionKey::FromBase64("").has_value());
  EXPECT_FALSE(KeyEncryptionKey::Load({.kek = kKekBase64, .kek_file = "/x"}, "/nonexistent", random).has_value());
}

TEST(KeyEncryptionTest, SealOpenRoundTripWithFreshNonces) {
  SystemRandom random;
  const auto kek = KeyEncryptionKey::FromBase64(kKekBase64).value();
  const auto a = kek.Seal("private key", "kid-1", random);
  const auto b = kek.Seal("private key", "kid-1", random);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find("private key"), std::string::npos);
  EXPECT_EQ(kek.Open(a, "kid-1").value(), "private key");
  EXPECT_EQ(kek.Open(b, "kid-1").value(), "private key");
  EXPECT_EQ(kek.Open(kek.Seal("", "kid-1", random), "kid-1").value(), "");
}

TEST(KeyEncryptionTest, WrongKekKeyIdOrBytesFailCleanly) {
  SystemRandom random;
  const auto kek = KeyEncryptionKey::FromBase64(kKekBase64).value();
  const auto other = KeyEncryptionKey::FromBytes(std::string(kKekBytes, '\x07')).value();
  auto sealed = kek.Seal("private key", "kid-1", random);
  auto wrong_kek = other.Open(sealed, "kid-1");
  ASSERT_FALSE(wrong_kek.has_value());
  EXPECT_EQ(wrong_kek.error().id, ErrorId::kCommonInternalError);
  EXPECT_FALSE(kek.Open(sealed, "kid-2").has_value());
  EXPECT_FALSE(kek.Open(sealed.substr(0, 20), "kid-1").has_value());
  EXPECT_FALSE(kek.Open("", "kid-1").has_value());
  sealed[sealed.size() - 1] ^= 1;
  EXPECT_FALSE(kek.Open(sealed, "kid-1").has_value());
}

}  // namespace
}  // namespace menshen::keys
