#include "crypto/jwk.hpp"

#include <gtest/gtest.h>

namespace menshen::crypto {
namespace {

// RFC 7638 section 3.1.
const nlohmann::json kRfc7638Key = {
    {"kty", "RSA"},
    {"n",
     "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknj"
     "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQ"
     "vRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
     "nqDKgw"},
    {"e", "AQAB"},
    {"alg", "RS256"},
    {"kid", "2011-04-29"}};

TEST(JwkTest, ThumbprintMatchesRfc7638Example) {
  auto thumbprint = JwkThumbprint(kRfc7638Key);
  ASSERT_TRUE(thumbprint.has_value());
  EXPECT_EQ(*thumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(JwkTest, ThumbprintIgnoresOptionalMembersAndNeedsRequiredOnes) {
  nlohmann::json bare = kRfc7638Key;
  bare.erase("alg");
  bare.erase("kid");
  EXPECT_EQ(JwkThumbprint(bare).value(), JwkThumbprint(kRfc7638Key).value());
  bare.erase("e");
  EXPECT_FALSE(JwkThumbprint(bare).has_value());
  EXPECT_FALSE(JwkThumbprint(nlohmann::json{{"kty", "oct"}, {"k", "AAAA"}}).has_value());
}

TEST(JwkTest, PublicJwkPerAlgHasItsMembersAndNoPrivateOnes) {
  for (const auto alg : {JwsAlg::kEs256, JwsAlg::kRs256, JwsAlg::kEdDsa}) {
    auto key = SigningKey::Generate(alg);
    ASSERT_TRUE(key.has_value());
    const auto& jwk = key->PublicJwk();
    EXPECT_EQ(jwk["alg"], AlgName(alg));
    EXPECT_EQ(jwk["use"], "sig");
    EXPECT_EQ(jwk["kid"], key->Kid());
    EXPECT_EQ(JwkThumbprint(jwk).value(), key->Kid());
    EXPECT_FALSE(jwk.contains("d"));
    EXPECT_FALSE(jwk.contains("p"));
  }
  auto ec = SigningKey::Generate(JwsAlg::kEs256).value().PublicJwk();
  EXPECT_EQ(ec["kty"], "EC");
  EXPECT_EQ(ec["crv"], "P-256");
  EXPECT_EQ(ec["x"].get<std::string>().size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_EQ(ec["y"].get<std::string>().size(), 43u);
  auto rsa = SigningKey::Generate(JwsAlg::kRs256).value().PublicJwk();
  EXPECT_EQ(rsa["kty"], "RSA");
  EXPECT_EQ(rsa["e"], "AQAB");
  EXPECT_EQ(rsa["n"].get<std::string>().size(), 342u);  // 256 bytes
  auto okp = SigningKey::Generate(JwsAlg::kEdDsa).value().PublicJwk();
  EXPECT_EQ(okp["kty"], "OKP");
  EXPECT_EQ(okp["crv"], "Ed25519");
}

TEST(JwkTest, KeySetDocumentListsEachKey) {
  std::vector<SigningKey> keys{SigningKey::Generate(JwsAlg::kEs256).value(),
                               SigningKey::Generate(JwsAlg::kEdDsa).value()};
  const auto set = JwkSet(keys);
  ASSERT_EQ(set["keys"].size(), 2u);
  EXPECT_EQ(set["keys"][0]["kid"], keys[0].Kid());
  EXPECT_EQ(set["keys"][1]["kid"], keys[1].Kid());
}

TEST(JwkTest, PrivatePemRoundTripKeepsTheKidAndRefusesAnotherAlg) {
  auto key = SigningKey::Generate(JwsAlg::kEs256).value();
  const auto pem = key.PrivatePem().value();
  auto back = SigningKey::FromPrivatePem(JwsAlg::kEs256, pem);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->Kid(), key.Kid());
  EXPECT_FALSE(SigningKey::FromPrivatePem(JwsAlg::kRs256, pem).has_value());
  EXPECT_FALSE(SigningKey::FromPrivatePem(JwsAlg::kEs256, "not a key").has_value());
}

}  // namespace
}  // namespace menshen::crypto
