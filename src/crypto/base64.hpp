// Strict base64 decoding, in constant time over the characters: JOSE's unpadded base64url, and padded
// standard base64 for Basic credentials and secrets in configuration. It accepts what libsodium's strict
// decoder accepts (a test compares the two), except bytes above 0x7f, which that decoder can mistake for
// '/' or '_'. Encoding lives in core (Base64UrlEncode).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace menshen::crypto {

// Unpadded base64url (RFC 7515 section 2); nullopt on any character outside the alphabet, padding or
// a length that cannot occur.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Standard base64 with padding (RFC 4648 section 4).
std::optional<std::string> Base64Decode(std::string_view text);

std::string Base64Encode(std::string_view bytes);

}  // namespace menshen::crypto
