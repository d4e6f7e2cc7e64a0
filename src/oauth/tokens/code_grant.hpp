// The authorization_code grant (RFC 6749 4.1.3, RFC 7636 4.6) for a client already authenticated.
#pragma once

#include <optional>
#include <string_view>

#include "oauth/authorize/auth_codes.hpp"
#include "oauth/model.hpp"
#include "oauth/tokens/user_tokens.hpp"

namespace menshen::oauth {

struct CodeRedemption {
  std::optional<std::string_view> code;
  std::optional<std::string_view> redirect_uri;
  std::optional<std::string_view> code_verifier;
};

// oauth2.invalid_request for a missing code; oauth2.invalid_grant for a code that is unknown, expired,
// already used (whose grant is then revoked), of another client, or whose redirect_uri or code_verifier
// does not match the authorization request.
Result<IssuedUserTokens> RedeemAuthorizationCode(AuthCodes& codes, UserTokens& tokens, const App& client,
                                                 const CodeRedemption& redemption);

}  // namespace menshen::oauth
