#include "oauth/authorize/pkce.hpp"

#include <gtest/gtest.h>

namespace menshen::oauth {
namespace {

// RFC 7636 Appendix B.
constexpr std::string_view kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::string_view kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(Pkce, S256MatchesTheRfcExample) {
  EXPECT_EQ(S256Challenge(kVerifier), kChallenge);
  EXPECT_TRUE(VerifierMatches(kVerifier, kChallenge));
}

TEST(Pkce, AnotherVerifierDoesNotMatch) {
  std::string other(kVerifier);
  other.back() = 'Y';
  EXPECT_FALSE(VerifierMatches(other, kChallenge));
  EXPECT_FALSE(VerifierMatches(kVerifier, kChallenge.substr(1)));
  EXPECT_FALSE(VerifierMatches(kChallenge, kChallenge));  // the challenge itself is not a verifier of itself
}

TEST(Pkce, VerifierFormat) {
  EXPECT_TRUE(IsValidCodeVerifier(kVerifier));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(128, '~')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(129, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(43, 'a') + "+"));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(43, ' ')));
}

TEST(Pkce, ChallengeFormat) {
  EXPECT_TRUE(IsValidCodeChallenge(kChallenge));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(kChallenge) + "="));
  EXPECT_FALSE(IsValidCodeChallenge(kChallenge.substr(1)));
  EXPECT_FALSE(IsValidCodeChallenge(std::string(42, 'a') + "."));
}

}  // namespace
}  // namespace menshen::oauth
