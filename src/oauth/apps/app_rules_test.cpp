#include "oauth/apps/app_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "oauth/apps/app_service.hpp"

namespace menshen::oauth {
namespace {

template <class T>
ErrorId IdOf(const Result<T>& result) {
  return result ? ErrorId::kCommonSuccess : result.error().id;
}

TEST(AppNameTest, AcceptsLettersOfAnyScriptDigitsAndSomePunctuation) {
  for (const char* name : {"Payroll", "支付网关", "Ledger (staging) v2", "R&D tools", "a", "Café-Bar_1.0", "O'Neil"}) {
    EXPECT_TRUE(ParseAppName(name).has_value()) << name;
  }
}

TEST(AppNameTest, KeyFoldsCaseAndCompatibilityForms) {
  EXPECT_EQ(ParseAppName("Payroll")->key, ParseAppName("ＰＡＹＲＯＬＬ")->key);
  EXPECT_EQ(ParseAppName("payroll")->key, ParseAppName("PAYROLL")->key);
  EXPECT_EQ(ParseAppName("Payroll")->display, "Payroll");
  // NFC display: e + combining acute is stored composed.
  EXPECT_EQ(ParseAppName("Cafe\xCC\x81")->display, "Caf\xC3\xA9");
}

TEST(AppNameTest, RefusesEmptyOverlongAndIllegalCharacters) {
  const std::string too_long(kMaxAppNameLength + 1, 'a');
  for (const std::string& name :
       {std::string(), std::string(" lead"), std::string("trail "), std::string("two  spaces"), too_long,
        std::string("semi;colon"), std::string("<script>"), std::string("tab\tname"), std::string("bidi\u202Ename"),
        std::string("zero\u200Bwidth"), std::string("-dash"), std::string("nul\0x", 5), std::string("\xff\xfe")}) {
    auto parsed = ParseAppName(name);
    ASSERT_FALSE(parsed.has_value()) << name;
    EXPECT_EQ(parsed.error().id, ErrorId::kAppNameInvalid) << name;
  }
  EXPECT_TRUE(ParseAppName(std::string(kMaxAppNameLength, 'a')).has_value());
}

TEST(DescriptionTest, CountsCodePointsNotBytes) {
  std::string chinese;
  for (int i = 0; i < kMaxDescriptionLength; ++i) chinese += "字";
  EXPECT_EQ(ParseDescription(chinese).value(), chinese);
  auto over = ParseDescription(chinese + "字");
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().id, ErrorId::kAppDescriptionInvalid);
  EXPECT_EQ(ParseDescription("").value(), std::nullopt);
  EXPECT_FALSE(ParseDescription("line\nbreak").has_value());
  EXPECT_FALSE(ParseDescription("\xc0\xaf").has_value());
}

TEST(RedirectUriTest, AcceptsHttpsLoopbackHttpAndNativeSchemes) {
  for (const char* uri :
       {"https://app.example.com/callback", "https://app.example.com:8443/cb?x=1", "http://127.0.0.1:3000/cb",
        "http://localhost/cb", "http://[::1]:8080/cb", "http://127.10.0.1/cb", "HTTPS://Example.COM/cb"}) {
    EXPECT_TRUE(CheckRedirectUri(uri, AppType::kWeb).has_value()) << uri;
  }
  EXPECT_TRUE(CheckRedirectUri("com.example.app:/oauth2redirect", AppType::kNative).has_value());
}

TEST(RedirectUriTest, RefusesWhatTheRulesForbid) {
  for (const char* uri : {"",
                          "/relative/path",
                          "app.example.com/cb",
                          "http://app.example.com/cb",
                          "https://app.example.com/cb#fragment",
                          "https://app.example.com/cb#",
                          "https://user:pw@app.example.com/cb",
                          "https://*.example.com/cb",
                          "https:///nohost",
                          "https:no-slashes",
                          "https://app.example.com:0/cb",
                          "https://app.example.com:99999/cb",
                          "https://app.example.com/a b",
                          "https://app.example.com/%zz",
                          "javascript:alert(1)",
                          "data:text/html,hi",
                          "http://127.0.0.1.evil.com/cb",
                          "http://128.0.0.1/cb",
                          "com.example.app:/cb",
                          "https://app.example.com/\xc3\xa9"}) {
    auto checked = CheckRedirectUri(uri, AppType::kWeb);
    ASSERT_FALSE(checked.has_value()) << uri;
    EXPECT_EQ(checked.error().id, ErrorId::kCommonInvalidParameter) << uri;
  }
  EXPECT_FALSE(CheckRedirectUri("myapp:/cb", AppType::kNative).has_value());  // no dot: not private-use
  EXPECT_FALSE(
      CheckRedirectUri(std::string("https://a.example/") + std::string(kMaxUriLength, 'a'), AppType::kWeb).has_value());
}

TEST(ScopeTokenTest, FollowsRfc6749) {
  EXPECT_TRUE(IsScopeToken("read:orders"));
  EXPECT_TRUE(IsScopeToken("https://api.example.com/orders.read"));
  EXPECT_FALSE(IsScopeToken(""));
  EXPECT_FALSE(IsScopeToken("two words"));
  EXPECT_FALSE(IsScopeToken("quote\""));
  EXPECT_FALSE(IsScopeToken("back\\slash"));
  EXPECT_FALSE(IsScopeToken("caf\xc3\xa9"));
}

App M2m() {
  App app;
  app.type = AppType::kM2m;
  app.auth_method = AuthMethod::kClientSecretBasic;
  app.grant_types = {GrantType::kClientCredentials};
  return app;
}

TEST(CheckAppTest, TypesAndMethodsAgree) {
  EXPECT_TRUE(CheckApp(M2m()).has_value());
  App spa = M2m();
  spa.type = AppType::kSpa;
  spa.auth_method = AuthMethod::kNone;
  spa.grant_types = {GrantType::kAuthorizationCode, GrantType::kRefreshToken};
  spa.redirect_uris = {"https://spa.example.com/cb"};
  EXPECT_TRUE(CheckApp(spa).has_value());

  App public_with_secret = spa;
  public_with_secret.auth_method = AuthMethod::kClientSecretPost;
  EXPECT_EQ(IdOf(CheckApp(public_with_secret)), ErrorId::kCommonInvalidParameter);
  App confidential_without = M2m();
  confidential_without.auth_method = AuthMethod::kNone;
  EXPECT_EQ(IdOf(CheckApp(confidential_without)), ErrorId::kCommonInvalidParameter);
  App public_cc = spa;
  public_cc.grant_types.push_back(GrantType::kClientCredentials);
  EXPECT_EQ(IdOf(CheckApp(public_cc)), ErrorId::kCommonInvalidParameter);
  App m2m_code = M2m();
  m2m_code.grant_types = {GrantType::kAuthorizationCode};
  m2m_code.redirect_uris = {"https://a.example/cb"};
  EXPECT_EQ(IdOf(CheckApp(m2m_code)), ErrorId::kCommonInvalidParameter);
  App code_without_uri = spa;
  code_without_uri.redirect_uris.clear();
  EXPECT_EQ(IdOf(CheckApp(code_without_uri)), ErrorId::kCommonInvalidParameter);
}

TEST(CheckAppTest, ListsAndLifetimes) {
  App app = M2m();
  app.scopes = {"read", "read"};
  EXPECT_FALSE(CheckApp(app).has_value());
  app.scopes = {"has space"};
  EXPECT_FALSE(CheckApp(app).has_value());
  app.scopes = {"read"};
  app.access_token_ttl = kMinAccessTokenTtl - 1;
  EXPECT_FALSE(CheckApp(app).has_value());
  app.access_token_ttl = kMaxAccessTokenTtl;
  EXPECT_TRUE(CheckApp(app).has_value());
  app.post_logout_redirect_uris = {"http://evil.example/out"};
  EXPECT_FALSE(CheckApp(app).has_value());
}

TEST(CheckAppTest, AllowedResourcesAreResourceIndicators) {
  App app = M2m();
  app.allowed_resources = {"https://api.example.com/orders", "urn:example:ledger"};
  EXPECT_TRUE(CheckApp(app));
  for (const char* bad : {"relative/path", "https://api.example.com/#frag", "", "https://api.example.com/a b"}) {
    app.allowed_resources = {bad};
    EXPECT_EQ(IdOf(CheckApp(app)), ErrorId::kCommonInvalidParameter) << bad;
  }
  app.allowed_resources = {"https://api.example.com/", "https://api.example.com/"};
  EXPECT_EQ(IdOf(CheckApp(app)), ErrorId::kCommonInvalidParameter);
}

// RFC 8707 2: a resource the client is not registered for is invalid_target; an empty list allows none.
TEST(CheckResourcesTest, OnlyListedResourcesExactlyAsListed) {
  App app;
  EXPECT_TRUE(CheckResources(app, {}));
  EXPECT_EQ(IdOf(CheckResources(app, {"https://api.example.com/"})), ErrorId::kOauth2InvalidTarget);
  app.allowed_resources = {"https://api.example.com/orders"};
  EXPECT_TRUE(CheckResources(app, {"https://api.example.com/orders"}));
  for (const char* other :
       {"https://api.example.com/orders/", "https://api.example.com/ORDERS", "https://api.example.com/orders/../admin",
        "https://evil.example.com/orders", "relative", "https://api.example.com/orders#x"}) {
    EXPECT_EQ(IdOf(CheckResources(app, {other})), ErrorId::kOauth2InvalidTarget) << other;
  }
  EXPECT_EQ(IdOf(CheckResources(app, {"https://api.example.com/orders", "https://evil.example.com/"})),
            ErrorId::kOauth2InvalidTarget);
}

TEST(CheckAppTest, PasswordGrantIsOptInAndIssuesRefreshTokens) {
  App app = M2m();
  app.type = AppType::kWeb;
  app.grant_types = {GrantType::kRefreshToken};
  EXPECT_EQ(IdOf(CheckApp(app)), ErrorId::kCommonInvalidParameter);  // nothing issues a refresh token
  app.grant_types = {GrantType::kPassword, GrantType::kRefreshToken};
  EXPECT_TRUE(CheckApp(app).has_value());
  EXPECT_EQ(std::ranges::count(DefaultGrantTypes(AppType::kWeb), GrantType::kPassword), 0);
  EXPECT_EQ(std::ranges::count(DefaultGrantTypes(AppType::kSpa), GrantType::kPassword), 0);
  App m2m = M2m();
  m2m.grant_types = {GrantType::kClientCredentials, GrantType::kPassword};
  EXPECT_EQ(IdOf(CheckApp(m2m)), ErrorId::kCommonInvalidParameter);
}

TEST(CheckAppTest, IdTokensAreSignedRs256OrEs256) {
  App app = M2m();
  EXPECT_EQ(app.id_token_alg, crypto::JwsAlg::kRs256);
  app.id_token_alg = crypto::JwsAlg::kEs256;
  EXPECT_TRUE(CheckApp(app).has_value());
  app.id_token_alg = crypto::JwsAlg::kEdDsa;
  EXPECT_EQ(IdOf(CheckApp(app)), ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(ParseIdTokenAlg("ES256").value(), crypto::JwsAlg::kEs256);
  EXPECT_EQ(ParseIdTokenAlg("RS256").value(), crypto::JwsAlg::kRs256);
  for (const char* refused : {"HS256", "none", "EdDSA", "rs256", ""}) {
    EXPECT_EQ(IdOf(ParseIdTokenAlg(refused)), ErrorId::kCommonInvalidParameter) << refused;
  }
  App changed = M2m();
  ASSERT_TRUE(ApplyChanges(AppChanges{.id_token_alg = "ES256"}, changed).has_value());
  EXPECT_EQ(changed.id_token_alg, crypto::JwsAlg::kEs256);
  EXPECT_EQ(IdOf(ApplyChanges(AppChanges{.id_token_alg = "HS256"}, changed)), ErrorId::kCommonInvalidParameter);
}

TEST(ApplyChangesTest, TypeChangeCarriesTheAuthMethodAlong) {
  App app = M2m();
  AppChanges to_spa{.type = "spa",
                    .redirect_uris = std::vector<std::string>{"https://spa.example.com/cb"},
                    .grant_types = std::vector<std::string>{"authorization_code"}};
  ASSERT_TRUE(ApplyChanges(to_spa, app).has_value());
  EXPECT_EQ(app.auth_method, AuthMethod::kNone);
  EXPECT_EQ(IdOf(ApplyChanges(AppChanges{.type = "desktop"}, app)), ErrorId::kAppTypeInvalid);
  EXPECT_EQ(IdOf(ApplyChanges(AppChanges{.grant_types = std::vector<std::string>{"implicit"}}, app)),
            ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(IdOf(ApplyChanges(AppChanges{.auth_method = "private_key_jwt"}, app)), ErrorId::kCommonInvalidParameter);
}

}  // namespace
}  // namespace menshen::oauth
