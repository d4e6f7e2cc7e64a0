#include "crypto/base64.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <string>

namespace menshen::crypto {
namespace {

// libsodium's strict decoder, the reference the hand-written one must agree with.
std::optional<std::string> SodiumDecode(std::string_view text, int variant) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

TEST(Base64Test, DecodesTheRfc4648Vectors) {
  EXPECT_EQ(Base64Decode(""), "");
  EXPECT_EQ(Base64Decode("Zg=="), "f");
  EXPECT_EQ(Base64Decode("Zm8="), "fo");
  EXPECT_EQ(Base64Decode("Zm9v"), "foo");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg"), "foob");
  EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf");
  EXPECT_EQ(Base64Decode("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64Test, RefusesWhatIsNotStrictlyBase64) {
  for (const char* text : {"Zg", "Zg=", "Zg===", "Z===", "Zh==", "Zm9=", "Zm9v=", "Zm 9v", "Zm9v\n", "-_-_"}) {
    EXPECT_FALSE(Base64Decode(text)) << text;
  }
  for (const char* text : {"Z", "Zg==", "Zh", "Zm9", "+/+/", "Zm9v.", "Zm9 "})
    EXPECT_FALSE(Base64UrlDecode(text)) << text;
}

// libsodium 1.0.18 compares the characters as signed chars, so bytes above 0x7f can pass for '/' or '_';
// here they are refused like every other byte outside the alphabet.
TEST(Base64Test, RefusesBytesAboveAscii) {
  for (int high = 0x80; high <= 0xff; ++high) {
    const std::string text = std::string("Zm9") + static_cast<char>(high);
    EXPECT_FALSE(Base64Decode(text)) << high;
    EXPECT_FALSE(Base64UrlDecode(text)) << high;
  }
}

TEST(Base64Test, AgreesWithLibsodiumOnRandomInput) {
  std::mt19937 random(20261204);
  const std::string alphabet = "ABCXYZabcxyz0189+/-_= .\n\x7f";
  for (int round = 0; round < 100000; ++round) {
    std::string text(random() % 13, 'A');
    for (auto& c : text) c = alphabet[random() % alphabet.size()];
    EXPECT_EQ(Base64Decode(text), SodiumDecode(text, sodium_base64_VARIANT_ORIGINAL)) << text;
    EXPECT_EQ(Base64UrlDecode(text), SodiumDecode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) << text;
  }
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 70, '\0');
    for (auto& c : bytes) c = static_cast<char>(random());
    const auto encoded = Base64Encode(bytes);
    EXPECT_EQ(Base64Decode(encoded), bytes);
  }
}

}  // namespace
}  // namespace menshen::crypto
