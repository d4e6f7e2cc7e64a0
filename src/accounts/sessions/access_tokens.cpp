#include "accounts/sessions/access_tokens.hpp"

namespace menshen::accounts {
namespace {

constexpr std::string_view kRevokedSessionPrefix = "revoked_sid:";

std::string RevocationKey(std::string_view session_id) { return std::string(kRevokedSessionPrefix).append(session_id); }

}  // namespace

AccessTokens::AccessTokens(const keys::SigningKeys& keys, store::kv::Kv& kv, const Clock& clock, Random& random,
                           AccessTokenOptions options)
    : keys_(keys), kv_(kv), clock_(clock), random_(random), options_(std::move(options)) {
  // Read on every authenticated request, written at a logout or a password change.
  kv_.DeclareReadMostly(kRevokedSessionPrefix);
}

Result<std::string> AccessTokens::Issue(const User& user, std::string_view session_id) const {
  auto key = keys_.ActiveKey(crypto::JwsAlg::kEs256);
  if (!key) return std::unexpected(key.error());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  crypto::Claims claims;
  claims.iss = options_.issuer;
  claims.sub = user.id;
  claims.aud = {options_.audience};
  claims.iat = now;
  claims.exp = now + options_.ttl.count();
  claims.jti = random_.Token(16);
  claims.sid = std::string(session_id);
  claims.extra["role"] = ToString(user.role);
  return crypto::SignJwt(*key, claims, crypto::kTypAccessToken);
}

Result<Principal> AccessTokens::Verify(std::string_view token) const {
  auto principal = VerifySignedClaims(token);
  if (!principal) return std::unexpected(principal.error());
  auto revoked = kv_.Get(RevocationKey(principal->session_id));
  if (!revoked) return std::unexpected(revoked.error());
  if (revoked->has_value()) return Fail(ErrorId::kTokenRevoked);
  return principal;
}

Result<Principal> AccessTokens::VerifySignedClaims(std::string_view token) const {
  // Issued and checked by menshen's own nodes: only their clocks' skew needs allowing for.
  constexpr std::chrono::seconds kLeeway{5};
  const auto keys = keys_.VerificationKeys();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  if (auto known = verified_.Find(token, keys, now)) return std::move(*known);
  auto claims = crypto::VerifyJwt(*keys, token, clock_,
                                  crypto::JwtRequirements{.issuer = options_.issuer,
                                                          .audience = options_.audience,
                                                          .typ = std::string(crypto::kTypAccessToken),
                                                          .leeway = kLeeway});
  if (!claims) return std::unexpected(claims.error());
  if (claims->sub.empty() || claims->sid.empty()) return Fail(ErrorId::kTokenInvalid, {}, "token without sub or sid");
  Principal principal{claims->sub, claims->sid, Role::kUser};
  if (const auto role = claims->extra.find("role"); role != claims->extra.end() && role->is_string()) {
    principal.role = ParseRole(role->get<std::string>()).value_or(Role::kUser);
  }
  verified_.Remember(token, keys, now, *claims->exp + kLeeway.count(), principal);
  return principal;
}

Status AccessTokens::RevokeSessions(const std::vector<std::string>& session_ids) const {
  // Kept a little longer than a token lives, so clock skew cannot resurrect one.
  const auto keep = std::chrono::duration_cast<store::kv::Duration>(options_.ttl + std::chrono::seconds(60));
  for (const auto& id : session_ids) {
    if (auto set = kv_.Set(RevocationKey(id), "1", keep); !set) return std::unexpected(set.error());
  }
  return {};
}

}  // namespace menshen::accounts
