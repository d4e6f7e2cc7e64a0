#include "crypto/jwt.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"
#include "crypto/base64.hpp"
#include "crypto/jws.hpp"

namespace menshen::crypto {
namespace {

using std::chrono::seconds;

class JwtTest : public testing::Test {
 protected:
  std::int64_t Now() const { return std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count(); }
  Claims Basic() const {
    Claims claims;
    claims.iss = "https://id.example";
    claims.sub = "user-1";
    claims.aud = {"api"};
    claims.iat = Now();
    claims.exp = Now() + 60;
    return claims;
  }
  Result<Claims> Verify(const std::string& token, const JwtRequirements& requirements = {}) const {
    return VerifyJwt(keys_, token, clock_, requirements);
  }
  std::string Payload(const std::string& token) const {
    const auto first = token.find('.');
    return Base64UrlDecode(token.substr(first + 1, token.rfind('.') - first - 1)).value();
  }

  ManualClock clock_;
  SigningKey key_ = SigningKey::Generate(JwsAlg::kEs256).value();
  KeySet keys_{{key_}};
};

TEST_F(JwtTest, RoundTripKeepsEveryClaim) {
  Claims claims = Basic();
  claims.aud = {"api", "billing"};
  claims.nbf = Now() - 5;
  claims.jti = "t-1";
  claims.sid = "s-1";
  claims.extra = {{"scope", "read write"}, {"roles", {"admin"}}};
  auto verified = Verify(SignJwt(key_, claims).value());
  ASSERT_TRUE(verified.has_value()) << verified.error().internal_detail;
  EXPECT_EQ(*verified, claims);
}

TEST_F(JwtTest, OneAudienceIsAStringAndEmptyClaimsAreLeftOut) {
  Claims claims = Basic();
  claims.iss.clear();
  const auto body = nlohmann::json::parse(Payload(SignJwt(key_, claims).value()));
  EXPECT_EQ(body["aud"], "api");
  EXPECT_FALSE(body.contains("iss"));
  EXPECT_FALSE(body.contains("jti"));
  EXPECT_FALSE(body.contains("nbf"));
}

TEST_F(JwtTest, RegisteredClaimsWinOverExtraOnes) {
  Claims claims = Basic();
  claims.extra = {{"sub", "someone-else"}, {"iss", "https://other.example"}};
  claims.iss.clear();
  const auto token = SignJwt(key_, claims).value();
  EXPECT_EQ(Verify(token).value().sub, "user-1");
  // Each name once: a parser that keeps the first of two members would read another subject.
  const auto payload = Payload(token);
  EXPECT_EQ(payload.find("\"sub\""), payload.rfind("\"sub\"")) << payload;
  EXPECT_EQ(payload.find("someone-else"), std::string::npos) << payload;
  // An extra claim stands where its registered field is empty.
  EXPECT_EQ(nlohmann::json::parse(payload)["iss"], "https://other.example");
}

TEST_F(JwtTest, PayloadEscapesWhatJsonMust) {
  Claims claims = Basic();
  claims.sub = "quote\" back\\ tab\t \u0001 ä¸­";
  claims.extra = {{"name", "line\nbreak"}, {"n", 3}, {"flags", {true, nullptr}}};
  const auto token = SignJwt(key_, claims).value();
  const auto body = nlohmann::json::parse(Payload(token));
  EXPECT_EQ(body["sub"], claims.sub);
  EXPECT_EQ(body["name"], "line\nbreak");
  EXPECT_EQ(body["n"], 3);
  EXPECT_EQ(body["flags"], nlohmann::json({true, nullptr}));
  const auto header = nlohmann::json::parse(Base64UrlDecode(token.substr(0, token.find('.'))).value());
  EXPECT_EQ(header, nlohmann::json({{"alg", "ES256"}, {"kid", key_.Kid()}, {"typ", "JWT"}}));
}

TEST_F(JwtTest, ExpiredAfterExpPlusLeeway) {
  const auto token = SignJwt(key_, Basic()).value();
  clock_.Advance(seconds(60 + 29));
  EXPECT_TRUE(Verify(token).has_value());
  clock_.Advance(seconds(1));
  auto result = Verify(token);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().id, ErrorId::kTokenExpired);
  EXPECT_TRUE(result.error().public_detail.empty());
  EXPECT_FALSE(Verify(token, {.leeway = seconds(0)}).has_value());
}

TEST_F(JwtTest, NotBeforeInTheFutureIsInvalid) {
  Claims claims = Basic();
  claims.nbf = Now() + 120;
  claims.exp = Now() + 300;
  const auto token = SignJwt(key_, claims).value();
  auto result = Verify(token);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().id, ErrorId::kTokenInvalid);
  EXPECT_EQ(result.error().internal_detail, "nbf is in the future");
  clock_.Advance(seconds(100));
  EXPECT_TRUE(Verify(token).has_value());  // within the leeway
}

TEST_F(JwtTest, IssuedInTheFutureIsInvalid) {
  Claims claims = Basic();
  claims.iat = Now() + 600;
  claims.exp = Now() + 900;
  EXPECT_EQ(Verify(SignJwt(key_, claims).value()).error().internal_detail, "iat is in the future");
}

TEST_F(JwtTest, IssuerAndAudienceWhenRequired) {
  Claims claims = Basic();
  claims.aud = {"api", "billing"};
  const auto token = SignJwt(key_, claims).value();
  EXPECT_TRUE(Verify(token, {.issuer = "https://id.example", .audience = "billing"}).has_value());
  auto wrong_iss = Verify(token, {.issuer = "https://evil.example"});
  ASSERT_FALSE(wrong_iss.has_value());
  EXPECT_EQ(wrong_iss.error().id, ErrorId::kTokenInvalid);
  EXPECT_EQ(wrong_iss.error().internal_detail, "iss does not match");
  auto wrong_aud = Verify(token, {.audience = "admin"});
  ASSERT_FALSE(wrong_aud.has_value());
  EXPECT_EQ(wrong_aud.error().internal_detail, "aud does not match");
}

TEST_F(JwtTest, MissingExpIsInvalidUnlessAllowed) {
  Claims claims = Basic();
  claims.exp.reset();
  const auto token = SignJwt(key_, claims).value();
  EXPECT_EQ(Verify(token).error().internal_detail, "no exp");
  EXPECT_TRUE(Verify(token, {.require_exp = false}).has_value());
}

TEST_F(JwtTest, RegisteredClaimOfTheWrongTypeIsInvalid) {
  for (const auto& extra :
       {nlohmann::json{{"exp", "tomorrow"}}, nlohmann::json{{"aud", {"api", 7}}}, nlohmann::json{{"iss", 1}}}) {
    Claims claims = Basic();
    claims.exp.reset();
    claims.aud.clear();
    claims.iss.clear();
    claims.extra = extra;
    EXPECT_EQ(Verify(SignJwt(key_, claims).value(), {.require_exp = false}).error().internal_detail,
              "a registered claim has the wrong type")
        << extra.dump();
  }
}

TEST_F(JwtTest, TypIsCheckedWhenRequired) {
  const auto access = SignJwt(key_, Basic(), kTypAccessToken).value();
  const auto plain = SignJwt(key_, Basic()).value();
  EXPECT_TRUE(Verify(access, {.typ = "at+jwt"}).has_value());
  EXPECT_TRUE(Verify(access, {.typ = "application/AT+JWT"}).has_value());
  EXPECT_EQ(Verify(plain, {.typ = "at+jwt"}).error().internal_detail, "typ does not match");
  EXPECT_TRUE(Verify(plain).has_value());
}

TEST_F(JwtTest, PayloadThatIsNotAnObjectIsInvalid) {
  const auto token = SignJws(key_, "[1,2]", "JWT").value();
  EXPECT_EQ(Verify(token).error().internal_detail, "payload is not a JSON object");
}

TEST_F(JwtTest, SignatureFailureComesBeforeClaims) {
  Claims claims = Basic();
  const auto token = SignJwt(SigningKey::Generate(JwsAlg::kEs256).value(), claims).value();
  EXPECT_EQ(Verify(token).error().internal_detail, "unknown kid");
}

}  // namespace
}  // namespace menshen::crypto
