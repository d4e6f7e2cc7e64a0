// Reading user tokens back: introspection of access and refresh tokens, revocation, userinfo.
#include <algorithm>

#include "accounts/sessions/idle_timeout.hpp"
#include "accounts/users/user_repo.hpp"
#include "oauth/tokens/grant_revocation.hpp"
#include "oauth/tokens/user_token_service.hpp"
#include "oauth/tokens/userinfo_claims.hpp"

namespace menshen::oauth {
namespace {

bool LooksLikeJwt(std::string_view token) { return token.find('.') != std::string_view::npos; }

std::vector<std::string> SplitScopes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
  return out;
}

std::string StringClaim(const crypto::Claims& claims, const char* name) {
  const auto it = claims.extra.find(name);
  return it != claims.extra.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

Result<bool> UserTokenService::UserMayUseTokens(std::string_view user_id) {
  auto user = store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return accounts::FindUserById(c, user_id); });
  if (!user) return std::unexpected(user.error());
  return user->has_value() && sign_in_.CheckCanUseTokens(**user).has_value();
}

Result<std::optional<IntrospectedToken>> UserTokenService::IntrospectRefresh(std::string_view token) {
  if (token.size() > kMaxRefreshTokenLength) return std::nullopt;
  const auto hash = accounts::HashRefreshToken(token);
  std::optional<accounts::RefreshToken> row;
  std::optional<GrantRow> grant;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto found = refresh_.Table().Find(c, hash);
    if (!found) return std::unexpected(found.error());
    row = std::move(*found);
    if (!row) return {};
    auto owner = FindGrant(c, row->family_id);
    if (!owner) return std::unexpected(owner.error());
    grant = std::move(*owner);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!row || !grant || row->rotated_at || grant->revoked_at || row->expires_at <= Now()) return std::nullopt;
  if (accounts::IdleTooLong(row->issued_at, Now(), options_.refresh_idle_timeout)) return std::nullopt;
  auto allowed = UserMayUseTokens(grant->user_id);
  if (!allowed) return std::unexpected(allowed.error());
  if (!*allowed) return std::nullopt;
  crypto::Claims claims;
  claims.iss = options_.issuer;
  claims.sub = grant->user_id;
  claims.aud = {row->client_id};
  claims.iat = row->issued_at;
  claims.exp = row->expires_at;
  claims.sid = grant->sid;
  claims.extra["client_id"] = row->client_id;
  if (!grant->scopes.empty()) claims.extra["scope"] = JoinScopes(grant->scopes);
  return IntrospectedToken{.claims = std::make_shared<const crypto::Claims>(std::move(claims)), .refresh_token = true};
}

Result<std::optional<IntrospectedToken>> UserTokenService::Introspect(std::string_view token) {
  if (!LooksLikeJwt(token)) return IntrospectRefresh(token);
  auto claims = access_tokens_.Introspect(token);
  if (!claims) return std::unexpected(claims.error());
  if (!*claims) return std::nullopt;
  // A user's token (it names a grant) is only as good as the user's account.
  if ((*claims)->extra.contains(kGrantIdClaim)) {
    auto allowed = UserMayUseTokens((*claims)->sub);
    if (!allowed) return std::unexpected(allowed.error());
    if (!*allowed) return std::nullopt;
  }
  return IntrospectedToken{.claims = std::move(*claims)};
}

Status UserTokenService::Revoke(const App& client, std::string_view token) {
  if (LooksLikeJwt(token)) return access_tokens_.Revoke(client, token);
  if (token.size() > kMaxRefreshTokenLength) return {};
  const auto hash = accounts::HashRefreshToken(token);
  auto row = store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return refresh_.Table().Find(c, hash); });
  if (!row) return std::unexpected(row.error());
  if (!*row) return {};
  if ((*row)->client_id != client.id) {
    return Fail(ErrorId::kOauth2InvalidRequest, "the token was issued to another client");
  }
  return RevokeGrant((*row)->family_id);
}

Result<nlohmann::json> UserTokenService::UserInfo(std::string_view access_token) {
  auto verified = access_tokens_.VerifyActive(access_token);
  if (!verified) return std::unexpected(verified.error());
  const auto& claims = *verified;
  if (!claims->extra.contains(kGrantIdClaim)) {
    return Fail(ErrorId::kTokenInvalid, "the token was issued to a client, not for a user");
  }
  const auto scopes = SplitScopes(StringClaim(*claims, "scope"));
  if (std::ranges::find(scopes, "openid") == scopes.end()) {
    return Fail(ErrorId::kAuthzScopeInsufficient, "userinfo needs the openid scope");
  }
  auto user =
      store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return accounts::FindUserById(c, claims->sub); });
  if (!user) return std::unexpected(user.error());
  if (!*user) return Fail(ErrorId::kTokenInvalid, {}, "the user is gone");
  if (auto allowed = sign_in_.CheckCanUseTokens(**user); !allowed) return std::unexpected(allowed.error());
  return UserInfoClaims(**user, scopes);
}

}  // namespace menshen::oauth
