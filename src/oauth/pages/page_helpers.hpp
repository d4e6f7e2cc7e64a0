// What the hosted pages' routes share: their form bodies, the browser's sign-in and CSRF cookies, and the
// request context the accounts rules record.
#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "core/error.hpp"
#include "http/message.hpp"
#include "oauth/pages/page_routes.hpp"

namespace menshen::oauth {

// An application/x-www-form-urlencoded body with at most `max_params` parameters.
Result<http::Fields> PageForm(const http::Request& request, std::size_t max_params);
// An endpoint's parameters, which GET sends in the query and POST in the form body (OIDC Core 3.1.2.1).
Result<http::Fields> RequestParameters(const http::Request& request, std::size_t max_params);
// The single value of `name`, when present once and at most `max` bytes; nullopt otherwise.
std::optional<std::string> FormValue(const http::Fields& fields, std::string_view name, std::size_t max = 256);

audit::RequestContext ContextOf(const http::Request& request);

// The error page for `error`; what the page does not say (internal_detail) goes to the log.
http::Response ErrorPage(const PageRouteDeps& deps, const http::Request& request, catalog::Locale locale,
                         const Error& error);

// The browser's sign-in, from its cookie.
Result<std::optional<BrowserSession>> CurrentSession(const PageRouteDeps& deps, const http::Request& request);

// The browser's CSRF key: its cookie, or a new one that `response` then sets.
struct CsrfKey {
  std::string value;
  bool is_new = false;
};
CsrfKey BrowserCsrfKey(const PageRouteDeps& deps, const http::Request& request);
void SetCsrfCookie(const PageRouteDeps& deps, const CsrfKey& key, http::Response& response);

// The step a posted form names, when its CSRF token belongs to this browser; the error page's error else
// (token.expired: the step is over or too old; token.invalid: the form came from elsewhere).
Result<nlohmann::json> PostedStep(const PageRouteDeps& deps, const http::Request& request, const http::Fields& form,
                                  std::string_view kind);

}  // namespace menshen::oauth
