#include "audit/page_cursor.hpp"

#include <gtest/gtest.h>

namespace menshen::audit {
namespace {

ErrorId IdOf(const auto& result) { return result ? ErrorId::kCommonSuccess : result.error().id; }

TEST(PageCursor, RoundTripsAndRefusesForgeries) {
  const PageCursor cursor{1764000000, "AbC-_9"};
  const auto decoded = DecodeCursor(EncodeCursor(cursor));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->time, cursor.time);
  EXPECT_EQ(decoded->id, cursor.id);
  for (const auto* bad : {"", "!!!", "MTIz", "LjEyMw", "eCcgT1IgMT0x"}) {
    EXPECT_EQ(IdOf(DecodeCursor(bad)), ErrorId::kCommonInvalidParameter) << bad;
  }
}

TEST(PageLimit, DefaultsAndBounds) {
  EXPECT_EQ(*ParsePageLimit(std::nullopt), kDefaultPageSize);
  EXPECT_EQ(*ParsePageLimit("100"), 100);
  for (const auto* bad : {"0", "101", "-1", "1x", "99999999999"}) {
    EXPECT_EQ(IdOf(ParsePageLimit(bad)), ErrorId::kCommonInvalidParameter) << bad;
  }
}

}  // namespace
}  // namespace menshen::audit
