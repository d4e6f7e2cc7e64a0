// What the token services share about a grant's access tokens: the claim that names the grant, and the key
// under which a revoked grant waits in store::kv until its last access token would have expired.
#pragma once

#include <string>
#include <string_view>

namespace menshen::oauth {

// A private claim (RFC 7519 4.3): only this server reads it.
inline constexpr const char* kGrantIdClaim = "grant_id";

inline std::string RevokedGrantKey(std::string_view grant_id) {
  return std::string("oauth_revoked_grant:").append(grant_id);
}

}  // namespace menshen::oauth
