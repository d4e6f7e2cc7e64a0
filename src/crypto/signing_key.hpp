// A key that signs or verifies JWS, bound to exactly one algorithm: verification never takes the
// algorithm from the token (RFC 8725 section 3.1), it takes it from the key the token's kid names.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace menshen::crypto {

enum class JwsAlg { kEs256, kRs256, kEdDsa };

// "ES256", "RS256", "EdDSA".
std::string_view AlgName(JwsAlg alg);
std::optional<JwsAlg> ParseAlg(std::string_view name);

// Immutable and cheap to copy (the OpenSSL key is shared); safe to use from many threads at once.
class SigningKey {
 public:
  // A fresh key: P-256 for ES256, RSA 2048 for RS256, Ed25519 for EdDSA.
  static Result<SigningKey> Generate(JwsAlg alg);
  // A PKCS#8 PEM private key; refused when its type or size does not fit `alg`.
  static Result<SigningKey> FromPrivatePem(JwsAlg alg, std::string_view pem);

  // PKCS#8 PEM, unencrypted: seal it before it leaves memory.
  Result<std::string> PrivatePem() const;

  JwsAlg Alg() const { return alg_; }
  // The RFC 7638 thumbprint of the public key.
  const std::string& Kid() const { return kid_; }
  // kty and its members, kid, alg, use="sig"; never a private member.
  const nlohmann::json& PublicJwk() const { return *jwk_; }

  // The JWS signature of `data` (for ES256 the raw 64-byte R||S of RFC 7518 section 3.4).
  Result<std::string> Sign(std::string_view data) const;
  bool Verify(std::string_view data, std::string_view signature) const;

 private:
  SigningKey(JwsAlg alg, std::shared_ptr<EVP_PKEY> key, std::string kid, std::shared_ptr<const nlohmann::json> jwk)
      : alg_(alg), key_(std::move(key)), kid_(std::move(kid)), jwk_(std::move(jwk)) {}
  static Result<SigningKey> Make(JwsAlg alg, std::shared_ptr<EVP_PKEY> key);
  Result<std::string> SignEs256(std::string_view data) const;

  JwsAlg alg_;
  std::shared_ptr<EVP_PKEY> key_;
  std::string kid_;
  std::shared_ptr<const nlohmann::json> jwk_;
  std::shared_ptr<EVP_PKEY_CTX> prepared_ecdsa_;  // ES256 only: set up for signing, duplicated per signature
};

// The keys a verifier accepts, found by kid. A handful at most, so a linear scan beats hashing.
class KeySet {
 public:
  KeySet() = default;
  explicit KeySet(std::vector<SigningKey> keys) : keys_(std::move(keys)) {}

  const SigningKey* Find(std::string_view kid) const;
  std::span<const SigningKey> Keys() const { return keys_; }

 private:
  std::vector<SigningKey> keys_;
};

}  // namespace menshen::crypto
