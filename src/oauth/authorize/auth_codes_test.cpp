// Codes and their redemption against the in-process key-value store and a fake token issuer that records
// what it was asked to revoke.
#include "oauth/authorize/auth_codes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "oauth/authorize/pkce.hpp"
#include "oauth/tokens/code_grant.hpp"
#include "store/kv/forwarding_kv.hpp"
#include "store/kv/memory/memory_kv.hpp"

namespace menshen::oauth {
namespace {

constexpr std::string_view kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

class RecordingTokens final : public UserTokens {
 public:
  Result<IssuedUserTokens> Issue(const App& client, const UserGrant& grant) override {
    std::lock_guard lock(mutex_);
    issued_.push_back(grant);
    return IssuedUserTokens{.grant_id = "grant-" + std::to_string(issued_.size()) + "-" + client.id,
                            .access_token = "at"};
  }
  Status RevokeGrant(std::string_view grant_id) override {
    std::lock_guard lock(mutex_);
    revoked_.emplace_back(grant_id);
    return {};
  }
  Status RevokeSessionGrants(std::string_view, std::string_view) override { return {}; }
  std::vector<UserGrant> issued_;
  std::vector<std::string> revoked_;
  std::mutex mutex_;
};

// The in-process store, except that a read of a code's marker can run `between` after the value is read and
// before it is returned: another node's redemption finishing in the middle of a replay's check.
class InterleavingKv final : public store::kv::ForwardingKv {
 public:
  using ForwardingKv::ForwardingKv;
  std::function<void()> between;

  Result<std::optional<std::string>> Get(std::string_view key) override {
    auto value = inner_.Get(key);
    if (key.starts_with("oauth:code-used:") && between) std::exchange(between, nullptr)();
    return value;
  }
};

class AuthCodesTest : public ::testing::Test {
 protected:
  App Client(AppType type = AppType::kWeb) {
    App app;
    app.id = "client-1";
    app.type = type;
    app.grant_types = {GrantType::kAuthorizationCode};
    return app;
  }
  CodeGrant Grant() {
    return {.client_id = "client-1",
            .redirect_uri = "https://app.example.com/cb",
            .code_challenge = S256Challenge(kVerifier),
            .scopes = {"openid"},
            .user_id = "u1",
            .session_id = "s1",
            .auth_time = 1'700'000'000,
            .nonce = "n-1"};
  }
  CodeRedemption Good(const std::string& code) {
    return {.code = code, .redirect_uri = "https://app.example.com/cb", .code_verifier = kVerifier};
  }

  ManualClock clock_;
  SystemRandom random_;
  store::kv::MemoryKv kv_{clock_, 10'000};
  AuthCodes codes_{kv_, random_};
  RecordingTokens tokens_;
};

TEST_F(AuthCodesTest, RedeemedOnceWithEverythingItWasIssuedFor) {
  const auto code = codes_.Issue(Grant()).value();
  EXPECT_EQ(code.size(), 43u);
  auto issued = RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code));
  ASSERT_TRUE(issued) << issued.error().public_detail;
  ASSERT_EQ(tokens_.issued_.size(), 1u);
  EXPECT_EQ(tokens_.issued_[0].user_id, "u1");
  EXPECT_EQ(tokens_.issued_[0].session_id, "s1");
  EXPECT_EQ(tokens_.issued_[0].nonce, "n-1");
  EXPECT_EQ(tokens_.issued_[0].auth_time, 1'700'000'000);
  EXPECT_TRUE(tokens_.revoked_.empty());
}

TEST_F(AuthCodesTest, ASecondRedemptionIsRefusedAndRevokesTheFirst) {
  const auto code = codes_.Issue(Grant()).value();
  const auto first = RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code)).value();
  auto second = RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().id, ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(tokens_.revoked_, std::vector<std::string>{first.grant_id});
  // After the code's own lifetime the marker still catches a replay.
  clock_.Advance(AuthCodes::kLifetime + std::chrono::seconds(5));
  EXPECT_FALSE(RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code)));
  EXPECT_EQ(tokens_.revoked_.size(), 2u);
}

TEST_F(AuthCodesTest, ExpiresAfterSixtySeconds) {
  const auto code = codes_.Issue(Grant()).value();
  clock_.Advance(AuthCodes::kLifetime + std::chrono::seconds(1));
  auto late = RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().id, ErrorId::kOauth2InvalidGrant);
  EXPECT_TRUE(tokens_.issued_.empty());
  EXPECT_TRUE(tokens_.revoked_.empty());
}

TEST_F(AuthCodesTest, BindingsAreChecked) {
  auto refused = [&](CodeRedemption r, App client) {
    const auto code = codes_.Issue(Grant()).value();
    if (r.code) r.code = code;
    auto result = RedeemAuthorizationCode(codes_, tokens_, client, r);
    return !result && result.error().id == ErrorId::kOauth2InvalidGrant;
  };
  auto base = Good("placeholder");
  auto other = Client();
  other.id = "client-2";
  EXPECT_TRUE(refused(base, other));
  auto wrong_uri = base;
  wrong_uri.redirect_uri = "https://app.example.com/cb2";
  EXPECT_TRUE(refused(wrong_uri, Client()));
  auto no_uri = base;
  no_uri.redirect_uri.reset();
  EXPECT_TRUE(refused(no_uri, Client()));
  auto wrong_verifier = base;
  const std::string other_verifier(43, 'a');
  wrong_verifier.code_verifier = other_verifier;
  EXPECT_TRUE(refused(wrong_verifier, Client()));
  auto no_verifier = base;
  no_verifier.code_verifier.reset();
  EXPECT_TRUE(refused(no_verifier, Client()));
  EXPECT_TRUE(tokens_.issued_.empty());
}

TEST_F(AuthCodesTest, AVerifierWithoutAChallengeIsRefused) {
  auto grant = Grant();
  grant.code_challenge.clear();
  const auto code = codes_.Issue(grant).value();
  auto result = RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().id, ErrorId::kOauth2InvalidGrant);
  // Without either, a confidential client is fine; a public one never gets there (PKCE is required).
  const auto plain = codes_.Issue(grant).value();
  auto redemption = Good(plain);
  redemption.code_verifier.reset();
  EXPECT_TRUE(RedeemAuthorizationCode(codes_, tokens_, Client(), redemption));
  const auto public_code = codes_.Issue(grant).value();
  redemption.code = public_code;
  EXPECT_FALSE(RedeemAuthorizationCode(codes_, tokens_, Client(AppType::kSpa), redemption));
}

TEST_F(AuthCodesTest, ConcurrentRedemptionsHaveOneWinner) {
  for (int round = 0; round < 20; ++round) {
    const auto code = codes_.Issue(Grant()).value();
    std::atomic<int> wins = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        if (RedeemAuthorizationCode(codes_, tokens_, Client(), Good(code))) ++wins;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
  }
  EXPECT_EQ(tokens_.issued_.size(), 20u);
}

TEST_F(AuthCodesTest, AReplayCheckedWhileTheFirstRedemptionFinishesStillRevokesItsGrant) {
  InterleavingKv kv(kv_);
  AuthCodes codes(kv, random_);
  const auto code = codes.Issue(Grant()).value();
  ASSERT_TRUE(codes.Take(code).value().grant.has_value());  // the first redemption, under way
  // The replay reads the marker while it is still pending; the first redemption then records its grant and
  // asks whether a replay came, before the replay has said anything more.
  bool first_saw_replay = false;
  kv.between = [&] { first_saw_replay = codes.Redeemed(code, "grant-first").value(); };
  const auto replay = codes.Take(code).value();
  ASSERT_FALSE(replay.grant.has_value());
  EXPECT_TRUE(first_saw_replay || replay.reused_grant_id == "grant-first")
      << "neither side revokes the grant of a replayed code";
}

TEST_F(AuthCodesTest, UnknownCodesLeaveNoMarker) {
  auto result = RedeemAuthorizationCode(codes_, tokens_, Client(), Good("no-such-code"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().id, ErrorId::kOauth2InvalidGrant);
  EXPECT_EQ(kv_.Get("oauth:code-used:" + std::string(64, '0')).value(), std::nullopt);
  EXPECT_FALSE(RedeemAuthorizationCode(codes_, tokens_, Client(), Good(std::string(200, 'x'))));
  EXPECT_TRUE(tokens_.revoked_.empty());
}

}  // namespace
}  // namespace menshen::oauth
