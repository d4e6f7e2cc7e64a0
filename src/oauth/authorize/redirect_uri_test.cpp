#include "oauth/authorize/redirect_uri.hpp"

#include <gtest/gtest.h>

namespace menshen::oauth {
namespace {

TEST(RedirectUri, ExactMatchOnly) {
  const std::vector<std::string> registered = {"https://app.example.com/cb"};
  EXPECT_TRUE(RedirectUriMatches(registered, "https://app.example.com/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://app.example.com/cb/"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://app.example.com/cb?x=1"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://APP.example.com/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://app.example.com:443/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://app.example.com.evil.com/cb"));
}

TEST(RedirectUri, LoopbackMayChangeThePortOnly) {
  const std::vector<std::string> registered = {"http://127.0.0.1/cb", "http://[::1]:8080/cb", "http://localhost/cb"};
  EXPECT_TRUE(RedirectUriMatches(registered, "http://127.0.0.1:51234/cb"));
  EXPECT_TRUE(RedirectUriMatches(registered, "http://127.0.0.1/cb"));
  EXPECT_TRUE(RedirectUriMatches(registered, "http://[::1]:9/cb"));
  EXPECT_TRUE(RedirectUriMatches(registered, "http://localhost:3000/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "http://127.0.0.1:51234/other"));
  EXPECT_FALSE(RedirectUriMatches(registered, "http://127.0.0.2:51234/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "http://127.0.0.1:5x/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "https://127.0.0.1:443/cb"));
  EXPECT_FALSE(RedirectUriMatches(registered, "http://127.0.0.1@evil.com/cb"));
  EXPECT_FALSE(RedirectUriMatches({"https://app.example.com/cb"}, "https://app.example.com:8443/cb"));
}

TEST(RedirectUri, WithQueryEncodesAndKeepsAnExistingQuery) {
  EXPECT_EQ(WithQuery("https://a.example/cb", {{"code", "x y"}, {"state", "a&b=c"}}),
            "https://a.example/cb?code=x%20y&state=a%26b%3Dc");
  EXPECT_EQ(WithQuery("https://a.example/cb?tenant=1", {{"code", "k"}}), "https://a.example/cb?tenant=1&code=k");
  EXPECT_EQ(WithQuery("https://a.example/cb?", {{"code", "k"}}), "https://a.example/cb?code=k");
  EXPECT_EQ(PercentEncode("中"), "%E4%B8%AD");
}

}  // namespace
}  // namespace menshen::oauth
