// The decisions of the authorization endpoint once a request has been checked: whether the user must sign
// in, whether the consent page must be shown, and the redirect with a code (and `iss`, RFC 9207) that ends
// it; an error's redirect is rendered by http::ErrorResponse. No HTTP here: the routes render what this
// decides.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/authorize/auth_codes.hpp"
#include "oauth/authorize/authorize_request.hpp"
#include "oauth/authorize/browser_sessions.hpp"
#include "oauth/authorize/consents.hpp"

namespace menshen::oauth {

// What happened in this authorization request's own pages, so that they are not asked for again.
struct Progress {
  std::optional<std::string> signed_in_session;  // the session opened on this request's sign-in form
  bool consented = false;                        // the user allowed it on this request's consent page
};

// The claims of an id_token_hint that we signed; its expiry does not matter (OpenID Connect Core 3.1.2.1,
// RP-Initiated Logout 2). oauth2.invalid_request for anything else.
Result<crypto::Claims> VerifyIdTokenHint(const keys::SigningKeys& keys, const Clock& clock, const std::string& issuer,
                                         std::string_view id_token_hint);

enum class StepKind { kSignIn, kConsent, kRedirect };

struct Step {
  StepKind kind = StepKind::kRedirect;
  std::string redirect_to;  // kRedirect: the client's redirect URI with a code or an error
};

class Authorizer {
 public:
  Authorizer(Consents& consents, AuthCodes& codes, const keys::SigningKeys& keys, const Clock& clock,
             std::string issuer)
      : consents_(consents), codes_(codes), keys_(keys), clock_(clock), issuer_(std::move(issuer)) {}

  // The next step for `request` in a browser signed in as `session` (or not signed in).
  Result<Step> Next(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                    const Progress& progress);

  const std::string& Issuer() const { return issuer_; }

 private:
  bool NeedsSignIn(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                   const Progress& progress, const std::optional<std::string>& hint_subject) const;
  Result<std::string> CodeRedirect(const AuthorizeRequest& request, const BrowserSession& session);

  Consents& consents_;
  AuthCodes& codes_;
  const keys::SigningKeys& keys_;
  const Clock& clock_;
  std::string issuer_;
};

}  // namespace menshen::oauth
