#include "http/router.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

Response Named(std::string name) {
  Response response;
  response.body = std::move(name);
  return response;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/healthz", [](Request&) { return Named("health"); });
    router_.Add(Method::kGet, "/users/{id}", [](Request&) { return Named("get"); });
    router_.Add(Method::kDelete, "/users/{id}", [](Request&) { return Named("delete"); });
    router_.Add(Method::kPost, "/users/{id}/lock", [](Request&) { return Named("lock"); });
    router_.Add(Method::kGet, "/users/me", [](Request&) { return Named("me"); });
  }
  Router router_;
};

TEST_F(RouterTest, LiteralRoutesWinOverCaptures) {
  const auto match = router_.Match(Method::kGet, "/users/me");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/users/me");
}

TEST_F(RouterTest, CapturesAreDecoded) {
  const auto match = router_.Match(Method::kPost, "/users/a%20b+c/lock");
  ASSERT_NE(match.route, nullptr);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].first, "id");
  EXPECT_EQ(match.params[0].second, "a b+c");
}

TEST_F(RouterTest, WrongMethodListsAllowed) {
  const auto match = router_.Match(Method::kPut, "/users/42");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(AllowHeader(match.allowed), "GET, DELETE");
  const auto literal = router_.Match(Method::kPost, "/healthz");
  EXPECT_EQ(literal.route, nullptr);
  EXPECT_EQ(AllowHeader(literal.allowed), "GET");
}

TEST_F(RouterTest, UnknownPathsMatchNothing) {
  for (const auto* path : {"/", "", "/users", "/users/", "/users/1/lock/x", "/healthz/", "users/1", "/users//lock"}) {
    const auto match = router_.Match(Method::kGet, path);
    EXPECT_EQ(match.route, nullptr) << path;
    if (std::string_view(path) != "/users//lock") {
      EXPECT_TRUE(match.allowed.empty()) << path;
    }
  }
}

}  // namespace
}  // namespace menshen::http
