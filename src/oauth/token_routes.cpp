// /oauth/token, /oauth/introspect, /oauth/revoke and the discovery documents. Errors answer in the RFC 6749
// 5.2 shape {error, error_description} with the catalog's code and message beside them.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "http/form.hpp"
#include "oauth/routes.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// The RFC 6749 error code for a catalog error, and the HTTP status the RFC asks for.
std::pair<std::string_view, int> RfcError(ErrorId id, int catalog_status) {
  using enum ErrorId;
  if (id == kOauth2InvalidClient) return {"invalid_client", 401};
  if (id == kOauth2InvalidGrant || id == kOauth2RefreshTokenExpired) return {"invalid_grant", 400};
  if (id == kOauth2UnauthorizedClient) return {"unauthorized_client", 400};
  if (id == kOauth2UnsupportedGrantType) return {"unsupported_grant_type", 400};
  if (id == kOauth2InvalidScope) return {"invalid_scope", 400};
  if (id == kCommonServiceUnavailable) return {"temporarily_unavailable", 503};
  if (catalog_status >= 500) return {"server_error", catalog_status};
  // Every other client mistake (a bad or repeated parameter, a wrong media type) is invalid_request.
  return {"invalid_request", 400};
}

// error_description may hold %x20-21 / %x23-5B / %x5D-7E only (RFC 6749 5.2).
std::string DescriptionText(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u > 0x7e) ? '?' : (c == '"' || c == '\\') ? '\'' : c;
  }
  return out;
}

void NoStore(http::Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
}

http::Response OAuthError(const http::Renderer& renderer, const http::Request& request, const Error& error) {
  const auto& catalog = renderer.Catalog();
  const auto& entry = catalog.Entry(error.id);
  const auto rendered = catalog.Render(error.id, request.locale);
  const auto [code, status] = RfcError(error.id, entry.status);
  // What the caller is not told (which part of a client authentication failed, a database error) is logged.
  if (!error.internal_detail.empty()) {
    spdlog::log(status >= 500 ? spdlog::level::warn : spdlog::level::info, "{} {}: {} (request {})", request.route,
                ToString(error.id), error.internal_detail, request.request_id);
  }
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

http::Response JsonNoStore(const json& body) {
  http::Response response;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  NoStore(response);
  return response;
}

// The form body, each parameter at most once (RFC 6749 3.2) except those listed in `repeatable`.
struct Form {
  http::Fields fields;
  std::optional<std::string_view> Get(std::string_view name) const {
    for (const auto& [key, value] : fields) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
  std::vector<std::string> All(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [key, value] : fields) {
      if (key == name) out.push_back(value);
    }
    return out;
  }
};

Result<Form> ParseForm(const http::Request& request, std::size_t max_params,
                       std::initializer_list<std::string_view> repeatable = {}) {
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

Result<App> AuthenticateClient(AppsService& apps, const http::Request& request, const Form& form) {
  auto credentials =
      ParseClientCredentials(request.Header("authorization"),
                             {.client_id = form.Get("client_id"), .client_secret = form.Get("client_secret")});
  if (!credentials) return std::unexpected(credentials.error());
  return apps.AuthenticateClient(*credentials);
}

json IntrospectionJson(const crypto::Claims& claims) {
  json out = {
      {"active", true}, {"token_type", "Bearer"}, {"iss", claims.iss}, {"sub", claims.sub}, {"jti", claims.jti}};
  if (claims.aud.size() == 1) {
    out["aud"] = claims.aud.front();
  } else {
    out["aud"] = claims.aud;
  }
  if (claims.exp) out["exp"] = *claims.exp;
  if (claims.iat) out["iat"] = *claims.iat;
  for (const char* name : {"client_id", "scope"}) {
    if (const auto it = claims.extra.find(name); it != claims.extra.end()) out[name] = *it;
  }
  return out;
}

ordered_json DiscoveryJson(const std::string& issuer) {
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const json methods = {"client_secret_basic", "client_secret_post", "none"};
  const json secret_methods = {"client_secret_basic", "client_secret_post"};
  // Only what this server does today: members for the authorization endpoint and ID tokens come with them.
  return {{"issuer", issuer},
          {"token_endpoint", base + "/oauth/token"},
          {"introspection_endpoint", base + "/oauth/introspect"},
          {"revocation_endpoint", base + "/oauth/revoke"},
          {"jwks_uri", base + "/.well-known/jwks.json"},
          {"grant_types_supported", {"client_credentials"}},
          {"response_types_supported", json::array()},
          {"token_endpoint_auth_methods_supported", methods},
          {"introspection_endpoint_auth_methods_supported", secret_methods},
          {"revocation_endpoint_auth_methods_supported", methods},
          {"access_token_signing_alg_values_supported", {"ES256"}}};
}

}  // namespace

void AddOAuthRoutes(http::Router& router, OAuthRouteDeps deps) {
  router.Add(http::Method::kPost, "/oauth/token", [deps](http::Request& request) {
    auto fail = [&](const Error& error) { return OAuthError(deps.renderer, request, error); };
    auto form = ParseForm(request, deps.max_params, {"resource"});
    if (!form) return fail(form.error());
    auto grant = SupportedGrant(form->Get("grant_type"));
    if (!grant) return fail(grant.error());
    auto client = AuthenticateClient(deps.apps, request, *form);
    if (!client) return fail(client.error());
    auto issued = deps.tokens.ClientCredentials(*client, form->Get("scope"), form->All("resource"));
    if (!issued) return fail(issued.error());
    json body = {{"access_token", issued->access_token}, {"token_type", "Bearer"}, {"expires_in", issued->expires_in}};
    if (!issued->scope.empty()) body["scope"] = issued->scope;
    return JsonNoStore(body);
  });

  router.Add(http::Method::kPost, "/oauth/introspect", [deps](http::Request& request) {
    auto fail = [&](const Error& error) { return OAuthError(deps.renderer, request, error); };
    auto form = ParseForm(request, deps.max_params);
    if (!form) return fail(form.error());
    auto client = AuthenticateClient(deps.apps, request, *form);
    if (!client) return fail(client.error());
    // RFC 7662 2.1: the caller must be authorized; only a client that can keep a secret is.
    if (client->auth_method == AuthMethod::kNone) {
      return fail(Error{ErrorId::kOauth2InvalidClient, "introspection needs a confidential client", {}});
    }
    const auto token = form->Get("token");
    if (!token || token->empty()) return fail(Error{ErrorId::kOauth2InvalidRequest, "token is required", {}});
    auto claims = deps.tokens.Introspect(*token);
    if (!claims) return fail(claims.error());
    return JsonNoStore(*claims ? IntrospectionJson(**claims) : json{{"active", false}});
  });

  router.Add(http::Method::kPost, "/oauth/revoke", [deps](http::Request& request) {
    auto fail = [&](const Error& error) { return OAuthError(deps.renderer, request, error); };
    auto form = ParseForm(request, deps.max_params);
    if (!form) return fail(form.error());
    auto client = AuthenticateClient(deps.apps, request, *form);
    if (!client) return fail(client.error());
    const auto token = form->Get("token");
    if (!token || token->empty()) return fail(Error{ErrorId::kOauth2InvalidRequest, "token is required", {}});
    if (auto revoked = deps.tokens.Revoke(*client, *token); !revoked) return fail(revoked.error());
    http::Response response;
    response.body = "{}";
    NoStore(response);
    return response;
  });

  // RFC 8414 metadata, also served as the OpenID Connect discovery document.
  const auto discovery = std::make_shared<const std::string>(DiscoveryJson(deps.tokens.Options().issuer).dump());
  for (const char* path : {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}) {
    router.Add(
        http::Method::kGet, path,
        [discovery](http::Request&) {
          http::Response response;
          response.body = *discovery;
          response.headers.emplace_back("Cache-Control", "public, max-age=300");
          return response;
        },
        http::Dispatch::kInline);
  }
}

}  // namespace menshen::oauth
