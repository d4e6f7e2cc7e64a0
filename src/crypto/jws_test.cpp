#include "crypto/jws.hpp"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/random.hpp"
#include "crypto/base64.hpp"

namespace menshen::crypto {
namespace {

std::string B64(std::string_view text) {
  return Base64UrlEncode({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

std::vector<std::string> Split(const std::string& token) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(token.substr(start, dot - start));
  }
  parts.push_back(token.substr(start));
  return parts;
}

std::string InternalReason(const Result<VerifiedJws>& result) {
  EXPECT_FALSE(result.has_value());
  if (result) return {};
  EXPECT_EQ(result.error().id, ErrorId::kTokenInvalid);
  EXPECT_TRUE(result.error().public_detail.empty());
  return result.error().internal_detail;
}

class JwsTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    es256_ = new SigningKey(SigningKey::Generate(JwsAlg::kEs256).value());
    rs256_ = new SigningKey(SigningKey::Generate(JwsAlg::kRs256).value());
    eddsa_ = new SigningKey(SigningKey::Generate(JwsAlg::kEdDsa).value());
  }
  static void TearDownTestSuite() {
    delete es256_;
    delete rs256_;
    delete eddsa_;
  }
  KeySet All() const { return KeySet({*es256_, *rs256_, *eddsa_}); }

  static SigningKey* es256_;
  static SigningKey* rs256_;
  static SigningKey* eddsa_;
};

SigningKey* JwsTest::es256_ = nullptr;
SigningKey* JwsTest::rs256_ = nullptr;
SigningKey* JwsTest::eddsa_ = nullptr;

TEST_F(JwsTest, RoundTripPerAlg) {
  const auto keys = All();
  for (const SigningKey* key : {es256_, rs256_, eddsa_}) {
    const auto token = SignJws(*key, R"({"sub":"alice"})", "JWT").value();
    auto verified = VerifyJws(keys, token);
    ASSERT_TRUE(verified.has_value()) << AlgName(key->Alg()) << ": " << verified.error().internal_detail;
    EXPECT_EQ(verified->payload, R"({"sub":"alice"})");
    EXPECT_EQ(verified->key->Kid(), key->Kid());
    EXPECT_EQ(verified->header["alg"], AlgName(key->Alg()));
    EXPECT_EQ(verified->header["typ"], "JWT");
  }
}

TEST_F(JwsTest, Es256SignatureIsRawSixtyFourBytes) {
  const auto parts = Split(SignJws(*es256_, "{}", "JWT").value());
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(Base64UrlDecode(parts[2]).value().size(), 64u);
}

TEST_F(JwsTest, RefusesAlgNone) {
  const auto header = B64(R"({"alg":"none","kid":")" + es256_->Kid() + R"("})");
  EXPECT_EQ(InternalReason(VerifyJws(All(), header + "." + B64("{}") + ".")), "alg differs from the key's");
}

TEST_F(JwsTest, RefusesHs256SignedWithThePublicKeyAsSecret) {
  // The classic confusion: a verifier that trusts alg would HMAC with the RSA public key.
  const auto pem = rs256_->PrivatePem().value();
  BIO* in = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PUBKEY(out, pkey), 1);
  char* data = nullptr;
  const std::string public_pem(data, static_cast<std::size_t>(BIO_get_mem_data(out, &data)));
  BIO_free(out);
  BIO_free(in);
  EVP_PKEY_free(pkey);

  const auto input = B64(R"({"alg":"HS256","kid":")" + rs256_->Kid() + R"("})") + "." + B64(R"({"sub":"root"})");
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_length = 0;
  ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, public_pem.data(), public_pem.size(),
                      reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, sizeof mac, &mac_length),
            nullptr);
  const auto token = input + "." + Base64UrlEncode({mac, mac_length});
  EXPECT_EQ(InternalReason(VerifyJws(All(), token)), "alg differs from the key's");
}

TEST_F(JwsTest, RefusesAnAlgThatIsNotTheKeys) {
  // An ES256 key's kid with RS256 in the header: the RS256 signature must not be checked at all.
  const auto input = B64(R"({"alg":"RS256","kid":")" + es256_->Kid() + R"("})") + "." + B64("{}");
  const auto token = input + "." + B64(rs256_->Sign(input).value());
  EXPECT_EQ(InternalReason(VerifyJws(All(), token)), "alg differs from the key's");
}

TEST_F(JwsTest, RefusesUnknownOrMissingKid) {
  const auto token = SignJws(*es256_, "{}", "JWT").value();
  EXPECT_EQ(InternalReason(VerifyJws(KeySet({*rs256_, *eddsa_}), token)), "unknown kid");
  const auto no_kid = B64(R"({"alg":"ES256"})") + "." + Split(token)[1] + "." + Split(token)[2];
  EXPECT_EQ(InternalReason(VerifyJws(All(), no_kid)), "header without kid");
}

TEST_F(JwsTest, RefusesAnotherKeysKidOnTheSameAlg) {
  const auto other = SigningKey::Generate(JwsAlg::kEs256).value();
  const auto parts = Split(SignJws(*es256_, "{}", "JWT").value());
  const auto header = B64(R"({"alg":"ES256","kid":")" + other.Kid() + R"("})");
  EXPECT_EQ(InternalReason(VerifyJws(KeySet({*es256_, other}), header + "." + parts[1] + "." + parts[2])),
            "bad signature");
}

TEST_F(JwsTest, RefusesTamperedPayloadAndSignature) {
  for (const SigningKey* key : {es256_, rs256_, eddsa_}) {
    const auto parts = Split(SignJws(*key, R"({"sub":"alice"})", "JWT").value());
    const auto swapped = parts[0] + "." + B64(R"({"sub":"admin"})") + "." + parts[2];
    EXPECT_EQ(InternalReason(VerifyJws(All(), swapped)), "bad signature");
    auto signature = Base64UrlDecode(parts[2]).value();
    signature[signature.size() / 2] ^= 0x01;
    EXPECT_EQ(InternalReason(VerifyJws(All(), parts[0] + "." + parts[1] + "." + B64(signature))), "bad signature");
  }
}

TEST_F(JwsTest, RefusesTruncatedAndMisshapenTokens) {
  const auto token = SignJws(*es256_, "{}", "JWT").value();
  const auto parts = Split(token);
  EXPECT_FALSE(InternalReason(VerifyJws(All(), token.substr(0, token.size() - 4))).empty());
  EXPECT_EQ(InternalReason(VerifyJws(All(), parts[0] + "." + parts[1])), "not three segments");
  EXPECT_EQ(InternalReason(VerifyJws(All(), token + ".x")), "not three segments");
  EXPECT_EQ(InternalReason(VerifyJws(All(), "")), "not three segments");
  EXPECT_EQ(InternalReason(VerifyJws(All(), "..")), "header is not a JSON object");
  EXPECT_EQ(InternalReason(VerifyJws(All(), "e30*." + parts[1] + "." + parts[2])), "header is not base64url");
  EXPECT_EQ(InternalReason(VerifyJws(All(), B64("[1]") + "." + parts[1] + "." + parts[2])),
            "header is not a JSON object");
  EXPECT_EQ(InternalReason(VerifyJws(All(), parts[0] + "." + parts[1] + ".a=b")), "signature is not base64url");
}

TEST_F(JwsTest, RefusesCritHeaders) {
  const auto input = B64(R"({"alg":"ES256","kid":")" + es256_->Kid() + R"(","crit":["exp"]})") + "." + B64("{}");
  EXPECT_EQ(InternalReason(VerifyJws(All(), input + "." + B64(es256_->Sign(input).value()))), "header has crit");
}

TEST_F(JwsTest, RefusesTokensOverEightKibibytes) {
  // The longest validly signed token within the limit passes; one payload byte more and it is refused.
  std::string payload(5000, 'a');
  while (SignJws(*es256_, payload + 'a', "JWT").value().size() <= kMaxJwsBytes) payload += 'a';
  const auto longest = SignJws(*es256_, payload, "JWT").value();
  EXPECT_TRUE(VerifyJws(All(), longest).has_value());
  const auto over = SignJws(*es256_, payload + 'a', "JWT").value();
  EXPECT_GT(over.size(), kMaxJwsBytes);
  EXPECT_EQ(InternalReason(VerifyJws(All(), over)), "token longer than the limit");
  EXPECT_EQ(InternalReason(VerifyJws(All(), std::string(kMaxJwsBytes + 1, 'a'))), "token longer than the limit");
}

}  // namespace
}  // namespace menshen::crypto
