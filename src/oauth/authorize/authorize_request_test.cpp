#include "oauth/authorize/authorize_request.hpp"

#include <gtest/gtest.h>

namespace menshen::oauth {
namespace {

constexpr std::string_view kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

App WebApp() {
  App app;
  app.id = "01HCLIENT";
  app.type = AppType::kWeb;
  app.redirect_uris = {"https://app.example.com/cb"};
  app.grant_types = {GrantType::kAuthorizationCode};
  app.scopes = {"openid", "profile"};
  return app;
}

Params Good() {
  return {{"client_id", "01HCLIENT"},
          {"redirect_uri", "https://app.example.com/cb"},
          {"response_type", "code"},
          {"scope", "openid"},
          {"code_challenge", std::string(kChallenge)},
          {"code_challenge_method", "S256"},
          {"state", "s1"}};
}

Result<AuthorizeRequest> Parse(const App& app, const Params& params) {
  auto target = CheckRedirect(app, params);
  if (!target) return std::unexpected(target.error());
  return ParseAuthorizeRequest(app, *target, params);
}

Params With(Params params, std::string name, std::string value) {
  std::erase_if(params, [&](const auto& p) { return p.first == name; });
  params.emplace_back(std::move(name), std::move(value));
  return params;
}

Params Without(Params params, std::string_view name) {
  std::erase_if(params, [&](const auto& p) { return p.first == name; });
  return params;
}

TEST(AuthorizeRequest, AGoodRequest) {
  auto request = Parse(WebApp(), Good());
  ASSERT_TRUE(request) << request.error().public_detail;
  EXPECT_EQ(request->scopes, std::vector<std::string>{"openid"});
  EXPECT_EQ(request->state, "s1");
  EXPECT_EQ(request->code_challenge, kChallenge);
  EXPECT_EQ(AuthorizeRequestFromJson(ToJson(*request)), *request);
}

TEST(AuthorizeRequest, ClientAndRedirectProblemsAreNotRedirects) {
  EXPECT_EQ(ClientIdOf({}).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(ClientIdOf({{"client_id", "a"}, {"client_id", "b"}}).error().id, ErrorId::kOauth2InvalidRequest);
  const auto app = WebApp();
  EXPECT_EQ(CheckRedirect(app, With(Good(), "redirect_uri", "https://evil.example/cb")).error().id,
            ErrorId::kOauth2RedirectUriMismatch);
  auto repeated = Good();
  repeated.emplace_back("redirect_uri", "https://app.example.com/cb");
  EXPECT_EQ(CheckRedirect(app, repeated).error().id, ErrorId::kOauth2RedirectUriMismatch);
  // One registered URI stands in for a missing one, except for OpenID requests.
  EXPECT_EQ(CheckRedirect(app, Without(Good(), "redirect_uri")).error().id, ErrorId::kOauth2RedirectUriMismatch);
  EXPECT_EQ(CheckRedirect(app, With(Without(Good(), "redirect_uri"), "scope", "profile"))->redirect_uri,
            "https://app.example.com/cb");
}

TEST(AuthorizeRequest, ErrorsThatGoBackToTheClient) {
  const auto app = WebApp();
  EXPECT_EQ(Parse(app, With(Good(), "response_type", "token")).error().id, ErrorId::kOauth2UnsupportedResponseType);
  EXPECT_EQ(Parse(app, Without(Good(), "response_type")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "scope", "openid admin")).error().id, ErrorId::kOauth2InvalidScope);
  EXPECT_EQ(Parse(app, With(Good(), "code_challenge_method", "plain")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, Without(Good(), "code_challenge_method")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "code_challenge", "short")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "prompt", "none login")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "prompt", "sometimes")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "max_age", "-1")).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(Parse(app, With(Good(), "request", "eyJ")).error().id, ErrorId::kOauth2RequestNotSupported);
  EXPECT_EQ(Parse(app, With(Good(), "request_uri", "https://rp.example/r/1")).error().id,
            ErrorId::kOauth2RequestUriNotSupported);
  EXPECT_EQ(Parse(app, With(Good(), "nonce", std::string(kMaxNonceBytes + 1, 'n'))).error().id,
            ErrorId::kOauth2InvalidRequest);
  auto twice = Good();
  twice.emplace_back("scope", "profile");
  EXPECT_EQ(Parse(app, twice).error().id, ErrorId::kOauth2InvalidRequest);
  auto no_grant = app;
  no_grant.grant_types = {GrantType::kRefreshToken};
  EXPECT_EQ(Parse(no_grant, Good()).error().id, ErrorId::kOauth2UnauthorizedClient);
}

TEST(AuthorizeRequest, PublicClientsNeedPkceConfidentialOnesMayOmitIt) {
  auto spa = WebApp();
  spa.type = AppType::kSpa;
  const auto without = Without(Without(Good(), "code_challenge"), "code_challenge_method");
  EXPECT_EQ(Parse(spa, without).error().id, ErrorId::kOauth2InvalidRequest);
  ASSERT_TRUE(Parse(WebApp(), without));
  EXPECT_TRUE(Parse(WebApp(), without)->code_challenge.empty());
}

TEST(AuthorizeRequest, PromptMaxAgeAndHints) {
  auto request =
      Parse(WebApp(), With(With(With(Good(), "prompt", "login consent"), "max_age", "300"), "x-unknown", "1"));
  ASSERT_TRUE(request);
  EXPECT_TRUE(request->prompt.login);
  EXPECT_TRUE(request->prompt.consent);
  EXPECT_FALSE(request->prompt.none);
  EXPECT_EQ(request->max_age, 300);
  EXPECT_TRUE(Parse(WebApp(), With(Good(), "prompt", "none"))->prompt.none);
}

TEST(AuthorizeRequest, RfcErrorCodes) {
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kAuthLoginRequired), "login_required");
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kOauth2ConsentRequired), "consent_required");
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kOauth2RequestNotSupported), "request_not_supported");
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kOauth2RequestUriNotSupported), "request_uri_not_supported");
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kOauth2AccessDenied), "access_denied");
  EXPECT_EQ(AuthorizeErrorCode(ErrorId::kInfraDatabaseError), "server_error");
}

}  // namespace
}  // namespace menshen::oauth
