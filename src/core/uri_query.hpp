// Query strings built for a redirect (RFC 3986 3.4): the authorization response and its errors, the
// end-session redirect.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace menshen {

// `uri` with `params` appended to its query, each name and value percent-encoded.
std::string WithQuery(std::string_view uri, const std::vector<std::pair<std::string, std::string>>& params);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view text);

}  // namespace menshen
