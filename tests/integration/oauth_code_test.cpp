// Authorization codes at the token endpoint (single use, reuse revokes, concurrent redemption, PKCE and
// redirect URI bindings), id_token_hint, RP-initiated logout and the discovery members of the authorization
// endpoint, through the real binary.
#include <atomic>
#include <thread>

#include "authorize_fixture.hpp"

namespace menshen::testing {
namespace {

class CodeTest : public AuthorizeTest {
 protected:
  static void SetUpTestSuite() {
    AuthorizeTest::SetUpTestSuite();
    Register("lin");
    introspector_ = CreateM2m("Code introspector");
  }

  // Signs in (when needed), consents, and returns the code.
  static std::string Code(Browser& browser, const TestApp& app, const std::string& extra = {},
                          const std::string& account = "ada") {
    const auto back = SignInAndConsent(browser, app, extra, account);
    EXPECT_EQ(back.status, 303) << back.body;
    return QueryValue(back.Header("location"), "code");
  }
  static Reply Redeem(const TestApp& app, const std::string& code, const std::string& verifier = kVerifier,
                      std::string redirect_uri = {}) {
    if (redirect_uri.empty()) redirect_uri = app.redirect_uri;
    std::string form = "grant_type=authorization_code&code=" + Encode(code) + "&redirect_uri=" + Encode(redirect_uri);
    if (!verifier.empty()) form += "&code_verifier=" + verifier;
    if (app.secret.empty()) return Form("/oauth/token", form + "&client_id=" + app.id);
    return Form("/oauth/token", form, BasicHeader(app.id, app.secret));
  }
  static bool Active(const std::string& token) {
    const auto reply =
        Form("/oauth/introspect", "token=" + token, BasicHeader(introspector_.first, introspector_.second));
    EXPECT_EQ(reply.status, 200) << reply.raw.body;
    return reply.body.value("active", false);
  }
  static Reply Refresh(const TestApp& app, const std::string& refresh_token) {
    return Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + Encode(refresh_token),
                BasicHeader(app.id, app.secret));
  }

  static inline std::pair<std::string, std::string> introspector_;
};

TEST_F(CodeTest, ACodeIsRedeemedOnceAndItsReuseRevokesTheGrant) {
  const auto app = CreateApp("Code once");
  Browser browser(server_->Port());
  const auto code = Code(browser, app, {}, "ada");
  const auto tokens = Redeem(app, code);
  ASSERT_EQ(tokens.status, 200) << tokens.raw.body;
  EXPECT_EQ(tokens.raw.Header("cache-control"), "no-store");
  EXPECT_EQ(tokens.body["token_type"], "Bearer");
  EXPECT_TRUE(tokens.body.contains("id_token"));
  EXPECT_TRUE(tokens.body.contains("refresh_token"));
  const auto access = tokens.body["access_token"].get<std::string>();
  EXPECT_TRUE(Active(access));

  const auto again = Redeem(app, code);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body["error"], "invalid_grant");
  EXPECT_FALSE(Active(access));
  EXPECT_EQ(Refresh(app, tokens.body["refresh_token"].get<std::string>()).body["error"], "invalid_grant");
}

TEST_F(CodeTest, ConcurrentRedemptionsHaveExactlyOneWinner) {
  const auto app = CreateApp("Code race");
  Browser browser(server_->Port());
  for (int round = 0; round < 3; ++round) {
    const auto code = Code(browser, app);
    std::atomic<int> wins = 0, refused = 0;
    std::string winner;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&] {
        const auto reply = Redeem(app, code);
        if (reply.status == 200) {
          ++wins;
          std::lock_guard lock(mutex);
          winner = reply.body["access_token"].get<std::string>();
        } else if (reply.body.value("error", "") == "invalid_grant") {
          ++refused;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 5) << "round " << round;
    // The others were replays: what the winner got is revoked.
    ASSERT_FALSE(winner.empty());
    EXPECT_FALSE(Active(winner));
  }
}

TEST_F(CodeTest, BindingsOfTheCodeAreChecked) {
  const auto app = CreateApp("Code bindings");
  const auto other = CreateApp("Code bindings other");
  Browser browser(server_->Port());
  auto refused = [](const Reply& reply) { return reply.status == 400 && reply.body["error"] == "invalid_grant"; };
  EXPECT_TRUE(refused(Redeem(app, Code(browser, app), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX")));
  EXPECT_TRUE(refused(Redeem(app, Code(browser, app), "")));
  EXPECT_TRUE(refused(Redeem(app, Code(browser, app), kVerifier, app.redirect_uri + "x")));
  EXPECT_TRUE(refused(Redeem(other, Code(browser, app))));
  EXPECT_TRUE(refused(Redeem(app, "not-a-code")));
  // A confidential client without PKCE: no verifier is fine, a verifier without a challenge is refused.
  auto plain_url = AuthorizeUrl(app);
  plain_url.erase(plain_url.find("&code_challenge="));
  auto code_of = [&](const std::string& url) { return QueryValue(browser.Get(url).Header("location"), "code"); };
  EXPECT_TRUE(refused(Redeem(app, code_of(plain_url), kVerifier)));
  EXPECT_EQ(Redeem(app, code_of(plain_url), "").status, 200);
  // A wrong secret is invalid_client before the code is looked at.
  auto forged = app;
  forged.secret = "wrong";
  EXPECT_EQ(Redeem(forged, Code(browser, app)).status, 401);
}

TEST_F(CodeTest, PublicClientsRedeemWithTheirClientIdAndPkce) {
  const auto spa = CreateApp("Code spa", "spa");
  ASSERT_TRUE(spa.secret.empty());
  Browser browser(server_->Port());
  const auto tokens = Redeem(spa, Code(browser, spa));
  ASSERT_EQ(tokens.status, 200) << tokens.raw.body;
  EXPECT_TRUE(tokens.body.contains("id_token"));
}

TEST_F(CodeTest, IdTokenHintWithPromptNone) {
  const auto app = CreateApp("Code hint");
  Browser browser(server_->Port());
  const auto tokens = Redeem(app, Code(browser, app, {}, "ada"));
  ASSERT_EQ(tokens.status, 200) << tokens.raw.body;
  const auto hint = tokens.body["id_token"].get<std::string>();
  const auto same = browser.Get(AuthorizeUrl(app, "&prompt=none&id_token_hint=" + hint));
  EXPECT_EQ(same.status, 303);
  EXPECT_EQ(QueryValue(same.Header("location"), "code").size(), 43u) << same.Header("location");
  // Another user is signed in in this browser: the hint's user is not, silently.
  Browser lin(server_->Port());
  ASSERT_FALSE(Code(lin, app, {}, "lin").empty());
  const auto other = lin.Get(AuthorizeUrl(app, "&prompt=none&id_token_hint=" + hint));
  EXPECT_EQ(QueryValue(other.Header("location"), "error"), "login_required") << other.Header("location");
  // Without prompt=none, the sign-in form is shown.
  EXPECT_TRUE(IsLoginPage(lin.Get(AuthorizeUrl(app, "&id_token_hint=" + hint))));
}

TEST_F(CodeTest, LogoutConfirmsEndsTheSignInAndItsGrantsThenReturns) {
  const auto app = CreateApp("Code logout");
  Browser browser(server_->Port());
  const auto tokens = Redeem(app, Code(browser, app));
  ASSERT_EQ(tokens.status, 200) << tokens.raw.body;
  const auto hint = tokens.body["id_token"].get<std::string>();

  // Unregistered or unverifiable: the error page, never a redirect.
  auto shown = [](const RawResponse& page, int status) {
    return page.status == status && page.Header("location").empty();
  };
  EXPECT_TRUE(shown(browser.Get("/oauth/logout?id_token_hint=" + hint +
                                "&post_logout_redirect_uri=" + Encode("https://evil.example.com/")),
                    400));
  EXPECT_TRUE(shown(browser.Get("/oauth/logout?post_logout_redirect_uri=" + Encode(app.logout_uri)), 400));
  EXPECT_TRUE(
      shown(browser.Get("/oauth/logout?id_token_hint=x.y.z&post_logout_redirect_uri=" + Encode(app.logout_uri)), 400));
  EXPECT_TRUE(shown(
      browser.Get("/oauth/logout?client_id=01NOSUCHAPP&post_logout_redirect_uri=" + Encode(app.logout_uri)), 404));

  const auto page = browser.Get("/oauth/logout?id_token_hint=" + hint +
                                "&post_logout_redirect_uri=" + Encode(app.logout_uri) + "&state=bye-1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("action=\"/oauth/logout/confirm\""), std::string::npos);
  EXPECT_EQ(page.Header("x-frame-options"), "DENY");
  // Still signed in until the user confirms.
  EXPECT_EQ(browser.Get(AuthorizeUrl(app, "&prompt=none")).status, 303);
  EXPECT_EQ(QueryValue(browser.Get(AuthorizeUrl(app, "&prompt=none")).Header("location"), "error"), "");
  auto fields = HiddenFields(page.body);
  fields["decision"] = "logout";
  auto forged = fields;
  forged["csrf"] = std::string(43, 'B');
  EXPECT_TRUE(shown(browser.PostForm("/oauth/logout/confirm", forged), 401));

  const auto out = browser.PostForm("/oauth/logout/confirm", fields);
  ASSERT_EQ(out.status, 303) << out.body;
  EXPECT_EQ(out.Header("location"), app.logout_uri + "?state=bye-1");
  ASSERT_EQ(out.set_cookies.size(), 1u);
  EXPECT_NE(out.set_cookies[0].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(QueryValue(browser.Get(AuthorizeUrl(app, "&prompt=none")).Header("location"), "error"), "login_required");
  // The grant of that sign-in is over: its tokens no longer work.
  EXPECT_FALSE(Active(tokens.body["access_token"].get<std::string>()));
  EXPECT_EQ(Refresh(app, tokens.body["refresh_token"].get<std::string>()).body["error"], "invalid_grant");
  // The confirmation cannot be posted twice.
  EXPECT_TRUE(shown(browser.PostForm("/oauth/logout/confirm", fields), 401));

  // Without a redirect URI the user sees a signed-out page.
  Browser plain(server_->Port());
  ASSERT_FALSE(Code(plain, app).empty());
  const auto ask = plain.Get("/oauth/logout");
  ASSERT_EQ(ask.status, 200);
  auto confirm = HiddenFields(ask.body);
  confirm["decision"] = "logout";
  const auto done = plain.PostForm("/oauth/logout/confirm", confirm);
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("You are signed out"), std::string::npos) << done.body;
}

TEST_F(CodeTest, DiscoveryDescribesTheAuthorizationEndpoint) {
  const auto reply = Send("GET", "/.well-known/openid-configuration", {}, {});
  ASSERT_EQ(reply.status, 200);
  const auto& d = reply.body;
  EXPECT_EQ(d["authorization_endpoint"], AuthorizeTest::Issuer() + "/oauth/authorize");
  EXPECT_EQ(d["end_session_endpoint"], AuthorizeTest::Issuer() + "/oauth/logout");
  EXPECT_EQ(d["response_types_supported"], json({"code"}));
  EXPECT_EQ(d["response_modes_supported"], json({"query"}));
  EXPECT_EQ(d["code_challenge_methods_supported"], json({"S256"}));
  EXPECT_EQ(d["authorization_response_iss_parameter_supported"], true);
  EXPECT_EQ(d["request_parameter_supported"], false);
  EXPECT_EQ(d["request_uri_parameter_supported"], false);
  EXPECT_EQ(d["claims_parameter_supported"], false);
  EXPECT_EQ(d["ui_locales_supported"], json({"zh-CN", "en"}));
  const auto grants = d["grant_types_supported"];
  EXPECT_NE(std::find(grants.begin(), grants.end(), "authorization_code"), grants.end());
  const auto prompts = d["prompt_values_supported"];
  EXPECT_NE(std::find(prompts.begin(), prompts.end(), "none"), prompts.end());
}

// The hosted pages' sign-in ends when left unused past login.session_idle_timeout; each page that uses it
// counts as activity. A limit of 3 s and uses 1 s apart: every use is within it, whatever the rounding.
class BrowserIdleTest : public AuthorizeTest {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--set", "login.session_idle_timeout=3s"};
    AuthorizeTest::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    AuthorizeTest::TearDownTestSuite();
    server_args_.clear();
  }
};

TEST_F(BrowserIdleTest, TheHostedSignInLivesWhileUsedAndEndsWhenIdle) {
  const auto app = CreateApp("Idle pages");
  Browser browser(server_->Port());
  const auto first = SignInAndConsent(browser, app);
  ASSERT_EQ(first.status / 100, 3) << first.body;
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto again = browser.Get(AuthorizeUrl(app));
    EXPECT_EQ(again.status / 100, 3) << "use " << i << ": " << again.body;  // straight back, no sign-in
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(4200));
  EXPECT_TRUE(IsLoginPage(browser.Get(AuthorizeUrl(app))));
}

}  // namespace
}  // namespace menshen::testing
