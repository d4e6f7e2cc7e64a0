#include "http/form.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

TEST(FormTest, DecodesPairsInOrder) {
  Fields out;
  ASSERT_TRUE(ParseUrlEncoded("a=1&b=hello+world&c=%E9%97%A8&flag&&d=", 10, out));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(out[1].second, "hello world");
  EXPECT_EQ(out[2].second, "门");
  EXPECT_EQ(out[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(out[4].first, "d");
}

TEST(FormTest, RefusesTooManyParameters) {
  Fields out;
  const auto result = ParseUrlEncoded("a=1&b=2&c=3", 2, out);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().id, ErrorId::kGatewayTooManyParameters);
}

TEST(FormTest, RefusesBadEscapesAndInvalidUtf8) {
  Fields out;
  for (const auto* text : {"a=%", "a=%4", "a=%zz", "%=1", "a=%ff%fe"}) {
    const auto result = ParseUrlEncoded(text, 10, out);
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error().id, ErrorId::kCommonInvalidParameter) << text;
  }
}

TEST(FormTest, PlusStaysInPaths) {
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%41", false), "A");
}

TEST(FormTest, DecodesEscapesBetweenLongRuns) {
  const std::string run(40, 'x');
  EXPECT_EQ(PercentDecode(run + "%2F" + run + "+" + run, true), run + "/" + run + " " + run);
  EXPECT_EQ(PercentDecode("%41%42" + run, true), "AB" + run);
  EXPECT_EQ(PercentDecode(run + "%", true), std::nullopt);
  EXPECT_EQ(PercentDecode(run + "%4", true), std::nullopt);
  EXPECT_EQ(PercentDecode(run + "%4G", true), std::nullopt);
}

}  // namespace
}  // namespace menshen::http
