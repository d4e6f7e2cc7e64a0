#include "core/unicode_text.hpp"

#include <gtest/gtest.h>

namespace menshen {
namespace {

TEST(UnicodeText, DecodesWellFormedUtf8) {
  EXPECT_EQ(DecodeUtf8("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"), std::u32string(U"a\u00E9\u4E2D\U0001F600"));
  EXPECT_EQ(DecodeUtf8(""), std::u32string());
}

TEST(UnicodeText, RefusesIllFormedUtf8) {
  EXPECT_FALSE(DecodeUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(DecodeUtf8("\xE4\xB8"));          // truncated
  EXPECT_FALSE(DecodeUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(DecodeUtf8("\xFF"));
  EXPECT_FALSE(FoldCompatible("\xFF"));
}

TEST(UnicodeText, FoldsCompatibilityFormsAndCase) {
  EXPECT_EQ(FoldCompatible("\xEF\xBC\xA1\xEF\xBC\xA4\xEF\xBC\xAD\xEF\xBC\xA9\xEF\xBC\xAE"), "admin");  // ＡＤＭＩＮ
  EXPECT_EQ(FoldCompatible("Stra\xC3\x9F"
                           "e"),
            "strasse");
  EXPECT_EQ(ComposeCanonical("Cafe\xCC\x81"), "Caf\xC3\xA9");  // e + combining acute -> é, case kept
}

TEST(UnicodeText, ClassifiesCharacters) {
  EXPECT_TRUE(IsLetter(U'\u4E2D'));
  EXPECT_TRUE(IsDecimalDigit(U'\u0663'));  // Arabic-Indic three
  EXPECT_TRUE(IsBidiControl(U'\u202E'));
  EXPECT_FALSE(IsBidiControl(U'a'));
  EXPECT_TRUE(IsDefaultIgnorable(U'\u200B'));
  EXPECT_TRUE(IsDefaultIgnorable(U'\u3164'));  // Hangul filler: a "letter" that shows nothing
  EXPECT_FALSE(IsDefaultIgnorable(U'a'));
  EXPECT_TRUE(IsWhitespace(U'\u3000'));
  EXPECT_TRUE(IsUnassignedOrPrivate(U'\uE000'));
}

}  // namespace
}  // namespace menshen
