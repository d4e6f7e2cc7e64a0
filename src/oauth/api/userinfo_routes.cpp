// GET and POST /oauth/userinfo (OIDC Core 5.3). The access token arrives in the Authorization header
// (RFC 6750 2.1) or, on POST, as the form parameter access_token (2.2), never both. Errors follow RFC 6750
// 3: a WWW-Authenticate: Bearer challenge with the error code, and the catalog's code and message in the
// JSON body.
#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "oauth/api/oauth_http.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::ordered_json;

// The RFC 6750 error of a catalog error and its status; no error code when no token was sent (3.1).
std::pair<std::string_view, int> BearerError(ErrorId id, int catalog_status) {
  using enum ErrorId;
  if (id == kAuthLoginRequired) return {"", 401};
  if (id == kAuthzScopeInsufficient) return {"insufficient_scope", 403};
  if (id == kOauth2InvalidRequest) return {"invalid_request", 400};
  if (catalog_status >= 500) return {"", catalog_status};
  // An invalid, expired or revoked token, or one whose user may no longer sign in.
  return {"invalid_token", 401};
}

http::Response BearerFailure(const http::Renderer& renderer, const http::Request& request, const Error& error) {
  const auto& catalog = renderer.Catalog();
  const auto& entry = catalog.Entry(error.id);
  const auto rendered = catalog.Render(error.id, request.locale);
  const auto [code, status] = BearerError(error.id, entry.status);
  LogInternalDetail(request, error, status);
  const auto description = DescriptionText(error.public_detail.empty() ? entry.en : error.public_detail);
  ordered_json body;
  if (!code.empty()) body["error"] = code;
  if (!code.empty()) body["error_description"] = description;
  body["code"] = rendered.code;
  body["message"] = rendered.message;
  http::Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  response.error = error.id;
  response.code = rendered.code;
  NoStore(response);
  if (status == 401 || status == 403) {
    std::string challenge = "Bearer realm=\"menshen\"";
    if (!code.empty()) challenge += fmt::format(", error=\"{}\", error_description=\"{}\"", code, description);
    if (code == "insufficient_scope") challenge += ", scope=\"openid\"";
    response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  }
  return response;
}

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
      if (!token) return BearerFailure(deps.renderer, request, token.error());
      auto claims = deps.user_tokens.UserInfo(*token);
      if (!claims) return BearerFailure(deps.renderer, request, claims.error());
      return JsonNoStore(*claims);
    });
  }
}

}  // namespace menshen::oauth
