// GET and POST /oauth/userinfo (OIDC Core 5.3). The access token arrives in the Authorization header
// (RFC 6750 2.1) or, on POST, as the form parameter access_token (2.2), never both. Errors follow RFC 6750
// 3 (http::BearerShape): a WWW-Authenticate: Bearer challenge with the error code, and the catalog's code and
// message in the JSON body.
#include <algorithm>
#include <cctype>

#include "oauth/api/oauth_http.hpp"

namespace menshen::oauth {
namespace {

// The token of an `Authorization: Bearer` header; nullopt without one (another scheme brings no bearer
// credentials either), invalid_request for a malformed value.
Result<std::optional<std::string>> HeaderToken(const http::Request& request) {
  const auto header = request.Header("authorization");
  if (!header) return std::nullopt;
  constexpr std::string_view kScheme = "bearer ";
  std::string_view value = *header;
  if (value.size() <= kScheme.size() || !std::equal(kScheme.begin(), kScheme.end(), value.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
      })) {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty() || value.find(' ') != std::string_view::npos) {
    return Fail(ErrorId::kOauth2InvalidRequest, "malformed bearer token");
  }
  return std::string(value);
}

Result<std::string> BearerToken(const http::Request& request, std::size_t max_params) {
  auto header = HeaderToken(request);
  if (!header) return std::unexpected(header.error());
  std::optional<std::string> form_token;
  std::string type(request.Header("content-type").value_or("").substr(0, 64));
  std::ranges::transform(type, type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool form_body = request.method == http::Method::kPost && !request.body.empty() &&
                         type.starts_with("application/x-www-form-urlencoded");
  if (form_body) {
    auto form = ParseForm(request, max_params);
    if (!form) return std::unexpected(form.error());
    if (auto token = form->Get("access_token")) form_token = std::string(*token);
  }
  if (*header && form_token) return Fail(ErrorId::kOauth2InvalidRequest, "send the access token one way only");
  if (*header) return std::move(**header);
  if (form_token && !form_token->empty()) return std::move(*form_token);
  return Fail(ErrorId::kAuthLoginRequired, "send an access token");
}

}  // namespace

void AddUserInfoRoutes(http::Router& router, const OAuthRouteDeps& deps) {
  for (auto method : {http::Method::kGet, http::Method::kPost}) {
    router.Add(method, "/oauth/userinfo", [deps](http::Request& request) {
      auto token = BearerToken(request, deps.max_params);
      if (!token) return deps.renderer.FailAs(request, token.error(), http::BearerShape{});
      auto claims = deps.user_tokens.UserInfo(*token);
      if (!claims) return deps.renderer.FailAs(request, claims.error(), http::BearerShape{});
      return JsonNoStore(*claims);
    });
  }
}

}  // namespace menshen::oauth
