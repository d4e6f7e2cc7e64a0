// Redirect URIs at the authorization and end-session endpoints: matched exactly as registered (RFC 9700
// 4.1.3), except that a loopback URI may name any port (RFC 8252 7.3), and built with query parameters.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace menshen::oauth {

// True when `presented` is one of `registered`: the same string, or an http loopback URI (127.0.0.1, [::1],
// localhost) that differs only in its port.
bool RedirectUriMatches(const std::vector<std::string>& registered, std::string_view presented);

// `uri` with `params` appended to its query, each name and value percent-encoded.
std::string WithQuery(std::string_view uri, const std::vector<std::pair<std::string, std::string>>& params);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view text);

}  // namespace menshen::oauth
