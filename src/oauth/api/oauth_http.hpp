// What the /oauth endpoints share: form bodies (RFC 6749 3.2), client authentication, responses that no
// cache keeps, and errors in the RFC 6749 5.2 shape with the catalog's code and message beside them.
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
#include "oauth/error_description.hpp"

namespace menshen::oauth {

// The RFC 6749 error code for a catalog error, and the HTTP status the RFC asks for.
std::pair<std::string_view, int> RfcError(ErrorId id, int catalog_status);

void NoStore(http::Response& response);
http::Response JsonNoStore(const nlohmann::json& body);
// The same for a body already written as JSON text.
http::Response JsonTextNoStore(std::string body);

// {error, error_description, code, message}; 401s name the Basic scheme.
http::Response OAuthError(const http::Renderer& renderer, const http::Request& request, const Error& error);
// Logs what the caller is not told (which part of a client authentication failed, a database error).
void LogInternalDetail(const http::Request& request, const Error& error, int status);

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
