// An independent check of a compact JWS against a published JWK Set, with OpenSSL directly rather than the
// server's own code: RS256 (RSASSA-PKCS1-v1_5 SHA-256) and ES256 (P-256, raw R||S signatures).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace menshen::testing {

struct CheckedJws {
  nlohmann::json header;
  nlohmann::json payload;
};

// The header and payload when the signature verifies with the JWK the header's kid names and the JWK's alg
// equals the header's; nullopt otherwise.
std::optional<CheckedJws> CheckJws(std::string_view token, const nlohmann::json& jwks);

std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace menshen::testing
