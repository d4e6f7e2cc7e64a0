#include "accounts/identity/password_policy.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>

#include "accounts/identity/rules_config.hpp"

namespace menshen::accounts {
namespace {

std::string Problem(std::string_view password, const PasswordPolicy& policy = {},
                    std::span<const std::string_view> inputs = {}) {
  auto result = CheckPassword(password, policy, inputs);
  if (result) return "ok";
  if (result.error().id == ErrorId::kPasswordRequired) return "required";
  EXPECT_EQ(result.error().id, ErrorId::kPasswordPolicyViolation);
  return result.error().public_detail;
}

TEST(PasswordPolicy, EmptyIsRequired) { EXPECT_EQ(Problem(""), "required"); }

TEST(PasswordPolicy, LengthInCodePoints) {
  EXPECT_EQ(Problem("x7$Qm!p"), "at least 8 characters");
  EXPECT_EQ(Problem("x7$Qm!pL"), "ok");
  EXPECT_EQ(Problem("ab12", PasswordPolicy{.min_length = 6}), "at least 6 characters");
  // Seven Chinese characters are 21 bytes but 7 characters.
  EXPECT_EQ(Problem("风雨同舟电脑桌"), "at least 8 characters");
  EXPECT_EQ(Problem(std::string(129, 'k'), PasswordPolicy{.min_zxcvbn_score = 0}), "at most 128 characters");
}

TEST(PasswordPolicy, RefusesMalformedText) {
  EXPECT_EQ(Problem("x7$Qm!pL\xFF"), "must be valid UTF-8 text");
  EXPECT_EQ(Problem(std::string("x7$Qm\0!pL9", 10)), "must not contain NUL characters");
}

TEST(PasswordPolicy, RefusesOneMegabyteWithoutWork) {
  std::string huge(1 << 20, 'a');
  auto start = std::chrono::steady_clock::now();
  auto result = CheckPassword(huge, {}, {});
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().id, ErrorId::kPasswordPolicyViolation);
  EXPECT_EQ(result.error().public_detail, "at most 128 characters");
  EXPECT_LT(elapsed, std::chrono::milliseconds(10));
}

TEST(PasswordPolicy, RefusesWeakPasswords) {
  EXPECT_EQ(Problem("password123"), "too easy to guess: use a longer phrase or mix unrelated words");
  EXPECT_EQ(Problem("qwertyuiop"), "too easy to guess: use a longer phrase or mix unrelated words");
  EXPECT_EQ(Problem("aaaaaaaaaaaa"), "too easy to guess: use a longer phrase or mix unrelated words");
  EXPECT_EQ(Problem("12345678"), "too easy to guess: use a longer phrase or mix unrelated words");
}

TEST(PasswordPolicy, RefusesTheUsersOwnIdentifiers) {
  std::array<std::string_view, 2> inputs{"Zhangwei88", "wei.zhang@example.com"};
  EXPECT_EQ(Problem("zhangwei88", {}, inputs), "must not contain your username or e-mail");
  EXPECT_EQ(Problem("x7$Q-ZHANGWEI88-m!pL", {}, inputs), "must not contain your username or e-mail");
  EXPECT_EQ(Problem("wei.zhang-x7$Qm!pL", {}, inputs), "must not contain your username or e-mail");
  EXPECT_EQ(Problem("ｚｈａｎｇｗｅｉ８８!!", {}, inputs), "must not contain your username or e-mail");
  // Without the inputs the same passwords would pass or fail on strength alone.
  EXPECT_EQ(Problem("x7$Q-ZHANGWEI88-m!pL"), "ok");
}

TEST(PasswordPolicy, AcceptsStrongPasswords) {
  EXPECT_EQ(Problem("correct horse battery staple"), "ok");
  EXPECT_EQ(Problem("x7$Qm!pL9#vR"), "ok");
  EXPECT_EQ(Problem("月亮代表我的心Tq9!"), "ok");
  EXPECT_EQ(Problem(std::string(128, 'k'), PasswordPolicy{.min_zxcvbn_score = 0}), "ok");
}

TEST(PasswordPolicy, ScoreFollowsGuessThresholds) {
  EXPECT_EQ(EstimatePasswordScore(""), 0);
  EXPECT_EQ(EstimatePasswordScore("password"), 0);
  EXPECT_EQ(EstimatePasswordScore("correct horse battery staple"), 4);
  EXPECT_LT(EstimatePasswordScore("Tr0ub4dor"), EstimatePasswordScore("Tr0ub4dor&3x!Lq"));
  std::array<std::string_view, 1> inputs{"marguerite"};
  EXPECT_LT(EstimatePasswordScore("marguerite1", inputs), EstimatePasswordScore("marguerite1"));
  // The policy's minimum score decides.
  EXPECT_EQ(Problem("password123", PasswordPolicy{.min_zxcvbn_score = 0}), "ok");
}

TEST(PasswordPolicy, FollowsTheConfiguredRules) {
  AccountsConfig config;
  config.password_min_length = 6;
  config.password_min_score = 0;
  config.username_min_length = 2;
  EXPECT_EQ(Problem("abc123", PasswordPolicyFrom(config)), "ok");
  EXPECT_EQ(Problem("abc12", PasswordPolicyFrom(config)), "at least 6 characters");
  EXPECT_TRUE(NormalizeUsername("ab", UsernamePolicyFrom(config)));
  EXPECT_FALSE(NormalizeUsername("ab", UsernamePolicyFrom(AccountsConfig{})));
}

}  // namespace
}  // namespace menshen::accounts
