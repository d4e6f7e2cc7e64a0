// The one place that turns an Error into a response. It looks the catalog up once, logs the internal detail
// once with the request id (warn, or error for a 5xx; the detail is never a secret by the contract of Error),
// and renders the shape the protocol asks for. The OAuth error code is data (`oauth` in catalog/errors.toml);
// each shape keeps to the codes its RFC defines.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "http/message.hpp"

namespace menshen::http {

// What an HTML error page shows.
struct ErrorPageView {
  catalog::Locale locale;
  std::string_view message;  // the catalog message in the page's locale
  std::int64_t code = 0;     // the active profile's code
  std::string_view request_id;
  int status = 400;
};

// How the hosted pages frame what a browser sees. The module that owns the pages' templates implements it;
// this unit decides what they say.
class BrowserFrames {
 public:
  virtual ~BrowserFrames() = default;
  virtual Response ErrorPage(const ErrorPageView& view) const = 0;
  // A 303 to `location` with the pages' caching and referrer headers.
  virtual Response Redirect(std::string location) const = 0;
};

// The catalog envelope of /api/v1: {"code","message","data","error","request_id"} and "detail" when the error
// has a public one; the profile's status (200 on a profile that always answers 200).
struct EnvelopeShape {
  nlohmann::json data = nullptr;
  // A resource of menshen's own API behind a bearer token: a 401 also carries the RFC 6750 3 challenge.
  bool bearer_challenge = false;
};
// RFC 6749 5.2 (token, introspection, revocation): {error, error_description, code, message}, no-store; a 401
// names the Basic scheme.
struct OAuthShape {};
// RFC 6750 3 (a resource endpoint): the same body, and a WWW-Authenticate: Bearer challenge with the error.
struct BearerShape {};
// An HTML message page in `locale`, before a client's redirect URI is known; the entry's status, at least 400.
struct PageShape {
  catalog::Locale locale;
  const BrowserFrames& frames;
};
// RFC 6749 4.1.2.1: a redirect to the client with error, error_description (when public), state and iss
// (RFC 9207).
struct RedirectShape {
  std::string_view redirect_uri;
  const std::optional<std::string>& state;
  std::string_view issuer;
  const BrowserFrames& frames;
};

using ErrorShape = std::variant<EnvelopeShape, OAuthShape, BearerShape, PageShape, RedirectShape>;

Response ErrorResponse(const catalog::Catalog& catalog, const Request& request, const Error& error, ErrorShape shape);

// Cache-Control: no-store and Pragma: no-cache, as RFC 6749 5.1 asks of every response carrying tokens.
void NoStore(Response& response);

// `text` restricted to the characters error_description may hold (RFC 6749 5.2: %x20-21 / %x23-5B /
// %x5D-7E): other bytes become '?', quotes and backslashes an apostrophe.
std::string DescriptionText(std::string_view text);

}  // namespace menshen::http
