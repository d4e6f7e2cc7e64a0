// What the /oauth endpoints share: form bodies (RFC 6749 3.2), client authentication and responses that no
// cache keeps. Their errors take the RFC 6749 5.2 shape (http::OAuthShape, RFC 6750's at userinfo).
// Internal to the routes library.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.hpp"
#include "http/render.hpp"
#include "oauth/api/routes.hpp"
#include "oauth/apps/app_service.hpp"

namespace menshen::oauth {

using http::NoStore;
http::Response JsonNoStore(const nlohmann::json& body);
// The same for a body already written as JSON text.
http::Response JsonTextNoStore(std::string body);

// A form body whose parameters appear at most once, except the ones a caller allows to repeat.
struct Form {
  http::Fields fields;
  std::optional<std::string_view> Get(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;
};

// oauth2.invalid_request for another media type than application/x-www-form-urlencoded or a repeated
// parameter not in `repeatable`.
Result<Form> ParseForm(const http::Request& request, std::size_t max_params,
                       std::initializer_list<std::string_view> repeatable = {});

// The client behind HTTP Basic or client_id/client_secret in the form (oauth2.invalid_client).
Result<std::shared_ptr<const App>> AuthenticateClient(AppsService& apps, const http::Request& request,
                                                      const Form& form);

// GET and POST /oauth/userinfo.
void AddUserInfoRoutes(http::Router& router, const OAuthRouteDeps& deps);

}  // namespace menshen::oauth
