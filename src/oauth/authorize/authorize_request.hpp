// The authorization request (RFC 6749 4.1.1, OpenID Connect Core 3.1.2.1) as parameters and as checked
// values. Checking runs in two stages because their failures go to different places: a bad client or
// redirect URI is shown to the user (a redirect would hand the answer to whoever forged the request), every
// later failure is sent back to the client's redirect URI.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oauth/model.hpp"

namespace menshen::oauth {

// Decoded name/value pairs in the order received (the query of a GET, the form of a POST).
using Params = std::vector<std::pair<std::string, std::string>>;

// Bounds on what a request may carry; longer values are refused rather than cut.
inline constexpr std::size_t kMaxStateBytes = 1024;
inline constexpr std::size_t kMaxNonceBytes = 512;
inline constexpr std::size_t kMaxLoginHintBytes = 256;
inline constexpr std::size_t kMaxIdTokenHintBytes = 8192;
inline constexpr std::size_t kMaxScopeBytes = 1024;
inline constexpr std::size_t kMaxUiLocalesBytes = 128;

struct Prompt {
  bool none = false;
  bool login = false;
  bool consent = false;

  bool operator==(const Prompt&) const = default;
};

struct AuthorizeRequest {
  std::string client_id;
  std::string redirect_uri;
  std::optional<std::string> state;
  std::optional<std::string> nonce;
  std::vector<std::string> scopes;
  std::string code_challenge;  // S256; empty when the client sent none (confidential clients only)
  Prompt prompt;
  std::optional<std::int64_t> max_age;
  std::optional<std::string> login_hint;
  std::optional<std::string> ui_locales;
  std::optional<std::string> id_token_hint;

  bool operator==(const AuthorizeRequest&) const = default;
};

// Where errors of the second stage go: the client's checked redirect URI and the request's state.
struct ErrorTarget {
  std::string redirect_uri;
  std::optional<std::string> state;
};

// First stage: the client_id parameter (oauth2.invalid_request when missing or repeated).
Result<std::string> ClientIdOf(const Params& params);
// First stage, once the app is known: the redirect URI to answer to. Missing, repeated or unregistered is
// oauth2.redirect_uri_mismatch. Without one, an app with a single registered URI gets it (RFC 6749 3.1.2.3),
// except for OpenID requests, which must name it (OpenID Connect Core 3.1.2.1).
Result<ErrorTarget> CheckRedirect(const App& app, const Params& params);
// Second stage: everything else. Errors carry catalog ids that AuthorizeErrorCode maps to RFC codes.
Result<AuthorizeRequest> ParseAuthorizeRequest(const App& app, const ErrorTarget& target, const Params& params);

// The RFC 6749 4.1.2.1 / OpenID Connect 3.1.2.6 error code for a catalog error at this endpoint.
std::string_view AuthorizeErrorCode(ErrorId id);

nlohmann::json ToJson(const AuthorizeRequest& request);
std::optional<AuthorizeRequest> AuthorizeRequestFromJson(const nlohmann::json& json);

}  // namespace menshen::oauth
