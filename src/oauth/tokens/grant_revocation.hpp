// What the token services share about a grant's access tokens: the claim that names the grant, and the key
// under which a revoked grant waits in store::kv until its last access token would have expired.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

// A private claim (RFC 7519 4.3): only this server reads it.
inline constexpr const char* kGrantIdClaim = "grant_id";

// A revoked grant stays in the key-value store this long after its last access token expired: the
// verifier's own leeway on exp, and some more.
inline constexpr std::int64_t kRevocationMargin = 60;

inline constexpr std::string_view kRevokedGrantPrefix = "oauth_revoked_grant:";

inline std::string RevokedGrantKey(std::string_view grant_id) {
  return std::string(kRevokedGrantPrefix).append(grant_id);
}

// Puts the grant in the key-value store until its last access token (expiring at `access_expires_at`) would
// have expired: introspection and userinfo refuse its access tokens from then on.
inline Status RefuseGrantAccessTokens(store::kv::Kv& kv, std::string_view grant_id, std::int64_t access_expires_at,
                                      std::int64_t now) {
  const auto remaining = access_expires_at + kRevocationMargin - now;
  if (remaining <= 0) return {};
  return kv.Set(RevokedGrantKey(grant_id), "1",
                std::chrono::duration_cast<store::kv::Duration>(std::chrono::seconds(remaining)));
}

}  // namespace menshen::oauth
