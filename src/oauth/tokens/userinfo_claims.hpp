// The claims /oauth/userinfo returns for the scopes an access token carries (OIDC Core 5.4): sub always;
// profile, email and phone add what menshen knows of the user. A pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "accounts/users/model.hpp"

namespace menshen::oauth {

// Every claim name UserInfoClaims can return, for the discovery document.
const std::vector<std::string>& UserInfoClaimNames();

nlohmann::json UserInfoClaims(const accounts::User& user, const std::vector<std::string>& scopes);

}  // namespace menshen::oauth
