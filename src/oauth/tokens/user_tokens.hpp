// Tokens an application receives for a signed-in user: a JWT access token (RFC 9068), an opaque refresh
// token rotated on every use (RFC 9700 4.14), and an OpenID Connect ID token. Every token issued from one
// authorization (a code redemption, a password grant) belongs to one grant, and revoking the grant ends
// all of them at once: its refresh family and the access tokens issued from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oauth/model.hpp"

namespace menshen::oauth {

// What the user authorized: the input of a first issue.
struct UserGrant {
  std::string user_id;
  std::vector<std::string> scopes;   // granted; "openid" asks for an ID token, "offline_access" (or a
                                     // client with the refresh_token grant) for a refresh token
  std::string session_id;            // the IdP session the user signed in with: the `sid` claim
  std::int64_t auth_time = 0;        // when the user last authenticated (seconds since the epoch)
  std::optional<std::string> nonce;  // copied into the ID token unchanged
  std::vector<std::string> amr;      // authentication methods, e.g. {"pwd"}
};

struct IssuedUserTokens {
  std::string grant_id;  // names the grant for RevokeGrant
  std::string access_token;
  std::int64_t expires_in = 0;
  std::string scope;                         // space-separated
  std::optional<std::string> refresh_token;  // when the grant includes one
  std::optional<std::string> id_token;       // when "openid" was granted
};

class UserTokens {
 public:
  virtual ~UserTokens() = default;

  // A new grant for `client`, and its first tokens.
  virtual Result<IssuedUserTokens> Issue(const App& client, const UserGrant& grant) = 0;

  // Ends the grant: its refresh tokens stop working and its access tokens are refused by introspection
  // and userinfo at once. Unknown or already revoked grants succeed.
  virtual Status RevokeGrant(std::string_view grant_id) = 0;

  // Ends every grant the user's IdP session `session_id` (the `sid` claim) gave: for a logout of that session.
  virtual Status RevokeSessionGrants(std::string_view user_id, std::string_view session_id) = 0;
};

}  // namespace menshen::oauth
