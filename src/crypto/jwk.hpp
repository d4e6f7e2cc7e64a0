// JSON Web Keys (RFC 7517/7518): the public half of a signing key, its RFC 7638 thumbprint (our kid),
// and the JWK Set document that relying parties fetch.
#pragma once

#include <openssl/types.h>

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "core/error.hpp"
#include "crypto/signing_key.hpp"

namespace menshen::crypto {

// kty and the members that define the public key: crv, x, y (EC); n, e (RSA); crv, x (OKP).
Result<nlohmann::json> PublicJwkMembers(EVP_PKEY* key);

// RFC 7638: base64url SHA-256 of the required members in lexicographic order, without whitespace.
// Other members (kid, alg, use) do not change it.
Result<std::string> JwkThumbprint(const nlohmann::json& jwk);

// The public JWK of `key` with its thumbprint as kid and the given use ("sig", "enc") and alg.
Result<nlohmann::json> PublishedJwk(EVP_PKEY* key, std::string_view use, std::string_view alg);

// {"keys":[...]}: the public JWK of each key, in the order given.
nlohmann::json JwkSet(std::span<const SigningKey> keys);

}  // namespace menshen::crypto
