// The token endpoint's grants, introspection (RFC 7662) and revocation (RFC 7009) of the access tokens
// this authorization server issues: ES256 JWTs with `typ: at+jwt` (RFC 9068).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/jwt.hpp"
#include "keys/signing_keys.hpp"
#include "keys/verified_tokens.hpp"
#include "oauth/apps/app_service.hpp"
#include "oauth/model.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

struct TokenOptions {
  std::string issuer;  // the `iss` of every token and the base of the discovery document's URLs
  // The resource owner password credentials grant, which RFC 9700 2.4 says MUST NOT be used: off unless the
  // operator turns it on (oauth.password_grant_enabled), and then only for apps that list it.
  bool password_grant_enabled = false;
};

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in = 0;
  std::string scope;  // space-separated, empty when none was granted
};

// The grants the token endpoint serves, in the order discovery lists them: the password grant only when
// the server turns it on.
std::vector<GrantType> EnabledGrants(bool password_grant_enabled);

// The grant a token request names: oauth2.invalid_request when grant_type is missing,
// oauth2.unsupported_grant_type when this server does not implement it or has it turned off.
Result<GrantType> SupportedGrant(std::optional<std::string_view> grant_type, bool password_grant_enabled);

// Resource indicators (RFC 8707) are served at client_credentials only (checked there against the client's
// allowed_resources); the user grants issue tokens for the client itself, so a `resource` there is
// oauth2.invalid_target rather than silently ignored.
Status CheckGrantResources(GrantType grant, const std::vector<std::string>& resources);

// The scopes granted for a request: every requested scope must be registered for the client
// (oauth2.invalid_scope otherwise); no request means all the registered ones (RFC 6749 3.3).
Result<std::vector<std::string>> GrantedScopes(const App& client, std::optional<std::string_view> requested);

// The scopes of a token issued from an earlier grant (a refresh, RFC 6749 6): a subset of `granted`, every
// one of them when none are requested; oauth2.invalid_scope for a scope beyond the grant.
Result<std::vector<std::string>> NarrowScopes(const std::vector<std::string>& granted,
                                              std::optional<std::string_view> requested);

// Scopes as the space-separated `scope` parameter spells them.
std::string JoinScopes(const std::vector<std::string>& scopes);

// Verified claims are shared with the cache that keeps them: introspecting a token copies nothing.
using SharedClaims = std::shared_ptr<const crypto::Claims>;

class TokenService {
 public:
  TokenService(AppsService& apps, const keys::SigningKeys& keys, store::kv::Kv& kv, const Clock& clock, Random& random,
               TokenOptions options);

  // client_credentials (RFC 6749 4.4) for an authenticated client: oauth2.unauthorized_client unless the
  // app has that grant. `resources` (RFC 8707) become the audience, each one listed in the app's
  // allowed_resources (oauth2.invalid_target otherwise); without any it is the client itself.
  Result<IssuedToken> ClientCredentials(const App& client, std::optional<std::string_view> scope,
                                        const std::vector<std::string>& resources);

  // The claims of an access token while it is active: signed by us, unexpired, neither it nor its grant
  // revoked, its client still registered. token.expired, token.revoked or token.invalid otherwise; an
  // infrastructure failure is its own error.
  Result<SharedClaims> VerifyActive(std::string_view token);
  // VerifyActive's claims, or null for every token that is not active, whatever the reason.
  Result<SharedClaims> Introspect(std::string_view token);

  // Revokes one of `client`'s tokens. A token that is invalid, expired or unknown is already as good as
  // revoked: success. A valid token of another client is oauth2.invalid_request.
  Status Revoke(const App& client, std::string_view token);

  const TokenOptions& Options() const { return options_; }

 private:
  std::int64_t Now() const;
  Result<SharedClaims> Verify(std::string_view token) const;

  AppsService& apps_;
  const keys::SigningKeys& keys_;
  store::kv::Kv& kv_;
  const Clock& clock_;
  Random& random_;
  TokenOptions options_;
  mutable keys::VerifiedTokenCache<SharedClaims> verified_;
};

}  // namespace menshen::oauth
