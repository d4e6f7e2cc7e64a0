#include "oauth/tokens/code_grant.hpp"

#include <spdlog/spdlog.h>

#include "oauth/authorize/pkce.hpp"

namespace menshen::oauth {
namespace {

Status CheckBinding(const App& client, const CodeGrant& grant, const CodeRedemption& r) {
  if (grant.client_id != client.id) return Fail(ErrorId::kOauth2InvalidGrant, "the code was issued to another client");
  // RFC 6749 4.1.3: the same redirect_uri as the request, by exact comparison.
  if (r.redirect_uri.value_or("") != grant.redirect_uri) {
    return Fail(ErrorId::kOauth2InvalidGrant, "redirect_uri differs from the authorization request");
  }
  if (grant.code_challenge.empty()) {
    // RFC 7636 4.6 / RFC 9700 2.1.1: a verifier without a challenge is refused, it may be an injection.
    if (r.code_verifier) return Fail(ErrorId::kOauth2InvalidGrant, "code_verifier without a code_challenge");
    if (IsPublic(client.type)) return Fail(ErrorId::kOauth2InvalidGrant, "public clients must use PKCE");
    return {};
  }
  if (!r.code_verifier) return Fail(ErrorId::kOauth2InvalidGrant, "code_verifier is required");
  if (!IsValidCodeVerifier(*r.code_verifier) || !VerifierMatches(*r.code_verifier, grant.code_challenge)) {
    return Fail(ErrorId::kOauth2InvalidGrant, "code_verifier does not match the code_challenge");
  }
  return {};
}

}  // namespace

Result<IssuedUserTokens> RedeemAuthorizationCode(AuthCodes& codes, UserTokens& tokens, const App& client,
                                                 const CodeRedemption& redemption) {
  if (!redemption.code || redemption.code->empty()) return Fail(ErrorId::kOauth2InvalidRequest, "code is required");
  if (!client.Allows(GrantType::kAuthorizationCode)) {
    return Fail(ErrorId::kOauth2UnauthorizedClient, "this client may not use the authorization code grant");
  }
  auto taken = codes.Take(*redemption.code);
  if (!taken) return std::unexpected(taken.error());
  if (!taken->grant) {
    if (taken->reused_grant_id && !taken->reused_grant_id->empty()) {
      if (auto revoked = tokens.RevokeGrant(*taken->reused_grant_id); !revoked) {
        spdlog::warn("cannot revoke the grant of a replayed code: {}", revoked.error().internal_detail);
      }
    }
    return Fail(ErrorId::kOauth2InvalidGrant, "the code was already used", "authorization code replayed");
  }
  const auto& grant = *taken->grant;
  if (auto bound = CheckBinding(client, grant, redemption); !bound) return std::unexpected(bound.error());
  auto issued = tokens.Issue(client, UserGrant{.user_id = grant.user_id,
                                               .scopes = grant.scopes,
                                               .session_id = grant.session_id,
                                               .auth_time = grant.auth_time,
                                               .nonce = grant.nonce,
                                               .amr = {"pwd"}});
  if (!issued) return std::unexpected(issued.error());
  auto replayed = codes.Redeemed(*redemption.code, issued->grant_id);
  if (!replayed) return std::unexpected(replayed.error());
  // A replay arrived while this redemption ran: it found no grant id to revoke yet, so this one does.
  if (*replayed) {
    if (auto revoked = tokens.RevokeGrant(issued->grant_id); !revoked) return std::unexpected(revoked.error());
  }
  return issued;
}

}  // namespace menshen::oauth
