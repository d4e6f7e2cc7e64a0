#include "http/error_response.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace menshen::http {
namespace {

std::optional<std::string> HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// The pages' frame as a test sees it: what it was asked to show, with markers instead of HTML.
class FakeFrames : public BrowserFrames {
 public:
  Response ErrorPage(const ErrorPageView& view) const override {
    Response response;
    response.status = view.status;
    response.content_type = "text/html";
    response.body = fmt::format("{}|{}|{}|{}", view.locale == catalog::Locale::kEn ? "en" : "zh-CN", view.message,
                                view.code, view.request_id);
    return response;
  }
  Response Redirect(std::string location) const override {
    Response response;
    response.status = 303;
    response.headers.emplace_back("Location", std::move(location));
    return response;
  }
};

class ErrorResponseTest : public ::testing::Test {
 protected:
  ErrorResponseTest() {
    request_.route = "/oauth/token";
    request_.request_id = "req-42";
    request_.locale = catalog::Locale::kEn;
  }
  Response Shape(const Error& error, ErrorShape shape) { return ErrorResponse(catalog_, request_, error, shape); }

  static inline const catalog::Catalog catalog_ = catalog::Catalog::Load("menshen");
  Request request_;
  FakeFrames frames_;
};

TEST_F(ErrorResponseTest, TheEnvelopeCarriesTheProfilesCodeTheIdAndThePublicDetail) {
  const auto response = Shape(Error{ErrorId::kCommonNotFound, "no such app", "row 7 is gone"}, EnvelopeShape{});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"code":201004,"message":"Resource not found","data":null,"error":"common.not_found",)"
                           R"("request_id":"req-42","detail":"no such app"})");
  EXPECT_EQ(response.error, ErrorId::kCommonNotFound);
  EXPECT_EQ(response.code, 201004);
  EXPECT_TRUE(response.headers.empty());
}

TEST_F(ErrorResponseTest, TheEnvelopeOfABearerResourceChallengesOnlyA401) {
  const EnvelopeShape bearer{.bearer_challenge = true};
  EXPECT_EQ(HeaderOf(Shape(Error{ErrorId::kAuthLoginRequired}, bearer), "WWW-Authenticate"), "Bearer");
  const auto invalid = Shape(Error{ErrorId::kTokenExpired}, bearer);
  EXPECT_EQ(invalid.status, 401);
  EXPECT_EQ(HeaderOf(invalid, "WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  EXPECT_FALSE(HeaderOf(Shape(Error{ErrorId::kInfraDatabaseError}, bearer), "WWW-Authenticate"));
  EXPECT_FALSE(HeaderOf(Shape(Error{ErrorId::kTokenExpired}, EnvelopeShape{}), "WWW-Authenticate"));
}

TEST_F(ErrorResponseTest, TheTokenEndpointAnswersTheRfc6749CodeFromTheCatalog) {
  const auto client = Shape(Error{ErrorId::kOauth2InvalidClient}, OAuthShape{});
  EXPECT_EQ(client.status, 401);
  EXPECT_EQ(client.body, R"({"error":"invalid_client","error_description":"Client authentication failed",)"
                         R"("code":205002,"message":"Client authentication failed"})");
  EXPECT_EQ(HeaderOf(client, "WWW-Authenticate"), "Basic realm=\"menshen\"");
  EXPECT_EQ(HeaderOf(client, "Cache-Control"), "no-store");
  EXPECT_EQ(HeaderOf(client, "Pragma"), "no-cache");

  const auto locked = Shape(Error{ErrorId::kAccountLocked, "try again later"}, OAuthShape{});
  EXPECT_EQ(locked.status, 400);
  EXPECT_EQ(locked.body, R"({"error":"invalid_grant","error_description":"try again later","code":206001,)"
                         R"("message":"Account is locked"})");
  EXPECT_FALSE(HeaderOf(locked, "WWW-Authenticate"));

  const auto busy = Shape(Error{ErrorId::kCommonServiceUnavailable}, OAuthShape{});
  EXPECT_EQ(busy.status, 503);
  EXPECT_TRUE(busy.body.starts_with(R"({"error":"temporarily_unavailable",)"));
  // A database that cannot answer is a failure of ours that a retry may cure: the catalog's 503.
  const auto broken = Shape(Error{ErrorId::kInfraDatabaseError}, OAuthShape{});
  EXPECT_EQ(broken.status, 503);
  EXPECT_TRUE(broken.body.starts_with(R"({"error":"server_error",)"));
  // A refusal the RFC has no code for: the request is what is wrong.
  const auto odd = Shape(Error{ErrorId::kCommonInvalidParameter}, OAuthShape{});
  EXPECT_EQ(odd.status, 400);
  EXPECT_TRUE(odd.body.starts_with(R"({"error":"invalid_request",)"));
  // A code the token endpoint does not define is not sent there.
  EXPECT_TRUE(Shape(Error{ErrorId::kTokenExpired}, OAuthShape{}).body.starts_with(R"({"error":"invalid_request",)"));
}

TEST_F(ErrorResponseTest, AResourceEndpointChallengesWithTheBearerErrorOfRfc6750) {
  const auto expired = Shape(Error{ErrorId::kTokenExpired}, BearerShape{});
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(HeaderOf(expired, "WWW-Authenticate"),
            "Bearer realm=\"menshen\", error=\"invalid_token\", error_description=\"Token has expired, please sign in "
            "again\"");
  EXPECT_EQ(expired.body, R"({"error":"invalid_token","error_description":"Token has expired, please sign in again",)"
                          R"("code":204001,"message":"Token has expired, please sign in again"})");
  EXPECT_EQ(HeaderOf(expired, "Cache-Control"), "no-store");

  // No token sent: a challenge without an error code (3.1).
  const auto missing = Shape(Error{ErrorId::kAuthLoginRequired, "send an access token"}, BearerShape{});
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(HeaderOf(missing, "WWW-Authenticate"), "Bearer realm=\"menshen\"");
  EXPECT_EQ(missing.body, R"({"code":202005,"message":"Login required"})");

  const auto scope = Shape(Error{ErrorId::kAuthzScopeInsufficient}, BearerShape{});
  EXPECT_EQ(scope.status, 403);
  EXPECT_TRUE(HeaderOf(scope, "WWW-Authenticate")->ends_with(", scope=\"openid\""));
  // A user who may no longer sign in makes the token unusable.
  EXPECT_EQ(Shape(Error{ErrorId::kAccountLocked}, BearerShape{}).status, 401);

  const auto broken = Shape(Error{ErrorId::kInfraDatabaseError}, BearerShape{});
  EXPECT_EQ(broken.status, 503);
  EXPECT_FALSE(HeaderOf(broken, "WWW-Authenticate"));
  EXPECT_FALSE(broken.body.contains("\"error\""));
}

TEST_F(ErrorResponseTest, APageShowsTheMessageInThePagesLocaleWithAnErrorStatus) {
  request_.route = "/oauth/authorize";
  const auto page = Shape(Error{ErrorId::kCommonNotFound}, PageShape{catalog::Locale::kEn, frames_});
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.body, "en|Resource not found|201004|req-42");
  EXPECT_EQ(page.error, ErrorId::kCommonNotFound);
  EXPECT_EQ(page.code, 201004);
  // access_denied's own status is a redirect's; shown on a page it is an error.
  EXPECT_EQ(Shape(Error{ErrorId::kOauth2AccessDenied}, PageShape{catalog::Locale::kZhCn, frames_}).status, 400);
}

TEST_F(ErrorResponseTest, ARedirectCarriesTheCodeStateAndIssuer) {
  const std::optional<std::string> state = "a&b";
  const auto denied = Shape(Error{ErrorId::kOauth2AccessDenied, "the user denied the request"},
                            RedirectShape{"https://app.example/cb", state, "https://id.example", frames_});
  EXPECT_EQ(denied.status, 303);
  EXPECT_EQ(HeaderOf(denied, "Location"),
            "https://app.example/cb?error=access_denied&error_description=the%20user%20denied%20the%20request"
            "&state=a%26b&iss=https%3A%2F%2Fid.example");
  EXPECT_EQ(denied.error, ErrorId::kOauth2AccessDenied);

  // Our own failure: server_error, and no description unless one is public.
  const std::optional<std::string> no_state;
  const auto broken = Shape(Error{ErrorId::kInfraDatabaseError, {}, "disk full"},
                            RedirectShape{"https://app.example/cb?x=1", no_state, "https://id.example", frames_});
  EXPECT_EQ(HeaderOf(broken, "Location"), "https://app.example/cb?x=1&error=server_error&iss=https%3A%2F%2Fid.example");
  // A code the authorization endpoint does not define is not sent there.
  const auto grant = Shape(Error{ErrorId::kOauth2InvalidGrant},
                           RedirectShape{"https://app.example/cb", no_state, "https://id.example", frames_});
  EXPECT_TRUE(HeaderOf(grant, "Location")->starts_with("https://app.example/cb?error=server_error&"));
}

TEST_F(ErrorResponseTest, TheInternalDetailIsLoggedOnceWithTheRequestIdAndNeverSent) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  sink->set_pattern("%l %v");
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("error_response_test", sink));
  const std::optional<std::string> state;
  const std::vector<ErrorShape> shapes = {EnvelopeShape{}, OAuthShape{}, BearerShape{},
                                          PageShape{catalog::Locale::kEn, frames_},
                                          RedirectShape{"https://app.example/cb", state, "https://id", frames_}};
  for (const auto& shape : shapes) {
    log.str("");
    const auto failed = Shape(Error{ErrorId::kAccountCreateFailed, {}, "UNIQUE constraint failed"}, shape);
    const auto refused = Shape(Error{ErrorId::kOauth2InvalidClient, {}, "wrong client secret"}, shape);
    const auto quiet = Shape(Error{ErrorId::kCommonNotFound}, shape);
    EXPECT_EQ(log.str(),
              "error /oauth/token account.create_failed: UNIQUE constraint failed (request req-42)\n"
              "warning /oauth/token oauth2.invalid_client: wrong client secret (request req-42)\n")
        << shape.index();
    for (const auto* response : {&failed, &refused}) {
      EXPECT_FALSE(response->body.contains("constraint") || response->body.contains("secret")) << shape.index();
      for (const auto& [name, value] : response->headers) EXPECT_FALSE(value.contains("constraint")) << name;
    }
  }
  spdlog::set_default_logger(previous);
}

TEST(DescriptionText, KeepsOnlyTheCharactersTheRfcAllows) {
  EXPECT_EQ(DescriptionText("say \"hi\" \\ 中\n"), "say 'hi' ' ????");
}

}  // namespace
}  // namespace menshen::http
