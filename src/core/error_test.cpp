#include "core/error.hpp"

#include <gtest/gtest.h>

#include <set>

namespace menshen {
namespace {

TEST(ErrorIdTest, DottedIdsRoundTripAndAreUnique) {
  std::set<std::string_view> seen;
  for (const auto id : AllErrorIds()) {
    const auto dotted = ToString(id);
    EXPECT_TRUE(seen.insert(dotted).second) << "duplicate id " << dotted;
    const auto parsed = ParseErrorId(dotted);
    ASSERT_TRUE(parsed.has_value()) << dotted;
    EXPECT_EQ(*parsed, id);
  }
  EXPECT_GE(seen.size(), 135u);
}

TEST(ErrorIdTest, UnknownIdDoesNotParse) {
  EXPECT_FALSE(ParseErrorId("no.such_error").has_value());
  EXPECT_FALSE(ParseErrorId("").has_value());
}

TEST(ResultTest, FailCarriesIdAndDetails) {
  Result<int> r = Fail(ErrorId::kAuthPasswordWrong, "public", "internal");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, ErrorId::kAuthPasswordWrong);
  EXPECT_EQ(r.error().public_detail, "public");
  EXPECT_EQ(r.error().internal_detail, "internal");
}

}  // namespace
}  // namespace menshen
