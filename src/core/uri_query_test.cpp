#include "core/uri_query.hpp"

#include <gtest/gtest.h>

namespace menshen {
namespace {

TEST(UriQuery, WithQueryEncodesAndKeepsAnExistingQuery) {
  EXPECT_EQ(WithQuery("https://a.example/cb", {{"code", "x y"}, {"state", "a&b=c"}}),
            "https://a.example/cb?code=x%20y&state=a%26b%3Dc");
  EXPECT_EQ(WithQuery("https://a.example/cb?tenant=1", {{"code", "k"}}), "https://a.example/cb?tenant=1&code=k");
  EXPECT_EQ(WithQuery("https://a.example/cb?", {{"code", "k"}}), "https://a.example/cb?code=k");
  EXPECT_EQ(PercentEncode("中"), "%E4%B8%AD");
}

}  // namespace
}  // namespace menshen
