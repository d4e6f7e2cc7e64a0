#include "keys/password_transport_key.hpp"

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>

#include "crypto/base64.hpp"
#include "crypto/jwk.hpp"

namespace menshen::keys {
namespace {

namespace sql = store::sql;

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

constexpr std::string_view kPurpose = "password";
constexpr std::size_t kRsaBytes = 256;  // RSA 2048

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return {data, static_cast<std::size_t>(length)};
}

std::unexpected<Error> DecryptFailed(std::string internal) {
  return Fail(ErrorId::kAuthPasswordDecryptFailed,
              "encrypt the password with the key from GET /api/v1/auth/password-key", std::move(internal));
}

}  // namespace

Result<PasswordTransportKey> PasswordTransportKey::Make(std::shared_ptr<EVP_PKEY> key) {
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key.get()) != 2048) {
    return Fail(ErrorId::kCommonInternalError, {}, "the password transport key must be RSA 2048");
  }
  auto jwk = crypto::PublishedJwk(key.get(), "enc", "RSA-OAEP-256");
  if (!jwk) return std::unexpected(jwk.error());
  auto kid = (*jwk)["kid"].get<std::string>();
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "public key export failed");
  }
  auto pem = std::make_shared<const std::string>(BioText(bio.get()));
  return PasswordTransportKey(std::move(key), std::move(kid), std::make_shared<const nlohmann::json>(std::move(*jwk)),
                              std::move(pem));
}

Result<PasswordTransportKey> PasswordTransportKey::Generate() {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
  if (!raw) return Fail(ErrorId::kCommonInternalError, {}, "key generation failed");
  return Make(std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
}

Result<PasswordTransportKey> PasswordTransportKey::FromPrivatePem(std::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!raw) return Fail(ErrorId::kCommonInternalError, {}, "unreadable private key");
  return Make(std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
}

Result<std::string> PasswordTransportKey::PrivatePem() const {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "private key export failed");
  }
  std::string pem = BioText(bio.get());
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  OPENSSL_cleanse(data, static_cast<std::size_t>(length));
  return pem;
}

Result<std::string> PasswordTransportKey::Decrypt(std::string_view ciphertext_base64) const {
  // Longer than any encoding of one RSA block: refused before decoding.
  if (ciphertext_base64.size() > 2 * kRsaBytes) return DecryptFailed("ciphertext too long");
  auto ciphertext = crypto::Base64Decode(ciphertext_base64);
  if (!ciphertext) ciphertext = crypto::Base64UrlDecode(ciphertext_base64);
  if (!ciphertext || ciphertext->size() != kRsaBytes) return DecryptFailed("not one base64 RSA block");
  MayBlock();  // an RSA private-key operation takes about a millisecond
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr), EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "RSA-OAEP context setup failed");
  }
  std::string plain(kRsaBytes, '\0');
  std::size_t length = plain.size();
  const auto* in = reinterpret_cast<const unsigned char*>(ciphertext->data());
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &length, in, ciphertext->size()) !=
      1) {
    return DecryptFailed("OAEP decryption failed");
  }
  plain.resize(length);
  return plain;
}

Result<PasswordTransportKey> PasswordTransportKey::Open(sql::Database& db, const KeyEncryptionKey& kek, Random& random,
                                                        const Clock& clock) {
  auto load = [&]() -> Result<std::optional<PasswordTransportKey>> {
    std::optional<sql::Row> row;
    auto read = db.Read([&](sql::Connection& c) -> Status {
      auto found =
          c.QueryOne("SELECT kid, private_sealed FROM transport_keys WHERE purpose = ?", {std::string(kPurpose)});
      if (!found) return std::unexpected(found.error());
      row = std::move(*found);
      return {};
    });
    if (!read) return std::unexpected(read.error());
    if (!row) return std::nullopt;
    const auto sealed = crypto::Base64Decode(row->Text(1));
    if (!sealed) return Fail(ErrorId::kCommonInternalError, {}, "password transport key row is not base64");
    auto pem = kek.Open(*sealed, row->Text(0));
    if (!pem) return std::unexpected(pem.error());
    auto key = FromPrivatePem(*pem);
    OPENSSL_cleanse(pem->data(), pem->size());
    if (!key) return std::unexpected(key.error());
    if (key->Kid() != row->Text(0)) return Fail(ErrorId::kCommonInternalError, {}, "transport key is not its row");
    return std::move(*key);
  };
  auto existing = load();
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return std::move(**existing);

  // Generated outside the write lock (RSA generation is slow); the first node to insert wins.
  auto key = Generate();
  if (!key) return std::unexpected(key.error());
  auto pem = key->PrivatePem();
  if (!pem) return std::unexpected(pem.error());
  const auto sealed = crypto::Base64Encode(kek.Seal(*pem, key->Kid(), random));
  OPENSSL_cleanse(pem->data(), pem->size());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  auto written = db.Write([&](sql::Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO transport_keys (purpose, kid, private_sealed, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (purpose) DO NOTHING",
        {std::string(kPurpose), key->Kid(), sealed, now});
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  auto stored = load();
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return Fail(ErrorId::kCommonInternalError, {}, "password transport key vanished after insert");
  return std::move(**stored);
}

}  // namespace menshen::keys
