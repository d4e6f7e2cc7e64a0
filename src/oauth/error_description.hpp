// The `error_description` of an OAuth error, in a redirect (RFC 6749 4.1.2.1) or a JSON body (5.2).
#pragma once

#include <string>
#include <string_view>

namespace menshen::oauth {

// `text` restricted to the characters error_description may hold (%x20-21 / %x23-5B / %x5D-7E): other
// bytes become '?', quotes and backslashes an apostrophe.
std::string DescriptionText(std::string_view text);

}  // namespace menshen::oauth
