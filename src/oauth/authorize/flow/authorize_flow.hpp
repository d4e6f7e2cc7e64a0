// The decisions of the authorization endpoint once a request has been checked: whether the user must sign
// in, whether the consent page must be shown, and the redirect with a code (and `iss`, RFC 9207) that ends
// it; an error's redirect is rendered by http::ErrorResponse. Pure functions: the flow (sign_in_flow.hpp)
// gathers what they decide on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/authorize/auth_codes.hpp"
#include "oauth/authorize/authorize_request.hpp"
#include "oauth/authorize/browser_sessions.hpp"

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

// Whether the browser signed in as `session` (or not at all) must sign in before `request` goes on, at
// `now` (Unix seconds); `hint_subject` is the subject of a verified id_token_hint.
bool NeedsSignIn(const AuthorizeRequest& request, const std::optional<BrowserSession>& session,
                 const Progress& progress, const std::optional<std::string>& hint_subject, std::int64_t now);

// Whether the consent page is due: not once the user allowed this request, always with prompt=consent,
// otherwise when the user's stored consents do not cover the scopes.
enum class ConsentCheck { kGiven, kAsk, kCheckStored };
ConsentCheck ConsentFor(const AuthorizeRequest& request, const Progress& progress);

// What the code issued to `session` for `request` stands for.
CodeGrant GrantFor(const AuthorizeRequest& request, const BrowserSession& session);

// The client's redirect URI with the code (RFC 6749 4.1.2).
std::string CodeRedirectUri(const std::string& issuer, const AuthorizeRequest& request, std::string_view code);

}  // namespace menshen::oauth
