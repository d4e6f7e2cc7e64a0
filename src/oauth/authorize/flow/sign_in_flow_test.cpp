// The sign-in flow as a state machine: events in, steps out, over ports that keep everything in memory and a
// clock the test moves. No HTTP and no database.
#include "oauth/authorize/flow/sign_in_flow.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

namespace menshen::oauth {
namespace {

using std::chrono::seconds;

constexpr std::string_view kIssuer = "https://id.example.com";

// The browser's sign-ins, accounts, consents, codes and steps, in memory.
class MemoryPorts final : public FlowPorts {
 public:
  Result<std::optional<App>> FindApp(std::string_view client_id) override {
    if (client_id != app.id) return std::nullopt;
    return app;
  }
  Result<std::optional<BrowserSession>> FindSession(std::string_view secret) override {
    const auto it = sessions.find(std::string(secret));
    if (it == sessions.end()) return std::nullopt;
    return it->second;
  }
  Result<accounts::Session> SignIn(std::string_view account, std::string_view password,
                                   const audit::RequestContext&) override {
    if (account != "alice" || password != "right") return Fail(ErrorId::kAuthInvalidCredentials);
    return accounts::Session{.id = "session-" + std::to_string(++opened), .user_id = "user-alice", .created_at = now()};
  }
  Result<accounts::Session> ChangeExpiredPassword(std::string_view, std::string_view, std::string_view,
                                                  const audit::RequestContext&) override {
    return Fail(ErrorId::kAuthInvalidCredentials);
  }
  Result<StartedSession> StartSession(const accounts::Session& session) override {
    BrowserSession started{.user = User(session.user_id), .session_id = session.id, .auth_time = session.created_at};
    const auto secret = "secret-" + session.id;
    sessions[secret] = started;
    return StartedSession{.session = started, .secret = secret};
  }
  Status EndSession(const BrowserSession& session, const audit::RequestContext&) override {
    if (end_fails) return Fail(ErrorId::kCommonInternalError, {}, "the database is away");
    ended.push_back(session.session_id);
    std::erase_if(sessions, [&](const auto& entry) { return entry.second.session_id == session.session_id; });
    return {};
  }
  Result<std::string> HintSubject(std::string_view hint) override { return std::string(hint); }
  Result<bool> ConsentCovers(std::string_view user_id, std::string_view client_id,
                             const std::vector<std::string>&) override {
    return consents.contains(std::string(user_id) + "/" + std::string(client_id));
  }
  Status GrantConsent(std::string_view user_id, std::string_view client_id, const std::vector<std::string>&) override {
    consents.insert(std::string(user_id) + "/" + std::string(client_id));
    return {};
  }
  Result<std::string> IssueCode(const CodeGrant& grant) override {
    codes.push_back(grant);
    return "code-" + std::to_string(codes.size());
  }
  Result<std::string> SaveStep(const nlohmann::json& state) override {
    const auto id = "step-" + std::to_string(++saved);
    steps[id] = state;
    return id;
  }
  Status ReplaceStep(std::string_view id, const nlohmann::json& state) override {
    steps[std::string(id)] = state;
    return {};
  }
  Result<bool> FinishStep(std::string_view id) override {
    finished.insert(std::string(id));
    return steps.erase(std::string(id)) == 1;
  }

  static accounts::User User(const std::string& id) {
    return accounts::User{.id = id, .username = id.substr(5), .username_display = id.substr(5)};
  }
  std::int64_t now() const { return std::chrono::duration_cast<seconds>(clock.Now().time_since_epoch()).count(); }

  // A browser already signed in as `user_id`, `age` ago.
  std::string SignedInBrowser(const std::string& user_id, seconds age = seconds(0)) {
    const auto id = "earlier-" + std::to_string(++opened);
    sessions["secret-" + id] =
        BrowserSession{.user = User(user_id), .session_id = id, .auth_time = now() - age.count()};
    return "secret-" + id;
  }

  ManualClock clock;
  App app{.id = "client-1", .name = "Photos"};
  std::map<std::string, BrowserSession> sessions;  // by cookie secret
  std::set<std::string> consents;                  // user/client
  std::vector<std::string> ended;
  bool end_fails = false;
  std::vector<CodeGrant> codes;
  std::map<std::string, nlohmann::json> steps;
  std::set<std::string> finished;
  int opened = 0;
  int saved = 0;
};

class SignInFlowTest : public ::testing::Test {
 protected:
  FlowState Request(std::function<void(AuthorizeRequest&)> change = {}) {
    FlowState state{.request = {.client_id = "client-1",
                                .redirect_uri = "https://photos.example/cb",
                                .state = "xyz",
                                .scopes = {"openid", "profile"}},
                    .app = ports_.app,
                    .locale = "en"};
    if (change) change(state.request);
    return state;
  }
  // The request once its first page has been shown to `browser`.
  FlowState Shown(FlowState state, const Browser& browser) {
    flow_.Next(state, Arrived{}, browser);
    return state;
  }
  // The state a form posts back to, as the server would resume it.
  FlowState Posted(const FlowState& shown) {
    auto step = ports_.steps.at(*shown.step_id);
    step["id"] = *shown.step_id;
    return flow_.Resume(step).value();
  }
  static Browser From(std::optional<std::string> secret = std::nullopt) { return Browser{std::move(secret), {}}; }

  MemoryPorts ports_;
  SignInFlow flow_{ports_, ports_.clock, std::string(kIssuer)};
};

ShowPage PageOf(const FlowAnswer& answer) {
  EXPECT_TRUE(std::holds_alternative<ShowPage>(answer.step)) << "index " << answer.step.index();
  return std::get<ShowPage>(answer.step);
}

RedirectWithError ErrorOf(const FlowAnswer& answer) {
  EXPECT_TRUE(std::holds_alternative<RedirectWithError>(answer.step)) << "index " << answer.step.index();
  return std::get<RedirectWithError>(answer.step);
}

TEST_F(SignInFlowTest, ABrowserNotSignedInGetsTheSignInPage) {
  auto state = Request([](auto& r) { r.login_hint = "alice"; });
  const auto answer = flow_.Next(state, Arrived{}, From());
  const auto& page = PageOf(answer);
  EXPECT_EQ(page.page, Page::kSignIn);
  EXPECT_EQ(page.account, "alice");
  EXPECT_EQ(page.interaction, state.step_id);
  EXPECT_TRUE(ports_.steps.contains(page.interaction));
  EXPECT_FALSE(answer.new_session_secret);
}

TEST_F(SignInFlowTest, ASignedInUserWhoHasNotConsentedGetsTheConsentPage) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  auto state = Request();
  const auto& page = PageOf(flow_.Next(state, Arrived{}, From(secret)));
  EXPECT_EQ(page.page, Page::kConsent);
  EXPECT_EQ(page.user_name, "alice");
  EXPECT_EQ(Posted(state).consent_session, ports_.sessions.at(secret).session_id);
}

TEST_F(SignInFlowTest, AllowingConsentRedirectsWithACodeAndEndsTheStep) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  const auto shown = Shown(Request(), From(secret));  // the consent page, checked above
  auto posted = Posted(shown);
  const auto answer = flow_.Next(posted, ConsentSubmitted{ConsentDecision::kAllow}, From(secret));
  ASSERT_TRUE(std::holds_alternative<RedirectWithCode>(answer.step));
  EXPECT_EQ(std::get<RedirectWithCode>(answer.step).location,
            "https://photos.example/cb?code=code-1&state=xyz&iss=https%3A%2F%2Fid.example.com");
  EXPECT_TRUE(ports_.consents.contains("user-alice/client-1"));
  EXPECT_TRUE(ports_.steps.empty());
}

TEST_F(SignInFlowTest, DeniedConsentRedirectsWithAccessDenied) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  const auto shown = Shown(Request(), From(secret));  // the consent page
  auto posted = Posted(shown);
  const auto& redirect = ErrorOf(flow_.Next(posted, ConsentSubmitted{ConsentDecision::kDeny}, From(secret)));
  EXPECT_EQ(redirect.error.id, ErrorId::kOauth2AccessDenied);
  EXPECT_EQ(redirect.target.redirect_uri, "https://photos.example/cb");
  EXPECT_EQ(redirect.target.state, "xyz");
  EXPECT_TRUE(ports_.codes.empty());
  EXPECT_TRUE(ports_.steps.empty()) << "a denied request cannot be allowed by posting its form again";
}

TEST_F(SignInFlowTest, PromptNoneWithoutASignInRedirectsWithLoginRequired) {
  auto state = Request([](auto& r) { r.prompt.none = true; });
  const auto& redirect = ErrorOf(flow_.Next(state, Arrived{}, From()));
  EXPECT_EQ(redirect.error.id, ErrorId::kAuthLoginRequired);
  EXPECT_TRUE(ports_.steps.empty()) << "prompt=none shows no page";
}

TEST_F(SignInFlowTest, PromptNoneWithoutConsentRedirectsWithConsentRequired) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  auto state = Request([](auto& r) { r.prompt.none = true; });
  EXPECT_EQ(ErrorOf(flow_.Next(state, Arrived{}, From(secret))).error.id, ErrorId::kOauth2ConsentRequired);
}

TEST_F(SignInFlowTest, ANewSignInEndsTheBrowsersEarlierSignIn) {
  const auto earlier = ports_.SignedInBrowser("user-bob");
  auto shown = Request([](auto& r) { r.prompt.login = true; });
  EXPECT_EQ(PageOf(flow_.Next(shown, Arrived{}, From(earlier))).page, Page::kSignIn);
  auto posted = Posted(shown);
  const auto answer = flow_.Next(posted, SignInSubmitted{"alice", "right"}, From(earlier));
  EXPECT_EQ(ports_.ended, std::vector<std::string>{"earlier-1"});
  EXPECT_FALSE(ports_.FindSession(earlier).value());
  ASSERT_TRUE(answer.new_session_secret);
  EXPECT_EQ(ports_.FindSession(*answer.new_session_secret).value()->user.id, "user-alice");
  EXPECT_EQ(PageOf(answer).page, Page::kConsent);
}

TEST_F(SignInFlowTest, ASignInIsNotReplacedWhenTheEarlierOneCannotBeEnded) {
  const auto earlier = ports_.SignedInBrowser("user-bob");
  const auto shown = Shown(Request([](auto& r) { r.prompt.login = true; }), From(earlier));  // the sign-in page
  auto posted = Posted(shown);
  ports_.end_fails = true;
  const auto answer = flow_.Next(posted, SignInSubmitted{"alice", "right"}, From(earlier));
  EXPECT_EQ(ErrorOf(answer).error.id, ErrorId::kCommonInternalError);
  EXPECT_FALSE(answer.new_session_secret);
  EXPECT_EQ(ports_.sessions.size(), 1u) << "no new sign-in beside the one that could not end";
}

TEST_F(SignInFlowTest, AWrongPasswordShowsTheSignInPageAgainWithWhy) {
  const auto shown = Shown(Request(), From());
  auto posted = Posted(shown);
  const auto answer = flow_.Next(posted, SignInSubmitted{"alice", "wrong"}, From());
  const auto& page = PageOf(answer);
  EXPECT_EQ(page.page, Page::kSignIn);
  EXPECT_EQ(page.account, "alice");
  ASSERT_TRUE(page.error);
  EXPECT_EQ(page.error->id, ErrorId::kAuthInvalidCredentials);
  EXPECT_EQ(page.interaction, shown.step_id);
  EXPECT_FALSE(answer.new_session_secret);
}

TEST_F(SignInFlowTest, ASignInOlderThanMaxAgeGetsTheSignInPage) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  ports_.consents.insert("user-alice/client-1");
  ports_.clock.Advance(seconds(299));
  auto fresh = Request([](auto& r) { r.max_age = 300; });
  EXPECT_TRUE(std::holds_alternative<RedirectWithCode>(flow_.Next(fresh, Arrived{}, From(secret)).step));
  ports_.clock.Advance(seconds(1));  // whole seconds: an age equal to max_age is too old
  auto stale = Request([](auto& r) { r.max_age = 300; });
  EXPECT_EQ(PageOf(flow_.Next(stale, Arrived{}, From(secret))).page, Page::kSignIn);
}

TEST_F(SignInFlowTest, ASignInOnTheRequestsOwnFormSatisfiesMaxAgeZero) {
  ports_.consents.insert("user-alice/client-1");
  const auto shown = Shown(Request([](auto& r) { r.max_age = 0; }), From());  // the sign-in page
  auto posted = Posted(shown);
  const auto answer = flow_.Next(posted, SignInSubmitted{"alice", "right"}, From());
  ASSERT_TRUE(std::holds_alternative<RedirectWithCode>(answer.step));
  EXPECT_EQ(ports_.codes.at(0).user_id, "user-alice");
  EXPECT_EQ(ports_.codes.at(0).auth_time, ports_.now());
}

TEST_F(SignInFlowTest, AnIdTokenHintForAnotherUserAsksForASignIn) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  ports_.consents.insert("user-alice/client-1");
  auto other = Request([](auto& r) { r.id_token_hint = "user-bob"; });  // the fake's hint is its subject
  EXPECT_EQ(PageOf(flow_.Next(other, Arrived{}, From(secret))).page, Page::kSignIn);
}

TEST_F(SignInFlowTest, AConsentFormPostedAfterAnotherUserSignedInAsksThatUserAgain) {
  const auto alice = ports_.SignedInBrowser("user-alice");
  const auto shown = Shown(Request(), From(alice));  // the consent page, shown to alice
  const auto bob = ports_.SignedInBrowser("user-bob");
  auto posted = Posted(shown);
  const auto& page = PageOf(flow_.Next(posted, ConsentSubmitted{ConsentDecision::kAllow}, From(bob)));
  EXPECT_EQ(page.page, Page::kConsent);
  EXPECT_EQ(page.user_name, "bob");
  EXPECT_TRUE(ports_.consents.empty());
}

TEST_F(SignInFlowTest, AStepEndedByAnotherRequestIssuesNoCode) {
  const auto secret = ports_.SignedInBrowser("user-alice");
  const auto shown = Shown(Request(), From(secret));  // the consent page
  auto first = Posted(shown);
  auto second = Posted(shown);
  EXPECT_TRUE(std::holds_alternative<RedirectWithCode>(
      flow_.Next(first, ConsentSubmitted{ConsentDecision::kAllow}, From(secret)).step));
  const auto late = flow_.Next(second, ConsentSubmitted{ConsentDecision::kAllow}, From(secret));
  ASSERT_TRUE(std::holds_alternative<ShowErrorPage>(late.step));
  EXPECT_EQ(std::get<ShowErrorPage>(late.step).error.id, ErrorId::kTokenExpired);
  EXPECT_EQ(ports_.codes.size(), 1u);
}

}  // namespace
}  // namespace menshen::oauth
