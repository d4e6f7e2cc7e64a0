// /oauth/token (one function per grant and a dispatch), /oauth/introspect, /oauth/revoke and the discovery
// documents. Errors answer in the RFC 6749 5.2 shape {error, error_description} with the catalog's code and
// message beside them (http/error_response.hpp).
#include "accounts/api/route_helpers.hpp"
#include "core/blocking.hpp"
#include "core/json_text.hpp"
#include "oauth/api/oauth_http.hpp"
#include "oauth/tokens/code_grant.hpp"
#include "oauth/tokens/userinfo_claims.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// A token request whose client has authenticated.
struct TokenRequest {
  const http::Request& http;
  const Form& form;
  const App& client;
};

// RFC 6749 5.1, written member by member like the tokens in it.
std::string TokenText(const std::string& access_token, std::int64_t expires_in, const std::string& scope,
                      const std::optional<std::string>& refresh_token = std::nullopt,
                      const std::optional<std::string>& id_token = std::nullopt) {
  JsonObjectWriter out;
  out.String("access_token", access_token).String("token_type", "Bearer").Integer("expires_in", expires_in);
  if (!scope.empty()) out.String("scope", scope);
  if (refresh_token) out.String("refresh_token", *refresh_token);
  if (id_token) out.String("id_token", *id_token);
  return out.Finish();
}

std::string TokenText(const IssuedUserTokens& issued) {
  return TokenText(issued.access_token, issued.expires_in, issued.scope, issued.refresh_token, issued.id_token);
}

Result<std::string> ClientCredentialsGrant(const OAuthRouteDeps& deps, const TokenRequest& r) {
  auto issued = deps.tokens.ClientCredentials(r.client, r.form.Get("scope"), r.form.All("resource"));
  if (!issued) return std::unexpected(issued.error());
  return TokenText(issued->access_token, issued->expires_in, issued->scope);
}

Result<std::string> RefreshTokenGrant(const OAuthRouteDeps& deps, const TokenRequest& r) {
  auto issued = deps.user_tokens.Refresh(r.client, r.form.Get("refresh_token").value_or(""), r.form.Get("scope"),
                                         accounts::ContextOf(r.http));
  if (!issued) return std::unexpected(issued.error());
  return TokenText(*issued);
}

Result<std::string> PasswordGrant(const OAuthRouteDeps& deps, const TokenRequest& r) {
  auto issued = deps.user_tokens.Password(r.client, r.form.Get("username"), r.form.Get("password"), r.form.Get("scope"),
                                          accounts::ContextOf(r.http));
  if (!issued) return std::unexpected(issued.error());
  return TokenText(*issued);
}

Result<std::string> AuthorizationCodeGrant(const OAuthRouteDeps& deps, const TokenRequest& r) {
  auto issued = RedeemAuthorizationCode(deps.codes, deps.user_tokens, r.client,
                                        {.code = r.form.Get("code"),
                                         .redirect_uri = r.form.Get("redirect_uri"),
                                         .code_verifier = r.form.Get("code_verifier")});
  if (!issued) return std::unexpected(issued.error());
  return TokenText(*issued);
}

Result<std::string> DispatchGrant(GrantType grant, const OAuthRouteDeps& deps, const TokenRequest& r) {
  switch (grant) {
    case GrantType::kClientCredentials:
      return ClientCredentialsGrant(deps, r);
    case GrantType::kRefreshToken:
      return RefreshTokenGrant(deps, r);
    case GrantType::kPassword:
      return PasswordGrant(deps, r);
    case GrantType::kAuthorizationCode:
      return AuthorizationCodeGrant(deps, r);
  }
  return Fail(ErrorId::kOauth2UnsupportedGrantType);
}

// Written member by member: resource servers call introspection on every request they serve.
std::string IntrospectionText(const IntrospectedToken& token) {
  const auto& claims = *token.claims;
  JsonObjectWriter out;
  auto extra = [&](const char* name) {
    const auto it = claims.extra.find(name);
    if (it == claims.extra.end()) return;
    if (it->is_string()) {
      out.String(name, it->get_ref<const std::string&>());
    } else {
      out.Value(name, *it);
    }
  };
  out.Bool("active", true);
  if (claims.aud.size() == 1) {
    out.String("aud", claims.aud.front());
  } else {
    out.Value("aud", claims.aud);
  }
  extra("client_id");
  if (claims.exp) out.Integer("exp", *claims.exp);
  if (claims.iat) out.Integer("iat", *claims.iat);
  out.String("iss", claims.iss);
  if (!claims.jti.empty()) out.String("jti", claims.jti);
  extra("scope");
  out.String("sub", claims.sub);
  // token_type is the access token's type (RFC 7662 2.2); a refresh token has none.
  if (!token.refresh_token) out.String("token_type", "Bearer");
  return out.Finish();
}

ordered_json DiscoveryJson(const std::string& issuer, bool password_grant_enabled) {
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const json methods = {"client_secret_basic", "client_secret_post", "none"};
  const json secret_methods = {"client_secret_basic", "client_secret_post"};
  json grants = json::array();
  for (auto grant : EnabledGrants(password_grant_enabled)) grants.push_back(ToString(grant));
  json claims = {"iss", "aud", "exp", "iat", "auth_time", "nonce", "sid", "azp", "at_hash", "amr"};
  for (const auto& name : UserInfoClaimNames()) claims.push_back(name);
  // Only what this server does.
  return {{"issuer", issuer},
          {"authorization_endpoint", base + "/oauth/authorize"},
          {"token_endpoint", base + "/oauth/token"},
          {"introspection_endpoint", base + "/oauth/introspect"},
          {"revocation_endpoint", base + "/oauth/revoke"},
          {"userinfo_endpoint", base + "/oauth/userinfo"},
          {"jwks_uri", base + "/.well-known/jwks.json"},
          {"grant_types_supported", std::move(grants)},
          {"end_session_endpoint", base + "/oauth/logout"},
          {"response_types_supported", {"code"}},
          {"response_modes_supported", {"query"}},
          {"code_challenge_methods_supported", {"S256"}},
          {"prompt_values_supported", {"none", "login", "consent", "select_account"}},
          {"ui_locales_supported", {"zh-CN", "en"}},
          {"authorization_response_iss_parameter_supported", true},
          {"claims_parameter_supported", false},
          {"request_parameter_supported", false},
          {"request_uri_parameter_supported", false},
          {"scopes_supported", {"openid", "profile", "email", "phone"}},
          {"subject_types_supported", {"public"}},
          {"id_token_signing_alg_values_supported", {"RS256", "ES256"}},
          {"claims_supported", std::move(claims)},
          {"token_endpoint_auth_methods_supported", methods},
          {"introspection_endpoint_auth_methods_supported", secret_methods},
          {"revocation_endpoint_auth_methods_supported", methods},
          {"access_token_signing_alg_values_supported", {"ES256"}}};
}

}  // namespace

void AddOAuthRoutes(http::Router& router, OAuthRouteDeps deps) {
  // Inline: a client_credentials request from a cached client answers from memory. Every other grant
  // consumes a code or a refresh token and writes the database, so it moves to a worker before it starts.
  router.Add(
      http::Method::kPost, "/oauth/token",
      [deps](http::Request& request) {
        auto fail = [&](const Error& error) { return deps.renderer.FailAs(request, error, http::OAuthShape{}); };
        auto form = ParseForm(request, deps.max_params, {"resource"});
        if (!form) return fail(form.error());
        auto grant = SupportedGrant(form->Get("grant_type"), deps.tokens.Options().password_grant_enabled);
        if (!grant) return fail(grant.error());
        if (*grant != GrantType::kClientCredentials) MayBlock();
        auto client = AuthenticateClient(deps.apps, request, *form);
        if (!client) return fail(client.error());
        if (auto targets = CheckGrantResources(*grant, form->All("resource")); !targets) return fail(targets.error());
        auto body = DispatchGrant(*grant, deps, TokenRequest{request, *form, **client});
        if (!body) return fail(body.error());
        return JsonTextNoStore(std::move(*body));
      },
      deps.token_dispatch);

  // Inline: it only reads, and a cached client with a token verified before answers from memory.
  router.Add(
      http::Method::kPost, "/oauth/introspect",
      [deps](http::Request& request) {
        auto fail = [&](const Error& error) { return deps.renderer.FailAs(request, error, http::OAuthShape{}); };
        auto form = ParseForm(request, deps.max_params);
        if (!form) return fail(form.error());
        auto client = AuthenticateClient(deps.apps, request, *form);
        if (!client) return fail(client.error());
        // RFC 7662 2.1: the caller must be authorized; only a client that can keep a secret is.
        if ((*client)->auth_method == AuthMethod::kNone) {
          return fail(Error{ErrorId::kOauth2InvalidClient, "introspection needs a confidential client", {}});
        }
        const auto token = form->Get("token");
        if (!token || token->empty()) return fail(Error{ErrorId::kOauth2InvalidRequest, "token is required", {}});
        auto found = deps.user_tokens.Introspect(*token);
        if (!found) return fail(found.error());
        return JsonTextNoStore(*found ? IntrospectionText(**found) : std::string(R"({"active":false})"));
      },
      deps.token_dispatch);

  router.Add(http::Method::kPost, "/oauth/revoke", [deps](http::Request& request) {
    auto fail = [&](const Error& error) { return deps.renderer.FailAs(request, error, http::OAuthShape{}); };
    auto form = ParseForm(request, deps.max_params);
    if (!form) return fail(form.error());
    auto client = AuthenticateClient(deps.apps, request, *form);
    if (!client) return fail(client.error());
    const auto token = form->Get("token");
    if (!token || token->empty()) return fail(Error{ErrorId::kOauth2InvalidRequest, "token is required", {}});
    if (auto revoked = deps.user_tokens.Revoke(**client, *token); !revoked) return fail(revoked.error());
    http::Response response;
    response.body = "{}";
    NoStore(response);
    return response;
  });

  AddUserInfoRoutes(router, deps);

  // RFC 8414 metadata, also served as the OpenID Connect discovery document.
  const auto discovery = std::make_shared<const std::string>(
      DiscoveryJson(deps.tokens.Options().issuer, deps.tokens.Options().password_grant_enabled).dump());
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
