// UserTokens over the database and the key-value store: grants in oauth_grants, rotating refresh tokens in
// oauth_refresh_tokens (stored as SHA-256 only), ES256 access tokens (RFC 9068) that name their grant, and
// ID tokens signed with the app's id_token_signed_response_alg. Also the grants that end in tokens for a
// user at the token endpoint (refresh_token, password), refresh-token introspection and revocation, and
// the userinfo endpoint's claims.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/sessions/refresh_family.hpp"
#include "accounts/signin/sign_in_service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/tokens/grant_repo.hpp"
#include "oauth/tokens/token_service.hpp"
#include "oauth/tokens/user_tokens.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {

struct UserTokenOptions {
  std::string issuer;  // the `iss` of every token, as TokenOptions::issuer
  // A refresh token not used this long (counted from its issue: each use issues the next) is refused;
  // zero: only its lifetime ends it (oauth.refresh_token_idle_timeout).
  std::chrono::seconds refresh_idle_timeout{0};
};

// The longest refresh token accepted: ours are 43 characters; anything far longer is not worth a hash.
inline constexpr std::size_t kMaxRefreshTokenLength = 256;

// An active token's claims as introspection reports them; a refresh token's are made up from its grant.
struct IntrospectedToken {
  SharedClaims claims;  // never null
  bool refresh_token = false;
};

class UserTokenService final : public UserTokens {
 public:
  UserTokenService(store::sql::Database& db, store::kv::Kv& kv, const keys::SigningKeys& keys,
                   TokenService& access_tokens, accounts::SignInService& sign_in, audit::AuditLog& audit,
                   const Clock& clock, Random& random, UserTokenOptions options)
      : db_(db),
        kv_(kv),
        keys_(keys),
        access_tokens_(access_tokens),
        sign_in_(sign_in),
        clock_(clock),
        random_(random),
        options_(std::move(options)),
        refresh_(kGrantRefreshTables, audit) {}

  Result<IssuedUserTokens> Issue(const App& client, const UserGrant& grant) override;
  Status RevokeGrant(std::string_view grant_id) override;
  Status RevokeSessionGrants(std::string_view user_id, std::string_view session_id) override;
  // Deletes the refresh tokens past accounts::kExpiredRefreshTokenRetention; how many. Run in the background.
  Result<std::int64_t> PurgeExpiredRefreshTokens();

  // grant_type=refresh_token (RFC 6749 6) for an authenticated client. The token is rotated: a rotated token
  // presented again revokes the whole grant (RFC 9700 4.14.2). oauth2.invalid_grant for an unknown, reused,
  // revoked or foreign token, oauth2.refresh_token_expired for an expired one or one unused past the idle
  // limit (which ends its grant), oauth2.invalid_scope for a
  // scope beyond the grant's, the account's state when the user may no longer sign in.
  // `context` is for the audit event of a reuse.
  Result<IssuedUserTokens> Refresh(const App& client, std::string_view refresh_token,
                                   std::optional<std::string_view> scope, const audit::RequestContext& context = {});

  // grant_type=password (RFC 6749 4.3): oauth2.unauthorized_client unless the app lists it; the accounts
  // service's errors (lockout, account states, wrong password) pass through.
  Result<IssuedUserTokens> Password(const App& client, std::optional<std::string_view> username,
                                    std::optional<std::string_view> password, std::optional<std::string_view> scope,
                                    const audit::RequestContext& context);

  // Introspection (RFC 7662) of any token this server issues: access tokens, whose user must still be
  // allowed to use them, and refresh tokens. The shape tells them apart (a JWT has dots, a refresh token
  // never), so token_type_hint is not needed to find either.
  Result<std::optional<IntrospectedToken>> Introspect(std::string_view token);

  // Revocation (RFC 7009) by `client`: a refresh token revokes its grant (2.1: the grant's access tokens
  // end with it); an access token is revoked alone. Unknown tokens succeed; another client's token is
  // oauth2.invalid_request.
  Status Revoke(const App& client, std::string_view token);

  // The userinfo response (OIDC Core 5.3) for a bearer access token: token.* when the token is not active
  // or is no user's, the account's state when the user may no longer sign in, authz.scope_insufficient
  // without `openid`.
  Result<nlohmann::json> UserInfo(std::string_view access_token);

 private:
  std::int64_t Now() const;
  // Access token (and ID token when `openid` is among `scopes`) for an existing grant.
  Result<IssuedUserTokens> TokensFor(const App& client, const GrantRow& grant, const std::vector<std::string>& scopes,
                                     const std::optional<std::string>& nonce, std::int64_t now);
  // Puts the grant in the key-value store until its last access token would have expired.
  Status RefuseGrantAccessTokens(std::string_view grant_id, std::int64_t access_expires_at);
  Result<std::optional<IntrospectedToken>> IntrospectRefresh(std::string_view token);
  Result<bool> UserMayUseTokens(std::string_view user_id);

  store::sql::Database& db_;
  store::kv::Kv& kv_;
  const keys::SigningKeys& keys_;
  TokenService& access_tokens_;
  accounts::SignInService& sign_in_;
  const Clock& clock_;
  Random& random_;
  UserTokenOptions options_;
  accounts::RefreshFamily refresh_;  // the grants' refresh tokens
};

}  // namespace menshen::oauth
