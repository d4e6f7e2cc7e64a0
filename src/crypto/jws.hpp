// Compact JWS (RFC 7515) signing and verification. The verifier decides the algorithm from the key that
// the header's kid names, never from the header's alg, which must merely agree.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "crypto/signing_key.hpp"

namespace menshen::crypto {

// Tokens travel in headers; anything longer is refused before a byte of it is decoded.
inline constexpr std::size_t kMaxJwsBytes = 8 * 1024;

// header.payload.signature with header {"alg","kid","typ"}; `typ` is left out when empty.
Result<std::string> SignJws(const SigningKey& key, std::string_view payload, std::string_view typ);

struct VerifiedJws {
  nlohmann::json header;
  std::string payload;  // decoded, not parsed
  const SigningKey* key = nullptr;
};

// kTokenInvalid (reason in internal_detail) for anything but a well-formed token whose kid is in
// `keys`, whose alg is that key's, and whose signature verifies.
Result<VerifiedJws> VerifyJws(const KeySet& keys, std::string_view token);

}  // namespace menshen::crypto
