// JSON Web Tokens (RFC 7519) over compact JWS: registered claims, extra claims, and verification
// against an injected clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "crypto/signing_key.hpp"

namespace menshen::crypto {

inline constexpr std::string_view kTypJwt = "JWT";
// RFC 9068 access tokens.
inline constexpr std::string_view kTypAccessToken = "at+jwt";

struct Claims {
  std::string iss;
  std::string sub;
  std::vector<std::string> aud;     // one value is written as a string, more as an array
  std::optional<std::int64_t> exp;  // NumericDate: seconds since the epoch
  std::optional<std::int64_t> iat;
  std::optional<std::int64_t> nbf;
  std::string jti;
  std::string sid;
  // Any other claims. On signing, a registered claim set above wins over one of the same name here.
  nlohmann::json extra = nlohmann::json::object();

  bool operator==(const Claims&) const = default;
};

// Empty strings and absent times are left out of the token.
Result<std::string> SignJwt(const SigningKey& key, const Claims& claims, std::string_view typ = kTypJwt);

struct JwtRequirements {
  std::string issuer{};    // when set, iss must equal it
  std::string audience{};  // when set, aud must contain it
  std::string typ{};       // when set, the header typ must match (case-insensitive, "application/" optional)
  bool require_exp = true;
  bool check_exp = true;  // false: an expired token still verifies (an id_token_hint, OpenID Connect Core 3.1.2.1)
  std::chrono::seconds leeway{30};  // clock skew tolerated on exp, nbf and iat
};

// kTokenExpired when exp (plus leeway) has passed; kTokenInvalid for any other failure, with the reason
// in internal_detail only.
Result<Claims> VerifyJwt(const KeySet& keys, std::string_view token, const Clock& clock,
                         const JwtRequirements& requirements = {});

}  // namespace menshen::crypto
