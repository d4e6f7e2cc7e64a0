// Redirect URIs at the authorization and end-session endpoints: matched exactly as registered (RFC 9700
// 4.1.3), except that a loopback URI may name any port (RFC 8252 7.3). Their query parameters: core/uri_query.hpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/uri_query.hpp"

namespace menshen::oauth {

// True when `presented` is one of `registered`: the same string, or an http loopback URI (127.0.0.1, [::1],
// localhost) that differs only in its port.
bool RedirectUriMatches(const std::vector<std::string>& registered, std::string_view presented);

}  // namespace menshen::oauth
