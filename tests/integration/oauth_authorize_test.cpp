// /oauth/authorize and its hosted pages through the real binary: which failures are shown and which are
// redirected, PKCE rules, sign-in, consent, prompt and max_age, single sign-on, CSRF, security headers.
#include "authorize_fixture.hpp"
#include "json_api.hpp"

namespace menshen::testing {
namespace {

// An error page: HTML, no Location, the catalog's code.
void ExpectErrorPage(const RawResponse& page, int status) {
  EXPECT_EQ(page.status, status) << page.body;
  EXPECT_EQ(page.Header("location"), "");
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
}

// A redirect back to the client with `error`, the state and the issuer.
void ExpectErrorRedirect(const RawResponse& response, const TestApp& app, const std::string& error) {
  ASSERT_EQ(response.status, 303) << response.body;
  const auto location = response.Header("location");
  EXPECT_TRUE(location.starts_with(app.redirect_uri + "?")) << location;
  EXPECT_EQ(QueryValue(location, "error"), error) << location;
  EXPECT_EQ(QueryValue(location, "state"), "st-1");
  EXPECT_EQ(QueryValue(location, "iss"), AuthorizeTest::Issuer());
  EXPECT_EQ(QueryValue(location, "code"), "");
}

void ExpectCodeRedirect(const RawResponse& response, const TestApp& app) {
  ASSERT_EQ(response.status, 303) << response.body;
  const auto location = response.Header("location");
  EXPECT_TRUE(location.starts_with(app.redirect_uri + "?")) << location;
  EXPECT_EQ(QueryValue(location, "code").size(), 43u) << location;
  EXPECT_EQ(QueryValue(location, "state"), "st-1");
  EXPECT_EQ(QueryValue(location, "iss"), AuthorizeTest::Issuer());
  EXPECT_EQ(QueryValue(location, "error"), "");
}

TEST_F(AuthorizeTest, ClientAndRedirectUriProblemsAreShownNeverRedirected) {
  const auto app = CreateApp("Shown errors");
  Browser browser(server_->Port());
  ExpectErrorPage(browser.Get("/oauth/authorize?response_type=code&client_id=01NOSUCHCLIENT&redirect_uri=" +
                              Encode(app.redirect_uri)),
                  404);
  ExpectErrorPage(browser.Get("/oauth/authorize?response_type=code&redirect_uri=" + Encode(app.redirect_uri)), 400);
  const std::string base = "/oauth/authorize?response_type=code&client_id=" + app.id;
  ExpectErrorPage(browser.Get(base + "&redirect_uri=" + Encode("https://evil.example.com/cb")), 400);
  ExpectErrorPage(browser.Get(base + "&redirect_uri=" + Encode(app.redirect_uri + "/x")), 400);
  ExpectErrorPage(
      browser.Get(base + "&redirect_uri=" + Encode(app.redirect_uri) + "&redirect_uri=" + Encode(app.redirect_uri)),
      400);
  // An OpenID request must name its redirect URI even when only one is registered.
  const auto missing = browser.Get(base + "&scope=openid");
  ExpectErrorPage(missing, 400);
  EXPECT_NE(missing.body.find("redirect_uri"), std::string::npos);  // the catalog's English message
  // Even a bad response_type is shown, not redirected, when the redirect URI is wrong.
  ExpectErrorPage(browser.Get("/oauth/authorize?response_type=token&client_id=" + app.id +
                              "&redirect_uri=" + Encode("https://evil.example.com/cb")),
                  400);
}

TEST_F(AuthorizeTest, LaterErrorsRedirectWithStateAndIssuer) {
  const auto app = CreateApp("Redirected errors");
  Browser browser(server_->Port());
  auto with = [&](const std::string& from, const std::string& to) {
    auto url = AuthorizeUrl(app);
    url.replace(url.find(from), from.size(), to);
    return browser.Get(url);
  };
  ExpectErrorRedirect(with("response_type=code", "response_type=token"), app, "unsupported_response_type");
  ExpectErrorRedirect(with("response_type=code&", ""), app, "invalid_request");
  ExpectErrorRedirect(with("scope=openid", "scope=openid%20admin"), app, "invalid_scope");
  ExpectErrorRedirect(with("code_challenge_method=S256", "code_challenge_method=plain"), app, "invalid_request");
  ExpectErrorRedirect(with("&code_challenge_method=S256", ""), app, "invalid_request");  // plain by default
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none%20login")), app, "invalid_request");
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&max_age=soon")), app, "invalid_request");
  // Request objects are refused with OpenID Connect's own codes (Core 3.1.2.6).
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&request=eyJhbGciOiJub25lIn0.e30.")), app,
                      "request_not_supported");
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&request_uri=" + Encode("https://rp.example/r/1"))), app,
                      "request_uri_not_supported");
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&id_token_hint=not.a.token")), app, "invalid_request");
  // A repeated state is an error too; which of the two to send back cannot be known, so none goes back.
  const auto two_states = browser.Get(AuthorizeUrl(app, "&state=again"));
  EXPECT_EQ(QueryValue(two_states.Header("location"), "error"), "invalid_request");
  EXPECT_EQ(QueryValue(two_states.Header("location"), "state"), "");

  // A public client must use PKCE; a confidential one may leave it out.
  const auto spa = CreateApp("Redirected spa", "spa");
  auto no_pkce = AuthorizeUrl(spa);
  no_pkce.erase(no_pkce.find("&code_challenge="));
  ExpectErrorRedirect(browser.Get(no_pkce), spa, "invalid_request");
  auto confidential = AuthorizeUrl(app);
  confidential.erase(confidential.find("&code_challenge="));
  EXPECT_TRUE(IsLoginPage(browser.Get(confidential)));

  // An app without the authorization_code grant.
  const auto machine = CreateApp("Redirected machine", "web", {{"grant_types", {"client_credentials"}}});
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(machine)), machine, "unauthorized_client");
  // Unknown parameters are ignored.
  EXPECT_TRUE(IsLoginPage(browser.Get(AuthorizeUrl(app, "&x-tracking=1&claims_locales=en"))));
}

TEST_F(AuthorizeTest, PagesCarryStrictSecurityHeadersAndNoScript) {
  const auto app = CreateApp("Headers");
  Browser browser(server_->Port());
  const auto page = browser.Get(AuthorizeUrl(app));
  ASSERT_TRUE(IsLoginPage(page)) << page.body;
  const auto csp = page.Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos) << csp;
  // The form may post to us, and its redirect may go to the client's origin only.
  EXPECT_NE(csp.find("form-action 'self' https://" + app.redirect_uri.substr(8, app.redirect_uri.find("/cb") - 8)),
            std::string::npos)
      << csp;
  EXPECT_EQ(page.Header("x-frame-options"), "DENY");
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  EXPECT_EQ(page.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_EQ(page.body.find("style="), std::string::npos);
  EXPECT_EQ(page.body.find("<style"), std::string::npos);
  const auto css = browser.Get("/oauth/static/menshen.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_FALSE(css.body.empty());
  // Every form carries a CSRF token and a CSRF cookie is set.
  EXPECT_EQ(HiddenFields(page.body)["csrf"].size(), 43u);
  ASSERT_EQ(page.set_cookies.size(), 1u);
  EXPECT_TRUE(page.set_cookies[0].starts_with("menshen_csrf=")) << page.set_cookies[0];
}

TEST_F(AuthorizeTest, SignInConsentAndCode) {
  const auto app = CreateApp("Sign in");
  Browser browser(server_->Port());
  const auto page = browser.Get(AuthorizeUrl(app, "&login_hint=ada"));
  ASSERT_TRUE(IsLoginPage(page)) << page.body;
  EXPECT_NE(page.body.find("value=\"ada\""), std::string::npos);  // login_hint prefills the account
  EXPECT_NE(page.body.find("Sign in"), std::string::npos);

  // A wrong password shows the form again with the catalog's message, nothing more.
  const auto wrong = PostLogin(browser, page, "not the password");
  ASSERT_TRUE(IsLoginPage(wrong)) << wrong.body;
  EXPECT_NE(wrong.body.find("Incorrect username or password"), std::string::npos) << wrong.body;
  EXPECT_TRUE(wrong.set_cookies.empty());

  const auto consent = PostLogin(browser, wrong);
  ASSERT_TRUE(IsConsentPage(consent)) << consent.body;
  ASSERT_EQ(consent.set_cookies.size(), 1u);
  const auto& cookie = consent.set_cookies[0];
  EXPECT_TRUE(cookie.starts_with("menshen_session=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // the issuer is plain http here
  EXPECT_NE(consent.body.find("Your identity"), std::string::npos);

  ExpectCodeRedirect(PostConsent(browser, consent), app);
  // The consent is remembered, and the sign-in too: the next request ends at once.
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app)), app);
  // A narrower scope set is covered by what was granted; a wider one asks again.
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app, {}, "openid")), app);
  EXPECT_TRUE(IsConsentPage(browser.Get(AuthorizeUrl(app, {}, "openid profile offline_access"))));
  // prompt=consent asks again anyway; denying is access_denied.
  const auto again = browser.Get(AuthorizeUrl(app, "&prompt=consent"));
  ASSERT_TRUE(IsConsentPage(again)) << again.body;
  ExpectErrorRedirect(PostConsent(browser, again, "deny"), app, "access_denied");
}

TEST_F(AuthorizeTest, PostToTheAuthorizationEndpoint) {
  const auto app = CreateApp("Posted request");
  Browser browser(server_->Port());
  const auto url = AuthorizeUrl(app);
  const auto page = browser.Send("POST", "/oauth/authorize", url.substr(url.find('?') + 1),
                                 "Content-Type: application/x-www-form-urlencoded\r\n");
  EXPECT_TRUE(IsLoginPage(page)) << page.body;
}

TEST_F(AuthorizeTest, CsrfAndStaleFormsAreRefused) {
  const auto app = CreateApp("Csrf");
  Browser browser(server_->Port());
  const auto page = browser.Get(AuthorizeUrl(app));
  ASSERT_TRUE(IsLoginPage(page));
  auto fields = HiddenFields(page.body);
  fields["account"] = "ada";
  fields["password"] = kPassword;

  auto forged = fields;
  forged["csrf"] = std::string(43, 'A');
  ExpectErrorPage(browser.PostForm("/oauth/login", forged), 401);
  auto missing = fields;
  missing.erase("csrf");
  ExpectErrorPage(browser.PostForm("/oauth/login", missing), 401);
  // Another browser (without the CSRF cookie) cannot post this browser's form.
  Browser other(server_->Port());
  ExpectErrorPage(other.PostForm("/oauth/login", fields), 401);
  // The real form works once; posted again after the flow ended, it is stale.
  const auto consent = browser.PostForm("/oauth/login", fields);
  ASSERT_TRUE(IsConsentPage(consent)) << consent.body;
  ExpectCodeRedirect(PostConsent(browser, consent), app);
  const auto stale = PostConsent(browser, consent);
  ExpectErrorPage(stale, 401);
  EXPECT_EQ(stale.Header("location"), "");
}

TEST_F(AuthorizeTest, PromptNone) {
  const auto app = CreateApp("Prompt none");
  Browser browser(server_->Port());
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app, "login_required");
  // Signed in for another app: no consent for this one yet.
  const auto other = CreateApp("Prompt none other");
  ExpectCodeRedirect(SignInAndConsent(browser, other), other);
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app, "consent_required");
  ExpectCodeRedirect(SignInAndConsent(browser, app), app);
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app);
}

TEST_F(AuthorizeTest, PromptLoginAndMaxAgeAskForThePasswordAgain) {
  const auto app = CreateApp("Max age");
  Browser browser(server_->Port());
  ExpectCodeRedirect(SignInAndConsent(browser, app), app);
  const auto forced = browser.Get(AuthorizeUrl(app, "&prompt=login"));
  ASSERT_TRUE(IsLoginPage(forced));
  // After the sign-in on that form, the flow goes on without asking again.
  ExpectCodeRedirect(PostLogin(browser, forced), app);
  EXPECT_TRUE(IsLoginPage(browser.Get(AuthorizeUrl(app, "&max_age=0"))));
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app, "&max_age=3600")), app);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const auto old = browser.Get(AuthorizeUrl(app, "&max_age=1"));
  ASSERT_TRUE(IsLoginPage(old));
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&max_age=1&prompt=none")), app, "login_required");
  ExpectCodeRedirect(PostLogin(browser, old), app);
}

TEST_F(AuthorizeTest, SingleSignOnIntoASecondApp) {
  Browser browser(server_->Port());
  const auto first = CreateApp("Sso first");
  const auto second = CreateApp("Sso second");
  ExpectCodeRedirect(SignInAndConsent(browser, first), first);
  const auto page = browser.Get(AuthorizeUrl(second));
  ASSERT_TRUE(IsConsentPage(page)) << page.body;  // consent for the new app, no password
  ExpectCodeRedirect(PostConsent(browser, page), second);
}

TEST_F(AuthorizeTest, AConsentCountsOnlyForTheUserItWasShownTo) {
  Register("hana");
  const auto app = CreateApp("Consent owner");
  const auto other = CreateApp("Consent owner other");
  Browser browser(server_->Port());
  const auto page = PostLogin(browser, browser.Get(AuthorizeUrl(app)));
  ASSERT_TRUE(IsConsentPage(page)) << page.body;
  // Another user signs in in the same browser before the first page is answered.
  const auto switched = PostLogin(browser, browser.Get(AuthorizeUrl(other, "&prompt=login")), kPassword, "hana");
  ASSERT_TRUE(IsConsentPage(switched)) << switched.body;
  const auto late = PostConsent(browser, page);
  EXPECT_TRUE(IsConsentPage(late)) << late.body;  // asked again, of the user now signed in
  EXPECT_NE(late.body.find("hana"), std::string::npos);
  ExpectCodeRedirect(PostConsent(browser, late), app);
}

TEST_F(AuthorizeTest, WhateverEndsTheAccountsSessionEndsTheBrowserSignIn) {
  Register("grace");
  const auto app = CreateApp("Ended sessions");
  Browser browser(server_->Port());
  ExpectCodeRedirect(SignInAndConsent(browser, app, {}, "grace"), app);
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app);
  // The user signs out everywhere through the API: the browser's sign-in ends with it.
  const auto login = Json("POST", "/api/v1/auth/login", {{"account", "grace"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200);
  const auto token = login.body["data"]["access_token"].get<std::string>();
  const auto out = Json("POST", "/api/v1/auth/logout", {{"all", true}}, token);
  ASSERT_EQ(out.status, 200) << out.body;
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app, "login_required");

  // An administrator's lock ends it too, and the form then shows the lock.
  ExpectCodeRedirect(SignInAndConsent(browser, app, {}, "grace"), app);
  const auto user_id = login.body["data"]["user"]["id"].get<std::string>();
  ASSERT_EQ(Admin("POST", "/api/v1/admin/users/" + user_id + "/lock").status, 200);
  ExpectErrorRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app, "login_required");
}

TEST_F(AuthorizeTest, AnExpiredPasswordIsChangedOnTheWayThrough) {
  Register("ivy");
  const auto login = Json("POST", "/api/v1/auth/login", {{"account", "ivy"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  const auto user_id = login.body["data"]["user"]["id"].get<std::string>();
  const std::string temporary = "harbor quince meadow 17";
  const auto reset =
      Admin("POST", "/api/v1/admin/users/" + user_id + "/password", {{"password", temporary}, {"temporary", true}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  const auto app = CreateApp("Expired password");
  Browser browser(server_->Port());
  const auto login_page = browser.Get(AuthorizeUrl(app));
  ASSERT_TRUE(IsLoginPage(login_page)) << login_page.body;

  // The login form's step has no password change to post.
  auto stray = HiddenFields(login_page.body);
  stray["old_password"] = temporary;
  stray["new_password"] = stray["confirm_password"] = "copper willow station 88";
  ExpectErrorPage(browser.PostForm("/oauth/password", stray), 401);

  // The right but expired password leads to the password page, not to a sign-in.
  const auto page = PostLogin(browser, login_page, temporary, "ivy");
  ASSERT_TRUE(IsPasswordPage(page)) << page.body;
  EXPECT_TRUE(page.set_cookies.empty());
  EXPECT_NE(page.body.find("value=\"ivy\""), std::string::npos);
  EXPECT_NE(page.body.find("Your password has expired"), std::string::npos);

  auto fields = HiddenFields(page.body);
  auto post = [&](const std::string& old_password, const std::string& new_password, const std::string& confirmation) {
    fields["old_password"] = old_password;
    fields["new_password"] = new_password;
    fields["confirm_password"] = confirmation;
    return browser.PostForm("/oauth/password", fields);
  };
  const auto mismatch = post(temporary, "copper willow station 88", "copper willow station 89");
  ASSERT_TRUE(IsPasswordPage(mismatch)) << mismatch.body;
  EXPECT_NE(mismatch.body.find("do not match"), std::string::npos) << mismatch.body;
  const auto weak = post(temporary, "abc", "abc");
  ASSERT_TRUE(IsPasswordPage(weak)) << weak.body;
  EXPECT_NE(weak.body.find("Password does not meet the password policy: "), std::string::npos) << weak.body;
  const auto same = post(temporary, temporary, temporary);
  EXPECT_NE(same.body.find("must differ from the old one"), std::string::npos) << same.body;
  const auto wrong = post("not the password", "copper willow station 88", "copper willow station 88");
  ASSERT_TRUE(IsPasswordPage(wrong)) << wrong.body;
  EXPECT_NE(wrong.body.find("Incorrect username or password"), std::string::npos) << wrong.body;
  EXPECT_TRUE(wrong.set_cookies.empty());

  // A good one signs the browser in and the flow goes on.
  const auto consent = post(temporary, "copper willow station 88", "copper willow station 88");
  ASSERT_TRUE(IsConsentPage(consent)) << consent.body;
  ASSERT_EQ(consent.set_cookies.size(), 1u);
  EXPECT_TRUE(consent.set_cookies[0].starts_with("menshen_session="));
  ExpectCodeRedirect(PostConsent(browser, consent), app);
  ExpectCodeRedirect(browser.Get(AuthorizeUrl(app, "&prompt=none")), app);
  // The finished step cannot change the password again.
  ExpectErrorPage(post(temporary, "another meadow path 5", "another meadow path 5"), 401);

  EXPECT_EQ(Json("POST", "/api/v1/auth/login", {{"account", "ivy"}, {"password", "copper willow station 88"}}).status,
            200);
  EXPECT_NE(Json("POST", "/api/v1/auth/login", {{"account", "ivy"}, {"password", temporary}}).status, 200);
}

TEST_F(AuthorizeTest, PagesSpeakTheRequestedLanguage) {
  const auto app = CreateApp("Languages");
  Browser english(server_->Port(), "en-US");
  EXPECT_NE(english.Get(AuthorizeUrl(app)).body.find("<html lang=\"en\">"), std::string::npos);
  const auto chinese = english.Get(AuthorizeUrl(app, "&ui_locales=fr%20zh-CN"));
  EXPECT_NE(chinese.body.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(chinese.body.find("登录"), std::string::npos);
  // The language chosen by ui_locales stays for the flow's next page.
  const auto wrong = PostLogin(english, chinese, "not the password");
  EXPECT_NE(wrong.body.find("用户名或密码错误"), std::string::npos) << wrong.body;
  Browser zh(server_->Port(), "zh-CN,zh;q=0.9");
  EXPECT_NE(zh.Get(AuthorizeUrl(app)).body.find("<html lang=\"zh-CN\">"), std::string::npos);
}

TEST_F(AuthorizeTest, UserTextIsEscaped) {
  const auto app = CreateApp("Escaped & Co's");
  Browser browser(server_->Port());
  const auto page = browser.Get(AuthorizeUrl(app, "&login_hint=" + Encode("\"><b>x</b>")));
  ASSERT_TRUE(IsLoginPage(page)) << page.body;
  EXPECT_NE(page.body.find("Escaped &amp; Co&apos;s"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("<b>x</b>"), std::string::npos);
  EXPECT_NE(page.body.find("&quot;&gt;&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
}

// Behind an https issuer (TLS at a proxy), the cookies are Secure and __Host- prefixed.
TEST(AuthorizeHttpsTest, CookiesAreSecureAndHostPrefixedUnderAnHttpsIssuer) {
  ServerProcess server({"--set", "oauth.issuer=https://id.example.com"});
  ASSERT_TRUE(server.Started());
  std::string password;
  for (int i = 0; i < 100 && password.empty(); ++i) {
    password = server.RootPassword();
    if (password.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto [status, login] =
      CallJson(server.Port(), "POST", "/api/v1/auth/login", {{"account", "root"}, {"password", password}});
  ASSERT_EQ(status, 200) << login;
  const auto [created, app] = CallJson(server.Port(), "POST", "/api/v1/admin/apps",
                                       {{"name", "Behind a proxy"},
                                        {"type", "web"},
                                        {"redirect_uris", {"https://proxy.app.example.com/cb"}},
                                        {"grant_types", {"authorization_code"}},
                                        {"scopes", {"openid"}}},
                                       login["data"]["access_token"].get<std::string>());
  ASSERT_EQ(created, 201) << app;
  Browser browser(server.Port());
  const auto page = browser.Get(
      "/oauth/authorize?response_type=code&scope=openid&client_id=" + app["data"]["client_id"].get<std::string>() +
      "&redirect_uri=" + Encode("https://proxy.app.example.com/cb"));
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.set_cookies.size(), 1u);
  EXPECT_TRUE(page.set_cookies[0].starts_with("__Host-menshen_csrf=")) << page.set_cookies[0];
  EXPECT_NE(page.set_cookies[0].find("; Secure"), std::string::npos);
  EXPECT_NE(page.set_cookies[0].find("Path=/"), std::string::npos);
  EXPECT_EQ(page.set_cookies[0].find("Domain"), std::string::npos);
}

}  // namespace
}  // namespace menshen::testing
