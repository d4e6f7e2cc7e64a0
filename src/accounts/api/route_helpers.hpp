// What the accounts HTTP bindings share: JSON forms of users and tokens, body and bearer-token handling.
// Internal to the routes libraries.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "accounts/api/routes.hpp"
#include "accounts/service.hpp"
#include "accounts/users/model.hpp"
#include "audit/audit_log.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"

namespace menshen::accounts {

// The user as its owner sees it.
nlohmann::json UserJson(const User& user);
// The user as an administrator sees it: also lock, expiry and deletion times.
nlohmann::json AdminUserJson(const User& user);
nlohmann::json TokensJson(const TokenPair& pair);
// A string member, absent or null as nullopt; any other type is common.invalid_parameter.
Result<std::optional<std::string>> StringField(const nlohmann::json& body, const char* name);
audit::RequestContext ContextOf(const http::Request& request);

// Runs `body` with the parsed JSON object, turning every failure into the catalog envelope.
template <class Deps, class Fn>
http::Response WithJson(const Deps& deps, http::Request& request, Fn&& fn) {
  auto body = http::ParseJsonObject(request, deps.max_params);
  if (!body) return deps.renderer.Fail(request, body.error());
  return fn(*body);
}

template <class Deps, class Fn>
http::Response WithPrincipal(const Deps& deps, http::Request& request, Fn&& fn) {
  auto principal = Authenticate(request, deps.tokens);
  if (!principal) {
    auto response = deps.renderer.Fail(request, principal.error());
    response.headers.emplace_back("WWW-Authenticate", principal.error().id == ErrorId::kAuthLoginRequired
                                                          ? "Bearer"
                                                          : "Bearer error=\"invalid_token\"");
    return response;
  }
  return fn(*principal);
}

}  // namespace menshen::accounts
