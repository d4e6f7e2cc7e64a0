#include "oauth/tokens/id_token.hpp"

#include <span>

#include "core/random.hpp"
#include "crypto/sha256.hpp"

namespace menshen::oauth {

std::string AtHash(std::string_view access_token) {
  const auto digest = crypto::Sha256(access_token);
  return Base64UrlEncode(std::span<const std::uint8_t>(digest.data(), digest.size() / 2));
}

crypto::Claims IdTokenClaims(const IdTokenInput& input) {
  crypto::Claims claims;
  claims.iss = input.issuer;
  claims.sub = input.user_id;
  claims.aud = {input.client_id};
  claims.iat = input.now;
  claims.exp = input.now + input.ttl;
  claims.sid = input.sid;
  claims.extra["azp"] = input.client_id;
  claims.extra["auth_time"] = input.auth_time;
  if (input.nonce) claims.extra["nonce"] = *input.nonce;
  if (!input.amr.empty()) claims.extra["amr"] = input.amr;
  claims.extra["at_hash"] = AtHash(input.access_token);
  return claims;
}

}  // namespace menshen::oauth
