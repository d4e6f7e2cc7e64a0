// OpenID Connect ID tokens (Core 2, 3.1.3.6): the claims of one, and the at_hash that binds it to the
// access token issued beside it. Pure functions; signing is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/jwt.hpp"

namespace menshen::oauth {

// The left half of the SHA-256 of the access token's ASCII, base64url: the hash that RS256 and ES256
// (both SHA-256 algorithms) call for.
std::string AtHash(std::string_view access_token);

struct IdTokenInput {
  std::string issuer;
  std::string user_id;
  std::string client_id;
  std::int64_t now = 0;
  std::int64_t ttl = 0;  // seconds
  std::int64_t auth_time = 0;
  std::optional<std::string> nonce;  // only on the first issue: a refreshed ID token carries none
  std::string sid;                   // empty: no IdP session
  std::vector<std::string> amr;
  std::string access_token;  // hashed into at_hash
};

// iss, sub, aud = azp = the client, iat, exp, auth_time, nonce, sid, amr, at_hash.
crypto::Claims IdTokenClaims(const IdTokenInput& input);

}  // namespace menshen::oauth
