#include "oauth/authorize/authorize_request.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "oauth/authorize/pkce.hpp"
#include "oauth/authorize/redirect_uri.hpp"
#include "oauth/tokens/token_service.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

// The one value of `name`; an empty value counts as absent (RFC 6749 3.1). Repeated is an error.
Result<std::optional<std::string>> Single(const Params& params, std::string_view name, ErrorId repeated) {
  std::optional<std::string> found;
  for (const auto& [key, value] : params) {
    if (key != name) continue;
    if (found) return Fail(repeated, fmt::format("{} is repeated", name));
    found = value;
  }
  if (found && found->empty()) return std::nullopt;
  return found;
}

Result<std::optional<std::string>> Bounded(const Params& params, std::string_view name, std::size_t max) {
  auto value = Single(params, name, ErrorId::kOauth2InvalidRequest);
  if (!value) return value;
  if (*value && (*value)->size() > max) {
    return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("{} is longer than {} bytes", name, max));
  }
  return value;
}

Result<Prompt> ParsePrompt(const std::optional<std::string>& text) {
  Prompt prompt;
  if (!text) return prompt;
  bool select_account = false;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const auto word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    if (word.empty()) continue;
    if (word == "none") {
      prompt.none = true;
    } else if (word == "login") {
      prompt.login = true;
    } else if (word == "consent") {
      prompt.consent = true;
    } else if (word == "select_account") {
      select_account = true;  // one account per browser: the sign-in form is the account choice
    } else {
      return Fail(ErrorId::kOauth2InvalidRequest, "prompt may be none, login, consent or select_account");
    }
  }
  if (prompt.none && (prompt.login || prompt.consent || select_account)) {
    return Fail(ErrorId::kOauth2InvalidRequest, "prompt=none cannot be combined with another value");
  }
  if (select_account) prompt.login = true;
  return prompt;
}

Result<std::optional<std::int64_t>> ParseMaxAge(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  // Ten years is longer than any session lives; beyond that the number is a mistake.
  if (ec != std::errc{} || ptr != end || value < 0 || value > 10LL * 365 * 24 * 3600) {
    return Fail(ErrorId::kOauth2InvalidRequest, "max_age must be a non-negative number of seconds");
  }
  return value;
}

Status CheckPkce(const App& app, const std::optional<std::string>& challenge,
                 const std::optional<std::string>& method) {
  if (!challenge) {
    if (method) return Fail(ErrorId::kOauth2InvalidRequest, "code_challenge_method without code_challenge");
    if (IsPublic(app.type)) return Fail(ErrorId::kOauth2InvalidRequest, "public clients must use PKCE (S256)");
    return {};
  }
  // RFC 7636 4.3: no method means plain, which this server does not accept.
  if (!method || *method != "S256") return Fail(ErrorId::kOauth2InvalidRequest, "code_challenge_method must be S256");
  if (!IsValidCodeChallenge(*challenge)) {
    return Fail(ErrorId::kOauth2InvalidRequest, "code_challenge must be 43 base64url characters");
  }
  return {};
}

}  // namespace

Result<std::string> ClientIdOf(const Params& params) {
  auto id = Single(params, "client_id", ErrorId::kOauth2InvalidRequest);
  if (!id) return std::unexpected(id.error());
  if (!*id) return Fail(ErrorId::kOauth2InvalidRequest, "client_id is required");
  if ((*id)->size() > 64) return Fail(ErrorId::kAppNotFound, "no such client");
  return **id;
}

Result<ErrorTarget> CheckRedirect(const App& app, const Params& params) {
  auto uri = Single(params, "redirect_uri", ErrorId::kOauth2RedirectUriMismatch);
  if (!uri) return std::unexpected(uri.error());
  ErrorTarget target;
  if (*uri) {
    if ((*uri)->size() > 2048 || !RedirectUriMatches(app.redirect_uris, **uri)) {
      return Fail(ErrorId::kOauth2RedirectUriMismatch, "redirect_uri is not registered for this client");
    }
    target.redirect_uri = **uri;
  } else {
    const auto scope = Single(params, "scope", ErrorId::kOauth2InvalidRequest);
    const bool openid = scope && *scope && (" " + **scope + " ").find(" openid ") != std::string::npos;
    if (app.redirect_uris.size() != 1 || openid) {
      return Fail(ErrorId::kOauth2RedirectUriMismatch, "redirect_uri is required");
    }
    target.redirect_uri = app.redirect_uris.front();
  }
  // The state goes back with any later error; one too long to send back is left out.
  if (auto state = Single(params, "state", ErrorId::kOauth2InvalidRequest); state && *state) {
    if ((*state)->size() <= kMaxStateBytes) target.state = **state;
  }
  return target;
}

Result<AuthorizeRequest> ParseAuthorizeRequest(const App& app, const ErrorTarget& target, const Params& params) {
  AuthorizeRequest request{.client_id = app.id, .redirect_uri = target.redirect_uri};
  auto state = Bounded(params, "state", kMaxStateBytes);
  if (!state) return std::unexpected(state.error());
  request.state = *state;
  // OpenID Connect 6: request objects are not supported, and ignoring one would drop what it asks for.
  const auto has = [&](std::string_view name) {
    return std::ranges::any_of(params, [&](const auto& p) { return p.first == name; });
  };
  if (has("request")) return Fail(ErrorId::kOauth2RequestNotSupported, "request objects are not supported");
  if (has("request_uri")) return Fail(ErrorId::kOauth2RequestUriNotSupported, "request_uri is not supported");
  auto response_type = Single(params, "response_type", ErrorId::kOauth2InvalidRequest);
  if (!response_type) return std::unexpected(response_type.error());
  if (!*response_type) return Fail(ErrorId::kOauth2InvalidRequest, "response_type is required");
  if (**response_type != "code") return Fail(ErrorId::kOauth2UnsupportedResponseType, "response_type must be code");
  if (auto mode = Single(params, "response_mode", ErrorId::kOauth2InvalidRequest); !mode) {
    return std::unexpected(mode.error());
  } else if (*mode && **mode != "query") {
    return Fail(ErrorId::kOauth2InvalidRequest, "response_mode must be query");
  }
  if (!app.Allows(GrantType::kAuthorizationCode)) {
    return Fail(ErrorId::kOauth2UnauthorizedClient, "this client may not use the authorization code grant");
  }
  auto scope = Bounded(params, "scope", kMaxScopeBytes);
  if (!scope) return std::unexpected(scope.error());
  auto scopes = GrantedScopes(app, *scope);
  if (!scopes) return std::unexpected(scopes.error());
  request.scopes = std::move(*scopes);

  auto challenge = Single(params, "code_challenge", ErrorId::kOauth2InvalidRequest);
  if (!challenge) return std::unexpected(challenge.error());
  auto method = Single(params, "code_challenge_method", ErrorId::kOauth2InvalidRequest);
  if (!method) return std::unexpected(method.error());
  if (auto pkce = CheckPkce(app, *challenge, *method); !pkce) return std::unexpected(pkce.error());
  request.code_challenge = challenge->value_or("");

  auto prompt_text = Bounded(params, "prompt", 64);
  if (!prompt_text) return std::unexpected(prompt_text.error());
  auto prompt = ParsePrompt(*prompt_text);
  if (!prompt) return std::unexpected(prompt.error());
  request.prompt = *prompt;
  auto max_age_text = Bounded(params, "max_age", 16);
  if (!max_age_text) return std::unexpected(max_age_text.error());
  auto max_age = ParseMaxAge(*max_age_text);
  if (!max_age) return std::unexpected(max_age.error());
  request.max_age = *max_age;

  struct Optional {
    const char* name;
    std::size_t max;
    std::optional<std::string>* out;
  };
  for (const auto& [name, max, out] : {Optional{"nonce", kMaxNonceBytes, &request.nonce},
                                       Optional{"login_hint", kMaxLoginHintBytes, &request.login_hint},
                                       Optional{"ui_locales", kMaxUiLocalesBytes, &request.ui_locales},
                                       Optional{"id_token_hint", kMaxIdTokenHintBytes, &request.id_token_hint}}) {
    auto value = Bounded(params, name, max);
    if (!value) return std::unexpected(value.error());
    *out = std::move(*value);
  }
  return request;
}

std::string_view AuthorizeErrorCode(ErrorId id) {
  using enum ErrorId;
  if (id == kOauth2UnsupportedResponseType) return "unsupported_response_type";
  if (id == kOauth2UnauthorizedClient) return "unauthorized_client";
  if (id == kOauth2InvalidScope) return "invalid_scope";
  if (id == kOauth2AccessDenied) return "access_denied";
  if (id == kAuthLoginRequired) return "login_required";
  if (id == kOauth2ConsentRequired) return "consent_required";
  if (id == kOauth2RequestNotSupported) return "request_not_supported";
  if (id == kOauth2RequestUriNotSupported) return "request_uri_not_supported";
  if (id == kCommonServiceUnavailable) return "temporarily_unavailable";
  if (id == kOauth2InvalidRequest) return "invalid_request";
  return "server_error";
}

json ToJson(const AuthorizeRequest& r) {
  auto optional = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  return {{"client_id", r.client_id},
          {"redirect_uri", r.redirect_uri},
          {"state", optional(r.state)},
          {"nonce", optional(r.nonce)},
          {"scopes", r.scopes},
          {"code_challenge", r.code_challenge},
          {"prompt", {r.prompt.none, r.prompt.login, r.prompt.consent}},
          {"max_age", r.max_age ? json(*r.max_age) : json(nullptr)},
          {"login_hint", optional(r.login_hint)},
          {"ui_locales", optional(r.ui_locales)},
          {"id_token_hint", optional(r.id_token_hint)}};
}

std::optional<AuthorizeRequest> AuthorizeRequestFromJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  auto optional = [&](const char* name) -> std::optional<std::string> {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  try {
    AuthorizeRequest r;
    r.client_id = j.at("client_id").get<std::string>();
    r.redirect_uri = j.at("redirect_uri").get<std::string>();
    r.state = optional("state");
    r.nonce = optional("nonce");
    r.scopes = j.at("scopes").get<std::vector<std::string>>();
    r.code_challenge = j.at("code_challenge").get<std::string>();
    const auto& prompt = j.at("prompt");
    r.prompt = {prompt.at(0).get<bool>(), prompt.at(1).get<bool>(), prompt.at(2).get<bool>()};
    if (j.at("max_age").is_number_integer()) r.max_age = j.at("max_age").get<std::int64_t>();
    r.login_hint = optional("login_hint");
    r.ui_locales = optional("ui_locales");
    r.id_token_hint = optional("id_token_hint");
    return r;
  } catch (const json::exception&) {
    return std::nullopt;  // written by ToJson; anything else is not ours
  }
}

}  // namespace menshen::oauth
