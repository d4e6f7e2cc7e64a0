// Reading a client's credentials from a token, introspection or revocation request (RFC 6749 2.3.1):
// HTTP Basic, or client_id/client_secret in the form body, or only client_id for a public client.
// Pure: the caller hands in the Authorization header and the two form fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "oauth/model.hpp"

namespace menshen::oauth {

struct ClientCredentials {
  std::string client_id;
  std::string secret;  // empty for kNone
  AuthMethod method = AuthMethod::kNone;
};

// The form fields a request carried; nullopt when absent.
struct ClientFormFields {
  std::optional<std::string_view> client_id;
  std::optional<std::string_view> client_secret;
};

// oauth2.invalid_request when two methods are mixed (Basic and a body secret, or a body client_id that
// differs from Basic's); oauth2.invalid_client when the header is not Basic, is malformed, or no client is
// named at all. Basic's id and secret are form-urlencoded inside the base64 (RFC 6749 2.3.1).
Result<ClientCredentials> ParseClientCredentials(std::optional<std::string_view> authorization,
                                                 const ClientFormFields& form);

// True when `authorization` uses the Basic scheme: a failure then answers 401 with a Basic challenge.
bool IsBasicAuthorization(std::optional<std::string_view> authorization);

}  // namespace menshen::oauth
