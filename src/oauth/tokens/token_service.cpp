#include "oauth/tokens/token_service.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "oauth/apps/app_rules.hpp"
#include "oauth/tokens/grant_revocation.hpp"

namespace menshen::oauth {
namespace {

// Revoked token ids wait in the key-value store until the token would have expired anyway.
constexpr std::string_view kRevokedTokenPrefix = "oauth_revoked_jti:";

std::string RevocationKey(std::string_view jti) { return std::string(kRevokedTokenPrefix).append(jti); }

constexpr std::chrono::seconds kLeeway{60};

std::string_view ClientIdOf(const crypto::Claims& claims) {
  const auto it = claims.extra.find("client_id");
  return it != claims.extra.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                                     : std::string_view{};
}

}  // namespace

TokenService::TokenService(AppsService& apps, const keys::SigningKeys& keys, store::kv::Kv& kv, const Clock& clock,
                           Random& random, TokenOptions options)
    : apps_(apps), keys_(keys), kv_(kv), clock_(clock), random_(random), options_(std::move(options)) {
  // Both are read by every introspection and userinfo call, and written only when a token or grant is revoked.
  kv_.DeclareReadMostly(kRevokedTokenPrefix);
  kv_.DeclareReadMostly(kRevokedGrantPrefix);
}

std::vector<GrantType> EnabledGrants(bool password_grant_enabled) {
  std::vector<GrantType> grants{GrantType::kAuthorizationCode, GrantType::kClientCredentials, GrantType::kRefreshToken};
  if (password_grant_enabled) grants.push_back(GrantType::kPassword);
  return grants;
}

Result<GrantType> SupportedGrant(std::optional<std::string_view> grant_type, bool password_grant_enabled) {
  if (!grant_type || grant_type->empty()) return Fail(ErrorId::kOauth2InvalidRequest, "grant_type is required");
  const auto grant = ParseGrantType(*grant_type);
  const auto enabled = EnabledGrants(password_grant_enabled);
  if (!grant || std::ranges::find(enabled, *grant) == enabled.end()) {
    std::string names;
    for (auto implemented : enabled) names.append(names.empty() ? "" : ", ").append(ToString(implemented));
    return Fail(ErrorId::kOauth2UnsupportedGrantType, "this server supports grant_type " + names);
  }
  return *grant;
}

Status CheckGrantResources(GrantType grant, const std::vector<std::string>& resources) {
  if (grant == GrantType::kClientCredentials || resources.empty()) return {};
  return Fail(ErrorId::kOauth2InvalidTarget,
              "resource is accepted with client_credentials only; a user's tokens are for the client itself");
}

Result<std::vector<std::string>> GrantedScopes(const App& client, std::optional<std::string_view> requested) {
  if (!requested || requested->empty()) return client.scopes;
  std::vector<std::string> granted;
  std::string_view rest = *requested;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const auto scope = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    if (scope.empty()) continue;
    if (!IsScopeToken(scope) || std::ranges::find(client.scopes, scope) == client.scopes.end()) {
      return Fail(ErrorId::kOauth2InvalidScope, fmt::format("scope \"{}\" is not registered for this client",
                                                            IsScopeToken(scope) ? scope : "(malformed)"));
    }
    if (std::ranges::find(granted, scope) == granted.end()) granted.emplace_back(scope);
  }
  return granted;
}

Result<std::vector<std::string>> NarrowScopes(const std::vector<std::string>& granted,
                                              std::optional<std::string_view> requested) {
  // The grant's scopes play the part of the client's registered ones.
  App grant_as_client;
  grant_as_client.scopes = granted;
  auto narrowed = GrantedScopes(grant_as_client, requested);
  if (!narrowed && narrowed.error().id == ErrorId::kOauth2InvalidScope) {
    return Fail(ErrorId::kOauth2InvalidScope, "scope may only narrow what was granted");
  }
  return narrowed;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out.append(out.empty() ? "" : " ").append(scope);
  return out;
}

std::int64_t TokenService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

Result<IssuedToken> TokenService::ClientCredentials(const App& client, std::optional<std::string_view> scope,
                                                    const std::vector<std::string>& resources) {
  if (!client.Allows(GrantType::kClientCredentials)) {
    return Fail(ErrorId::kOauth2UnauthorizedClient, "this client may not use client_credentials");
  }
  // RFC 8707 2: only the resource servers registered for the client; anything else is invalid_target.
  if (auto allowed = CheckResources(client, resources); !allowed) return std::unexpected(allowed.error());
  auto scopes = GrantedScopes(client, scope);
  if (!scopes) return std::unexpected(scopes.error());
  auto key = keys_.ActiveKey(crypto::JwsAlg::kEs256);
  if (!key) return std::unexpected(key.error());
  const auto now = Now();
  crypto::Claims claims;
  claims.iss = options_.issuer;
  claims.sub = client.id;  // RFC 9068 2.2: a client acting for itself is the subject
  claims.aud = resources.empty() ? std::vector<std::string>{client.id} : resources;
  claims.iat = now;
  claims.exp = now + client.access_token_ttl;
  claims.jti = random_.Token(16);
  claims.extra["client_id"] = client.id;
  IssuedToken issued{.expires_in = client.access_token_ttl, .scope = JoinScopes(*scopes)};
  if (!issued.scope.empty()) claims.extra["scope"] = issued.scope;
  auto token = crypto::SignJwt(*key, claims, crypto::kTypAccessToken);
  if (!token) return std::unexpected(token.error());
  issued.access_token = std::move(*token);
  return issued;
}

Result<SharedClaims> TokenService::Verify(std::string_view token) const {
  // A resource server introspects the same token on every call it receives: verify its signature once.
  const crypto::JwtRequirements requirements{.issuer = options_.issuer, .typ = std::string(crypto::kTypAccessToken)};
  const auto keys = keys_.VerificationKeys();
  const auto now = Now();
  if (auto known = verified_.Find(token, keys, now)) return std::move(*known);
  auto claims = crypto::VerifyJwt(*keys, token, clock_, requirements);
  if (!claims) return std::unexpected(claims.error());
  auto shared = std::make_shared<const crypto::Claims>(std::move(*claims));
  if (shared->exp) verified_.Remember(token, keys, now, *shared->exp + requirements.leeway.count(), shared);
  return shared;
}

Result<SharedClaims> TokenService::VerifyActive(std::string_view token) {
  auto verified = Verify(token);
  if (!verified) return std::unexpected(verified.error());
  const auto& claims = *verified;
  const auto client_id = ClientIdOf(*claims);
  if (client_id.empty() || claims->jti.empty() || !claims->exp) {
    return Fail(ErrorId::kTokenInvalid, {}, "not an access token of this server");
  }
  auto revoked = kv_.Get(RevocationKey(claims->jti));
  if (!revoked) return std::unexpected(revoked.error());
  if (revoked->has_value()) return Fail(ErrorId::kTokenRevoked);
  // A user's token belongs to a grant, and revoking the grant ends it at once.
  if (const auto grant = claims->extra.find(kGrantIdClaim); grant != claims->extra.end()) {
    if (!grant->is_string()) return Fail(ErrorId::kTokenInvalid, {}, "grant id is not a string");
    auto grant_revoked = kv_.Get(RevokedGrantKey(grant->get_ref<const std::string&>()));
    if (!grant_revoked) return std::unexpected(grant_revoked.error());
    if (grant_revoked->has_value()) return Fail(ErrorId::kTokenRevoked, {}, "its grant was revoked");
  }
  auto client = apps_.Exists(client_id);
  if (!client) return std::unexpected(client.error());
  if (!*client) return Fail(ErrorId::kTokenInvalid, {}, "its client was deleted");
  return std::move(*verified);
}

Result<SharedClaims> TokenService::Introspect(std::string_view token) {
  auto claims = VerifyActive(token);
  if (claims) return std::move(*claims);
  const auto id = claims.error().id;
  if (id == ErrorId::kTokenInvalid || id == ErrorId::kTokenExpired || id == ErrorId::kTokenRevoked) {
    return nullptr;
  }
  return std::unexpected(claims.error());
}

Status TokenService::Revoke(const App& client, std::string_view token) {
  auto verified = Verify(token);
  if (!verified) return {};
  const auto& claims = *verified;
  if (claims->jti.empty() || !claims->exp) return {};
  if (ClientIdOf(*claims) != client.id) {
    return Fail(ErrorId::kOauth2InvalidRequest, "the token was issued to another client");
  }
  const auto remaining = std::chrono::seconds(*claims->exp - Now()) + kLeeway;
  if (remaining <= std::chrono::seconds::zero()) return {};
  return kv_.Set(RevocationKey(claims->jti), "1", std::chrono::duration_cast<store::kv::Duration>(remaining));
}

}  // namespace menshen::oauth
