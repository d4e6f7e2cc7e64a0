// Issuing user tokens: a new grant, its refresh rotation, its revocation, and the password grant.
#include "oauth/tokens/user_token_service.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/sessions/idle_timeout.hpp"
#include "accounts/users/user_repo.hpp"
#include "oauth/apps/app_rules.hpp"
#include "oauth/tokens/grant_revocation.hpp"
#include "oauth/tokens/id_token.hpp"

namespace menshen::oauth {
namespace {

constexpr std::size_t kMaxNonceLength = 512;
constexpr std::size_t kMaxAmrValues = 8;

bool Has(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::ranges::find(scopes, scope) != scopes.end();
}

// What Issue accepts from its caller (the authorization endpoint, the password grant).
Status CheckUserGrant(const App& client, const UserGrant& grant) {
  if (grant.user_id.empty()) return Fail(ErrorId::kCommonInternalError, {}, "a grant needs a user");
  for (const auto& scope : grant.scopes) {
    if (!IsScopeToken(scope) || !Has(client.scopes, scope)) {
      return Fail(ErrorId::kOauth2InvalidScope, "a granted scope is not registered for this client");
    }
  }
  if (grant.nonce && grant.nonce->size() > kMaxNonceLength) {
    return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("nonce must be at most {} bytes", kMaxNonceLength));
  }
  if (grant.amr.size() > kMaxAmrValues) return Fail(ErrorId::kCommonInternalError, {}, "too many amr values");
  return {};
}

}  // namespace

std::int64_t UserTokenService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

Result<IssuedUserTokens> UserTokenService::TokensFor(const App& client, const GrantRow& grant,
                                                     const std::vector<std::string>& scopes,
                                                     const std::optional<std::string>& nonce, std::int64_t now) {
  auto access_key = keys_.ActiveKey(crypto::JwsAlg::kEs256);
  if (!access_key) return std::unexpected(access_key.error());
  IssuedUserTokens out{.grant_id = grant.id, .expires_in = client.access_token_ttl, .scope = JoinScopes(scopes)};
  crypto::Claims claims;
  claims.iss = options_.issuer;
  claims.sub = grant.user_id;
  claims.aud = {client.id};
  claims.iat = now;
  claims.exp = now + client.access_token_ttl;
  claims.jti = random_.Token(16);
  claims.sid = grant.sid;
  claims.extra["client_id"] = client.id;
  if (!out.scope.empty()) claims.extra["scope"] = out.scope;
  claims.extra["auth_time"] = grant.auth_time;
  claims.extra[kGrantIdClaim] = grant.id;
  auto access = crypto::SignJwt(*access_key, claims, crypto::kTypAccessToken);
  if (!access) return std::unexpected(access.error());
  out.access_token = std::move(*access);
  if (!Has(scopes, "openid")) return out;

  auto id_key = keys_.ActiveKey(client.id_token_alg);
  if (!id_key) return std::unexpected(id_key.error());
  auto id_token = crypto::SignJwt(*id_key, IdTokenClaims({.issuer = options_.issuer,
                                                          .user_id = grant.user_id,
                                                          .client_id = client.id,
                                                          .now = now,
                                                          .ttl = client.access_token_ttl,
                                                          .auth_time = grant.auth_time,
                                                          .nonce = nonce,
                                                          .sid = grant.sid,
                                                          .amr = grant.amr,
                                                          .access_token = out.access_token}));
  if (!id_token) return std::unexpected(id_token.error());
  out.id_token = std::move(*id_token);
  return out;
}

Result<IssuedUserTokens> UserTokenService::Issue(const App& client, const UserGrant& request) {
  if (auto ok = CheckUserGrant(client, request); !ok) return std::unexpected(ok.error());
  const auto now = Now();
  const GrantRow grant{.id = random_.TimeOrderedId(clock_.Now()),
                       .client_id = client.id,
                       .user_id = request.user_id,
                       .scopes = request.scopes,
                       .sid = request.session_id,
                       .auth_time = request.auth_time,
                       .amr = request.amr,
                       .created_at = now,
                       .access_expires_at = now + client.access_token_ttl};
  // The refresh_token grant is what lets an app exchange one: an app without it gets none.
  std::optional<std::string> refresh;
  if (client.Allows(GrantType::kRefreshToken)) refresh = random_.Token(32);
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    if (auto ok = InsertGrant(c, grant); !ok) return ok;
    if (!refresh) return {};
    return refresh_.Issue(c, {.token_hash = accounts::HashRefreshToken(*refresh),
                              .family_id = grant.id,
                              .client_id = client.id,
                              .issued_at = now,
                              .expires_at = now + client.refresh_token_ttl});
  });
  if (!written) return std::unexpected(written.error());
  auto tokens = TokensFor(client, grant, grant.scopes, request.nonce, now);
  if (!tokens) return std::unexpected(tokens.error());
  tokens->refresh_token = std::move(refresh);
  return tokens;
}

Status UserTokenService::RefuseGrantAccessTokens(std::string_view grant_id, std::int64_t access_expires_at) {
  return oauth::RefuseGrantAccessTokens(kv_, grant_id, access_expires_at, Now());
}

Status UserTokenService::RevokeGrant(std::string_view grant_id) {
  if (grant_id.empty() || grant_id.size() > 128) return {};
  std::optional<std::int64_t> access_expires_at;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto grant = FindGrant(c, grant_id);
    if (!grant) return std::unexpected(grant.error());
    if (!*grant) return {};
    access_expires_at = (*grant)->access_expires_at;
    return store::sql::ToStatus(RevokeGrantRow(c, grant_id, Now()));
  });
  if (!written) return written;
  // Set again for a grant revoked before: an in-process store forgets on restart.
  return access_expires_at ? RefuseGrantAccessTokens(grant_id, *access_expires_at) : Status{};
}

Result<std::int64_t> UserTokenService::PurgeExpiredRefreshTokens() {
  const auto before = Now() - accounts::kExpiredRefreshTokenRetention.count();
  return store::sql::DeleteInBatches(db_, accounts::kRefreshTokenPurgeBatch, [&](store::sql::Connection& c, int limit) {
    return refresh_.Table().DeleteExpired(c, before, limit);
  });
}

Status UserTokenService::RevokeSessionGrants(std::string_view user_id, std::string_view session_id) {
  if (user_id.empty() || session_id.empty() || session_id.size() > 128) return {};
  std::vector<GrantRow> ended;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto grants = FindSessionGrants(c, user_id, session_id);
    if (!grants) return std::unexpected(grants.error());
    for (const auto& grant : *grants) {
      if (auto revoked = RevokeGrantRow(c, grant.id, Now()); !revoked) return std::unexpected(revoked.error());
    }
    ended = std::move(*grants);
    return {};
  });
  if (!written) return written;
  for (const auto& grant : ended) {
    if (auto refused = RefuseGrantAccessTokens(grant.id, grant.access_expires_at); !refused) return refused;
  }
  return {};
}

Result<IssuedUserTokens> UserTokenService::Refresh(const App& client, std::string_view refresh_token,
                                                   std::optional<std::string_view> scope,
                                                   const audit::RequestContext& context) {
  if (!client.Allows(GrantType::kRefreshToken)) {
    return Fail(ErrorId::kOauth2UnauthorizedClient, "this client may not use refresh_token");
  }
  if (refresh_token.empty()) return Fail(ErrorId::kOauth2InvalidRequest, "refresh_token is required");
  if (refresh_token.size() > kMaxRefreshTokenLength) return Fail(ErrorId::kOauth2InvalidGrant);
  const auto now = Now();
  const auto next = random_.Token(32);
  std::optional<Error> refusal;
  bool reused = false;
  GrantRow grant;
  std::vector<std::string> scopes;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto refuse = [&](Error error) { return refusal = std::move(error), Status{}; };
    auto live_grant = [&](store::sql::Connection& conn, const accounts::RefreshToken& token) -> Result<bool> {
      auto found = FindGrant(conn, token.family_id);
      if (!found) return std::unexpected(found.error());
      if (!*found) return false;
      grant = std::move(**found);
      return !grant.revoked_at;
    };
    auto presented = refresh_.Present(c, accounts::HashRefreshToken(refresh_token), client.id, now, live_grant);
    if (!presented) return std::unexpected(presented.error());
    const auto reuse = [&] {
      reused = true;
      return refuse({ErrorId::kOauth2InvalidGrant, {}, "a rotated refresh token was used again"});
    };
    switch (presented->state) {
      case accounts::RefreshState::kCurrent:
        break;
      case accounts::RefreshState::kUnknown:  // another client's token too: it must not end a grant it lacks
        return refuse({ErrorId::kOauth2InvalidGrant, {}, "unknown token"});
      case accounts::RefreshState::kEnded:
        return refuse({ErrorId::kOauth2InvalidGrant, {}, "the grant was revoked"});
      case accounts::RefreshState::kReused:
        return reuse();
      case accounts::RefreshState::kExpired:
        return refuse({ErrorId::kOauth2RefreshTokenExpired, {}, {}});
    }
    // Every use issues the next token, so the current one's issue is the grant's last activity. An idle grant
    // ends; its last access token lives on until it expires.
    if (accounts::IdleTooLong(presented->token.issued_at, now, options_.refresh_idle_timeout)) {
      if (auto revoked = refresh_.End(c, grant.id, now); !revoked) return std::unexpected(revoked.error());
      return refuse({ErrorId::kOauth2RefreshTokenExpired, "the refresh token was not used within the idle limit",
                     "idle refresh token"});
    }
    auto narrowed = NarrowScopes(grant.scopes, scope);
    if (!narrowed) return refuse(narrowed.error());
    scopes = std::move(*narrowed);
    auto user = accounts::FindUserById(c, grant.user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return refuse({ErrorId::kOauth2InvalidGrant, {}, "the user is gone"});
    if (auto allowed = sign_in_.CheckCanUseTokens(**user); !allowed) return refuse(allowed.error());
    auto rotated = refresh_.Rotate(c, presented->token,
                                   {.token_hash = accounts::HashRefreshToken(next),
                                    .family_id = grant.id,
                                    .client_id = client.id,
                                    .issued_at = now,
                                    .expires_at = now + client.refresh_token_ttl},
                                   now);
    if (!rotated) return std::unexpected(rotated.error());
    if (!*rotated) return reuse();  // another use of the same token won the race; the grant has ended
    return ExtendGrantAccess(c, grant.id, now + client.access_token_ttl);
  });
  if (!written) return std::unexpected(written.error());
  if (reused) {
    // Logged, not returned: the refusal stands either way and the grant's refresh tokens are gone from the
    // database; only its access tokens live on, at most their short lifetime. An operator must hear of it.
    if (auto refused = RefuseGrantAccessTokens(grant.id, std::max(grant.access_expires_at, now)); !refused) {
      spdlog::error("grant {} ended for a reused refresh token, but its access tokens could not be refused: {}",
                    grant.id, refused.error().internal_detail);
    }
    refresh_.RecordReuse(context, {.user_id = grant.user_id,
                                   .family_id = grant.id,
                                   .client_id = client.id,
                                   .answered = ErrorId::kOauth2InvalidGrant});
  }
  if (refusal) return std::unexpected(std::move(*refusal));
  auto tokens = TokensFor(client, grant, scopes, std::nullopt, now);
  if (!tokens) return std::unexpected(tokens.error());
  tokens->refresh_token = next;
  return tokens;
}

Result<IssuedUserTokens> UserTokenService::Password(const App& client, std::optional<std::string_view> username,
                                                    std::optional<std::string_view> password,
                                                    std::optional<std::string_view> scope,
                                                    const audit::RequestContext& context) {
  if (!client.Allows(GrantType::kPassword)) {
    return Fail(ErrorId::kOauth2UnauthorizedClient, "this client may not use the password grant");
  }
  if (!username || username->empty()) return Fail(ErrorId::kOauth2InvalidRequest, "username is required");
  if (!password || password->empty()) return Fail(ErrorId::kPasswordRequired);
  // The scope is judged before the password, so that a malformed request never counts as a failed sign-in.
  auto scopes = GrantedScopes(client, scope);
  if (!scopes) return std::unexpected(scopes.error());
  auto user = sign_in_.AuthenticateForGrant(*username, *password, client.id, context);
  if (!user) return std::unexpected(user.error());
  return Issue(client, UserGrant{.user_id = user->id, .scopes = *scopes, .auth_time = Now(), .amr = {"pwd"}});
}

}  // namespace menshen::oauth
