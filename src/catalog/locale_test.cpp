#include "catalog/locale.hpp"

#include <gtest/gtest.h>

namespace menshen::catalog {
namespace {

TEST(ParseLocale, AcceptsChineseAndEnglishTags) {
  EXPECT_EQ(ParseLocale("zh"), Locale::kZhCn);
  EXPECT_EQ(ParseLocale("zh-CN"), Locale::kZhCn);
  EXPECT_EQ(ParseLocale("zh-Hans"), Locale::kZhCn);
  EXPECT_EQ(ParseLocale("ZH_cn"), Locale::kZhCn);
  EXPECT_EQ(ParseLocale("en"), Locale::kEn);
  EXPECT_EQ(ParseLocale(" en-US "), Locale::kEn);
}

TEST(ParseLocale, RejectsOtherTags) {
  EXPECT_EQ(ParseLocale("fr"), std::nullopt);
  EXPECT_EQ(ParseLocale(""), std::nullopt);
  EXPECT_EQ(ParseLocale("eng"), std::nullopt);
  EXPECT_EQ(ParseLocale("en-"), std::nullopt);
  EXPECT_EQ(ParseLocale("*"), std::nullopt);
}

TEST(ParseAcceptLanguage, PicksTheFirstSupportedLanguage) {
  EXPECT_EQ(ParseAcceptLanguage("en-US,en;q=0.9", Locale::kZhCn), Locale::kEn);
  EXPECT_EQ(ParseAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8", Locale::kEn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage("fr-FR, zh-Hans;q=0.5", Locale::kEn), Locale::kZhCn);
}

TEST(ParseAcceptLanguage, HonoursQualityValues) {
  EXPECT_EQ(ParseAcceptLanguage("zh;q=0.2, en;q=0.8", Locale::kZhCn), Locale::kEn);
  EXPECT_EQ(ParseAcceptLanguage("en;q=0.5, zh;q=0.500", Locale::kEn), Locale::kEn);  // tie: first wins
  EXPECT_EQ(ParseAcceptLanguage("en;q=0, zh;q=0.1", Locale::kEn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage("en;q=0", Locale::kZhCn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage("en;Q=1.0", Locale::kZhCn), Locale::kEn);
}

TEST(ParseAcceptLanguage, FallsBackOnUnknownOrMalformedInput) {
  EXPECT_EQ(ParseAcceptLanguage("", Locale::kEn), Locale::kEn);
  EXPECT_EQ(ParseAcceptLanguage("*", Locale::kZhCn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage("de, fr;q=0.9", Locale::kEn), Locale::kEn);
  EXPECT_EQ(ParseAcceptLanguage("en;q=2", Locale::kZhCn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage("en;q=abc", Locale::kZhCn), Locale::kZhCn);
  EXPECT_EQ(ParseAcceptLanguage(",,;;", Locale::kEn), Locale::kEn);
}

}  // namespace
}  // namespace menshen::catalog
