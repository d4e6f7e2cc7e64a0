#include "oauth/tokens/id_token.hpp"

#include <gtest/gtest.h>

namespace menshen::oauth {
namespace {

TEST(IdTokenTest, AtHashIsTheLeftHalfOfTheSha256) {
  // The example of OpenID Connect Core 1.0, appendix A.3.
  EXPECT_EQ(AtHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"), "77QmUPtjPfzWtF2AnpK9RQ");
  EXPECT_EQ(AtHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Z").size(), 22u);
  EXPECT_NE(AtHash("a"), AtHash("b"));
}

TEST(IdTokenTest, ClaimsNameTheClientTheUserAndTheAuthentication) {
  const auto claims = IdTokenClaims({.issuer = "https://id.example.com",
                                     .user_id = "u1",
                                     .client_id = "c1",
                                     .now = 1000,
                                     .ttl = 300,
                                     .auth_time = 900,
                                     .nonce = "n1",
                                     .sid = "s1",
                                     .amr = {"pwd"},
                                     .access_token = "at"});
  EXPECT_EQ(claims.iss, "https://id.example.com");
  EXPECT_EQ(claims.sub, "u1");
  EXPECT_EQ(claims.aud, std::vector<std::string>{"c1"});
  EXPECT_EQ(claims.iat, 1000);
  EXPECT_EQ(claims.exp, 1300);
  EXPECT_EQ(claims.sid, "s1");
  EXPECT_EQ(claims.extra["azp"], "c1");
  EXPECT_EQ(claims.extra["auth_time"], 900);
  EXPECT_EQ(claims.extra["nonce"], "n1");
  EXPECT_EQ(claims.extra["amr"], nlohmann::json({"pwd"}));
  EXPECT_EQ(claims.extra["at_hash"], AtHash("at"));

  // A refreshed ID token has no nonce; a grant without an IdP session no sid.
  const auto refreshed = IdTokenClaims({.issuer = "i", .user_id = "u", .client_id = "c", .access_token = "t"});
  EXPECT_FALSE(refreshed.extra.contains("nonce"));
  EXPECT_FALSE(refreshed.extra.contains("amr"));
  EXPECT_TRUE(refreshed.sid.empty());
}

}  // namespace
}  // namespace menshen::oauth
