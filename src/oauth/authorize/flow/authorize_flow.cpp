#include "oauth/authorize/flow/authorize_flow.hpp"

#include "crypto/jwt.hpp"
#include "oauth/authorize/redirect_uri.hpp"

namespace menshen::oauth {

Result<crypto::Claims> VerifyIdTokenHint(const keys::SigningKeys& keys, const Clock& clock, const std::string& issuer,
                                         std::string_view id_token_hint) {
  const auto verification = keys.VerificationKeys();
  auto claims = crypto::VerifyJwt(*verification, id_token_hint, clock,
                                  {.issuer = issuer, .require_exp = false, .check_exp = false});
  if (!claims || claims->sub.empty()) {
    return Fail(ErrorId::kOauth2InvalidRequest, "id_token_hint is not valid",
                claims ? "id_token_hint has no sub" : claims.error().internal_detail);
  }
  return claims;
}

bool NeedsSignIn(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                 const Progress& progress, const std::optional<std::string>& hint_subject, std::int64_t now) {
  if (!session) return true;
  // A sign-in on this request's own form satisfies prompt=login and max_age, whatever they asked.
  if (progress.signed_in_session == session->session_id) return false;
  if (request.prompt.login) return true;
  // max_age=0 means prompt=login (OpenID Connect Core 3.1.2.1); whole seconds, so an elapsed time equal to
  // max_age is already too old.
  if (request.max_age && (*request.max_age == 0 || now - session->auth_time >= *request.max_age)) return true;
  return hint_subject && *hint_subject != session->user.id;
}

ConsentCheck ConsentFor(const AuthorizeRequest& request, const Progress& progress) {
  if (progress.consented) return ConsentCheck::kGiven;
  if (request.prompt.consent) return ConsentCheck::kAsk;
  return ConsentCheck::kCheckStored;
}

CodeGrant GrantFor(const AuthorizeRequest& request, const BrowserSession& session) {
  return CodeGrant{.client_id = request.client_id,
                   .redirect_uri = request.redirect_uri,
                   .code_challenge = request.code_challenge,
                   .scopes = request.scopes,
                   .user_id = session.user.id,
                   .session_id = session.session_id,
                   .auth_time = session.auth_time,
                   .nonce = request.nonce};
}

std::string CodeRedirectUri(const std::string& issuer, const AuthorizeRequest& request, std::string_view code) {
  std::vector<std::pair<std::string, std::string>> params = {{"code", std::string(code)}};
  if (request.state) params.emplace_back("state", *request.state);
  params.emplace_back("iss", issuer);
  return WithQuery(request.redirect_uri, params);
}

}  // namespace menshen::oauth
