#include "core/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace menshen {
namespace {

TEST(Base64UrlTest, MatchesRfc4648Vectors) {
  auto enc = [](std::string_view s) {
    return Base64UrlEncode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  };
  EXPECT_EQ(enc(""), "");
  EXPECT_EQ(enc("f"), "Zg");
  EXPECT_EQ(enc("fo"), "Zm8");
  EXPECT_EQ(enc("foo"), "Zm9v");
  EXPECT_EQ(enc("foob"), "Zm9vYg");
  EXPECT_EQ(enc("\xfb\xff"), "-_8");
}

TEST(SystemRandomTest, TokensAreDistinctAndSized) {
  SystemRandom random;
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(random.Token(32));
  EXPECT_EQ(tokens.size(), 100u);
  EXPECT_EQ(random.Token(32).size(), 43u);
  EXPECT_EQ(random.Hex(8).size(), 16u);
}

}  // namespace
}  // namespace menshen
