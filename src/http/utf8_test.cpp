#include "http/utf8.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("门神 guardian 😀"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
}

TEST(Utf8Test, RefusesMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe9\x97"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
}

TEST(Utf8Test, FindsABadByteAnywhereInALongAsciiRun) {
  for (std::size_t at = 0; at < 24; ++at) {
    std::string text(24, 'a');
    text[at] = '\xff';
    EXPECT_FALSE(IsValidUtf8(text)) << at;
    text.replace(at, 1, "\xe9\x97\xa8");  // 门
    EXPECT_TRUE(IsValidUtf8(text)) << at;
    text.erase(at + 2, 1);  // now truncated
    EXPECT_FALSE(IsValidUtf8(text)) << at;
  }
}

}  // namespace
}  // namespace menshen::http
