#include "keys/password_transport_key.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>

#include "core/test_temp_dir.hpp"
#include "crypto/base64.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::keys {
namespace {

// What a client does: RSA-OAEP with SHA-256 under the published PEM, then base64.
std::string EncryptFor(const std::string& public_pem, std::string_view plain) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())),
                                                BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key.get(), nullptr),
                                                                  EVP_PKEY_CTX_free);
  EXPECT_EQ(EVP_PKEY_encrypt_init(ctx.get()), 1);
  EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING);
  EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256());
  EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256());
  std::size_t length = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(plain.data());
  EVP_PKEY_encrypt(ctx.get(), nullptr, &length, in, plain.size());
  std::string out(length, '\0');
  EXPECT_EQ(EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, in, plain.size()), 1);
  out.resize(length);
  return crypto::Base64Encode(out);
}

class PasswordTransportKeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { key_ = new PasswordTransportKey(*PasswordTransportKey::Generate()); }
  static void TearDownTestSuite() { delete key_; }
  static PasswordTransportKey* key_;
};
PasswordTransportKey* PasswordTransportKeyTest::key_ = nullptr;

ErrorId IdOf(const Result<std::string>& result) { return result ? ErrorId::kCommonSuccess : result.error().id; }

TEST_F(PasswordTransportKeyTest, DecryptsWhatTheClientEncrypted) {
  const auto sealed = EncryptFor(key_->PublicPem(), "plum orchard lantern 42 密码");
  EXPECT_EQ(key_->Decrypt(sealed).value_or("?"), "plum orchard lantern 42 密码");
}

TEST_F(PasswordTransportKeyTest, PublishesAnEncryptionJwk) {
  EXPECT_EQ(key_->PublicJwk()["kty"], "RSA");
  EXPECT_EQ(key_->PublicJwk()["use"], "enc");
  EXPECT_EQ(key_->PublicJwk()["alg"], "RSA-OAEP-256");
  EXPECT_EQ(key_->PublicJwk()["kid"], key_->Kid());
  EXPECT_FALSE(key_->PublicJwk().contains("d"));
}

TEST_F(PasswordTransportKeyTest, EveryBadCiphertextIsOneError) {
  const auto sealed = EncryptFor(key_->PublicPem(), "secret");
  auto tampered = *crypto::Base64Decode(sealed);
  tampered[100] = static_cast<char>(tampered[100] ^ 1);
  for (const auto& bad : {std::string("not base64 !"), std::string("c2VjcmV0"), crypto::Base64Encode(tampered),
                          std::string(600, 'A'), std::string()}) {
    EXPECT_EQ(IdOf(key_->Decrypt(bad)), ErrorId::kAuthPasswordDecryptFailed) << bad.substr(0, 20);
  }
  const auto other = PasswordTransportKey::Generate();
  ASSERT_TRUE(other);
  EXPECT_EQ(IdOf(other->Decrypt(sealed)), ErrorId::kAuthPasswordDecryptFailed);
}

TEST_F(PasswordTransportKeyTest, SurvivesAPemRoundTrip) {
  const auto pem = key_->PrivatePem();
  ASSERT_TRUE(pem);
  const auto again = PasswordTransportKey::FromPrivatePem(*pem);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->Kid(), key_->Kid());
  EXPECT_EQ(again->Decrypt(EncryptFor(key_->PublicPem(), "x")).value_or("?"), "x");
}

TEST(PasswordTransportKeyStore, FirstStartCreatesItAndEveryLaterStartLoadsTheSameKey) {
  test_support::TempDir dir{"menshen-transport-key"};
  const auto db = store::sql::testing::OpenMigratedDatabase(dir.Path() / "menshen.db");
  ASSERT_TRUE(db);
  ManualClock clock;
  SystemRandom random;
  const auto kek = KeyEncryptionKey::FromBytes(std::string(kKekBytes, 'k')).value();
  const auto first = PasswordTransportKey::Open(*db, kek, random, clock);
  ASSERT_TRUE(first) << first.error().internal_detail;
  const auto second = PasswordTransportKey::Open(*db, kek, random, clock);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->Kid(), second->Kid());
  EXPECT_EQ(second->Decrypt(EncryptFor(first->PublicPem(), "same key")).value_or("?"), "same key");
  // Under another KEK the sealed key does not open: the start fails rather than making a second key.
  const auto other_kek = KeyEncryptionKey::FromBytes(std::string(kKekBytes, 'x')).value();
  EXPECT_FALSE(PasswordTransportKey::Open(*db, other_kek, random, clock));
}

}  // namespace
}  // namespace menshen::keys
