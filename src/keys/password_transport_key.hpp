// The RSA key a client may encrypt a password with before sending it (RSA-OAEP with SHA-256, the JWA
// name RSA-OAEP-256): for clients that must not hand a clear-text password to proxies that terminate TLS.
// One key per deployment, generated on first start and stored sealed under the key-encryption key, so
// every node decrypts what any node's public key encrypted.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "keys/key_encryption.hpp"
#include "store/sql/database.hpp"

namespace menshen::keys {

class PasswordTransportKey {
 public:
  static Result<PasswordTransportKey> Generate();
  static Result<PasswordTransportKey> FromPrivatePem(std::string_view pem);
  // Loads the deployment's key, creating it on first start; two nodes starting together keep one.
  static Result<PasswordTransportKey> Open(store::sql::Database& db, const KeyEncryptionKey& kek, Random& random,
                                           const Clock& clock);

  Result<std::string> PrivatePem() const;
  const std::string& Kid() const { return kid_; }
  // {kty, n, e, kid, use: "enc", alg: "RSA-OAEP-256"}
  const nlohmann::json& PublicJwk() const { return *jwk_; }
  const std::string& PublicPem() const { return *public_pem_; }

  // Standard or URL-safe base64 of the ciphertext -> the password. Every failure (not base64, wrong
  // length, not encrypted to this key, tampered) is auth.password_decrypt_failed, with no detail that
  // would help an attacker probe the padding.
  Result<std::string> Decrypt(std::string_view ciphertext_base64) const;

 private:
  PasswordTransportKey(std::shared_ptr<EVP_PKEY> key, std::string kid, std::shared_ptr<const nlohmann::json> jwk,
                       std::shared_ptr<const std::string> public_pem)
      : key_(std::move(key)), kid_(std::move(kid)), jwk_(std::move(jwk)), public_pem_(std::move(public_pem)) {}
  static Result<PasswordTransportKey> Make(std::shared_ptr<EVP_PKEY> key);

  std::shared_ptr<EVP_PKEY> key_;
  std::string kid_;
  std::shared_ptr<const nlohmann::json> jwk_;
  std::shared_ptr<const std::string> public_pem_;
};

}  // namespace menshen::keys
