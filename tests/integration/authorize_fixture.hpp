// What the authorization endpoint's tests share: a registered user, web and public apps with redirect URIs,
// and a browser that signs in on the hosted pages.
#pragma once

#include "browser.hpp"
#include "oauth_fixture.hpp"

namespace menshen::testing {

// RFC 7636 Appendix B.
inline constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
inline constexpr const char* kPassword = "plum orchard lantern 42";

struct TestApp {
  std::string id;
  std::string secret;
  std::string redirect_uri;
  std::string logout_uri;
};

class AuthorizeTest : public OAuthTest {
 public:
  static std::string Issuer() { return "http://127.0.0.1:" + std::to_string(server_->Port()); }

 protected:
  static void SetUpTestSuite() {
    OAuthTest::SetUpTestSuite();
    Register("ada");
  }

  static void Register(const std::string& username) {
    const auto made = Json("POST", "/api/v1/auth/register", {{"username", username}, {"password", kPassword}});
    ASSERT_EQ(made.status, 201) << made.raw.body;
  }

  static TestApp CreateApp(const std::string& name, const std::string& type = "web", json extra = json::object()) {
    const std::string redirect = "https://" + std::to_string(++apps_) + ".app.example.com/cb";
    const std::string logout = "https://" + std::to_string(apps_) + ".app.example.com/bye";
    json body = {{"name", name},
                 {"type", type},
                 {"redirect_uris", {redirect}},
                 {"post_logout_redirect_uris", {logout}},
                 {"grant_types", {"authorization_code", "refresh_token"}},
                 {"scopes", {"openid", "profile", "offline_access"}}};
    body.update(extra);
    const auto created = Admin("POST", "/api/v1/admin/apps", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.body["data"]["client_id"].get<std::string>(),
            created.body["data"].value("client_secret", std::string{}), redirect, logout};
  }

  static std::string AuthorizeUrl(const TestApp& app, const std::string& extra = {},
                                  const std::string& scope = "openid profile") {
    return "/oauth/authorize?response_type=code&client_id=" + app.id + "&redirect_uri=" + Encode(app.redirect_uri) +
           "&scope=" + Encode(scope) + "&state=st-1&nonce=n-1&code_challenge=" + kChallenge +
           "&code_challenge_method=S256" + extra;
  }

  // Posts the login form of `page` with `password`.
  static RawResponse PostLogin(Browser& browser, const RawResponse& page, const std::string& password = kPassword,
                               const std::string& account = "ada") {
    auto fields = HiddenFields(page.body);
    fields["account"] = account;
    fields["password"] = password;
    return browser.PostForm("/oauth/login", fields);
  }
  static RawResponse PostConsent(Browser& browser, const RawResponse& page, const std::string& decision = "allow") {
    auto fields = HiddenFields(page.body);
    fields["decision"] = decision;
    return browser.PostForm("/oauth/consent", fields);
  }
  static bool IsLoginPage(const RawResponse& page) {
    return page.status == 200 && page.body.find("name=\"password\"") != std::string::npos;
  }
  static bool IsPasswordPage(const RawResponse& page) {
    return page.status == 200 && page.body.find("action=\"/oauth/password\"") != std::string::npos;
  }
  static bool IsConsentPage(const RawResponse& page) {
    return page.status == 200 && page.body.find("action=\"/oauth/consent\"") != std::string::npos;
  }

  // Runs the flow to the redirect back to the client (signing in and consenting as asked); returns it.
  static RawResponse SignInAndConsent(Browser& browser, const TestApp& app, const std::string& extra = {},
                                      const std::string& account = "ada") {
    auto page = browser.Get(AuthorizeUrl(app, extra));
    if (IsLoginPage(page)) page = PostLogin(browser, page, kPassword, account);
    if (IsConsentPage(page)) page = PostConsent(browser, page);
    return page;
  }

  static inline int apps_ = 0;
};

}  // namespace menshen::testing
