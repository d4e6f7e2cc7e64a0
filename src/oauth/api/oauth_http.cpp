#include "oauth/api/oauth_http.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/json_text.hpp"

namespace menshen::oauth {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// Refused grants: the RFC's own, and the password grant's credentials and account states, where the grant
// is what is invalid (RFC 6749 5.2) and the catalog's code beside it tells the cause.
constexpr std::array kInvalidGrant{ErrorId::kOauth2InvalidGrant,     ErrorId::kOauth2RefreshTokenExpired,
                                   ErrorId::kAuthInvalidCredentials, ErrorId::kAuthUserNotFound,
                                   ErrorId::kAuthPasswordWrong,      ErrorId::kAuthPasswordNotSet,
                                   ErrorId::kAuthzIpRestricted,      ErrorId::kAccountExpired,
                                   ErrorId::kAccountLocked,          ErrorId::kAccountDisabled,
                                   ErrorId::kAccountDeleted,         ErrorId::kAccountTemporarilyLocked,
                                   ErrorId::kPasswordExpired};

}  // namespace

std::pair<std::string_view, int> RfcError(ErrorId id, int catalog_status) {
  using enum ErrorId;
  if (id == kOauth2InvalidClient) return {"invalid_client", 401};
  if (std::ranges::find(kInvalidGrant, id) != kInvalidGrant.end()) return {"invalid_grant", 400};
  if (id == kOauth2UnauthorizedClient) return {"unauthorized_client", 400};
  if (id == kOauth2UnsupportedGrantType) return {"unsupported_grant_type", 400};
  if (id == kOauth2InvalidScope) return {"invalid_scope", 400};
  if (id == kOauth2InvalidTarget) return {"invalid_target", 400};  // RFC 8707 2
  if (id == kCommonServiceUnavailable) return {"temporarily_unavailable", 503};
  if (catalog_status >= 500) return {"server_error", catalog_status};
  // Every other client mistake (a bad or repeated parameter, a wrong media type) is invalid_request.
  return {"invalid_request", 400};
}

void NoStore(http::Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
}

http::Response JsonNoStore(const json& body) { return JsonTextNoStore(CompactJson(body)); }

http::Response JsonTextNoStore(std::string body) {
  http::Response response;
  response.body = std::move(body);
  NoStore(response);
  return response;
}

void LogInternalDetail(const http::Request& request, const Error& error, int status) {
  if (error.internal_detail.empty()) return;
  spdlog::log(status >= 500 ? spdlog::level::warn : spdlog::level::info, "{} {}: {} (request {})", request.route,
              ToString(error.id), error.internal_detail, request.request_id);
}

http::Response OAuthError(const http::Renderer& renderer, const http::Request& request, const Error& error) {
  const auto& catalog = renderer.Catalog();
  const auto& entry = catalog.Entry(error.id);
  const auto rendered = catalog.Render(error.id, request.locale);
  const auto [code, status] = RfcError(error.id, entry.status);
  LogInternalDetail(request, error, status);
  ordered_json body = {
      {"error", code},
      {"error_description", DescriptionText(error.public_detail.empty() ? entry.en : error.public_detail)},
      {"code", rendered.code},
      {"message", rendered.message}};
  http::Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  response.error = error.id;
  response.code = rendered.code;
  NoStore(response);
  // Every 401 names the scheme to use (RFC 9110 11.6.1; RFC 6749 5.2 for Basic).
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"menshen\"");
  return response;
}

std::optional<std::string_view> Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields) {
    if (key == name) out.push_back(value);
  }
  return out;
}

Result<Form> ParseForm(const http::Request& request, std::size_t max_params,
                       std::initializer_list<std::string_view> repeatable) {
  const auto type = request.Header("content-type").value_or("");
  const auto media = type.substr(0, type.find(';'));
  std::string lower(media);
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  if (lower != "application/x-www-form-urlencoded") {
    return Fail(ErrorId::kOauth2InvalidRequest, "send the parameters as application/x-www-form-urlencoded");
  }
  Form form;
  if (auto parsed = http::ParseUrlEncoded(request.body, max_params, form.fields); !parsed) {
    return std::unexpected(parsed.error());
  }
  for (std::size_t i = 0; i < form.fields.size(); ++i) {
    const auto& name = form.fields[i].first;
    if (std::ranges::find(repeatable, name) != repeatable.end()) continue;
    for (std::size_t j = i + 1; j < form.fields.size(); ++j) {
      if (form.fields[j].first == name) {
        return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("parameter {} is repeated", name));
      }
    }
  }
  return form;
}

Result<std::shared_ptr<const App>> AuthenticateClient(AppsService& apps, const http::Request& request,
                                                      const Form& form) {
  auto credentials =
      ParseClientCredentials(request.Header("authorization"),
                             {.client_id = form.Get("client_id"), .client_secret = form.Get("client_secret")});
  if (!credentials) return std::unexpected(credentials.error());
  return apps.AuthenticateClient(*credentials);
}

}  // namespace menshen::oauth
