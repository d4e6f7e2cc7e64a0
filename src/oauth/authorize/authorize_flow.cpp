#include "oauth/authorize/authorize_flow.hpp"

#include "crypto/jwt.hpp"
#include "oauth/authorize/redirect_uri.hpp"

namespace menshen::oauth {
namespace {

std::int64_t Seconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

}  // namespace

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

bool Authorizer::NeedsSignIn(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                             const Progress& progress, const std::optional<std::string>& hint_subject) const {
  if (!session) return true;
  // A sign-in on this request's own form satisfies prompt=login and max_age, whatever they asked.
  if (progress.signed_in_session == session->session_id) return false;
  if (request.prompt.login) return true;
  // max_age=0 means prompt=login (OpenID Connect Core 3.1.2.1); whole seconds, so an elapsed time equal to
  // max_age is already too old.
  if (request.max_age && (*request.max_age == 0 || Seconds(clock_) - session->auth_time >= *request.max_age)) {
    return true;
  }
  return hint_subject && *hint_subject != session->user.id;
}

Result<Step> Authorizer::Next(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                              const Progress& progress) {
  std::optional<std::string> hint_subject;
  if (request.id_token_hint) {
    auto claims = VerifyIdTokenHint(keys_, clock_, issuer_, *request.id_token_hint);
    if (!claims) return std::unexpected(claims.error());
    hint_subject = std::move(claims->sub);
  }
  if (NeedsSignIn(request, session, progress, hint_subject)) {
    if (request.prompt.none) return Fail(ErrorId::kAuthLoginRequired, "the user is not signed in");
    return Step{.kind = StepKind::kSignIn};
  }
  bool consent_needed = request.prompt.consent && !progress.consented;
  if (!consent_needed && !progress.consented) {
    auto covered = consents_.Covers(session->user.id, request.client_id, request.scopes);
    if (!covered) return std::unexpected(covered.error());
    consent_needed = !*covered;
  }
  if (consent_needed) {
    if (request.prompt.none) return Fail(ErrorId::kOauth2ConsentRequired, "the user has not consented");
    return Step{.kind = StepKind::kConsent};
  }
  auto redirect = CodeRedirect(request, *session);
  if (!redirect) return std::unexpected(redirect.error());
  return Step{.kind = StepKind::kRedirect, .redirect_to = std::move(*redirect)};
}

Result<std::string> Authorizer::CodeRedirect(const AuthorizeRequest& request, const BrowserSession& session) {
  auto code = codes_.Issue(CodeGrant{.client_id = request.client_id,
                                     .redirect_uri = request.redirect_uri,
                                     .code_challenge = request.code_challenge,
                                     .scopes = request.scopes,
                                     .user_id = session.user.id,
                                     .session_id = session.session_id,
                                     .auth_time = session.auth_time,
                                     .nonce = request.nonce});
  if (!code) return std::unexpected(code.error());
  std::vector<std::pair<std::string, std::string>> params = {{"code", *code}};
  if (request.state) params.emplace_back("state", *request.state);
  params.emplace_back("iss", issuer_);
  return WithQuery(request.redirect_uri, params);
}

}  // namespace menshen::oauth
