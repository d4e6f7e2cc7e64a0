// Any bytes into the token verifier: it must never crash, leak or accept a token it did not sign. The
// first byte picks the mode: verify the bytes as a token, or sign them as a JWT payload (so the fuzzer
// also reaches the claim checks behind a valid signature) and verify that.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/clock.hpp"
#include "crypto/jws.hpp"
#include "crypto/jwt.hpp"

namespace {

using menshen::crypto::JwsAlg;
using menshen::crypto::KeySet;
using menshen::crypto::SigningKey;

// Fixed test keys, so that a crashing input reproduces (a kid is the key's thumbprint).
constexpr std::string_view kEs256Pem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYOtkEbcVQdF7bcpn
9fAQDZ+fXuRBaZAmNgHLxThnVwGhRANCAASN87On7UYrp5M1YY+YeYgSyh+g7aYc
USbw8Axd0kuCDxBfNoYjfMqCBwG/EIKvTEpPouYD0jOJPNAu1QP/ettM
-----END PRIVATE KEY-----
)";
constexpr std::string_view kEdDsaPem = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIDgOl+b4HatN22duFV/e3pPX0ARf+aiANIwsljpfaLqy
-----END PRIVATE KEY-----
)";

const KeySet& Keys() {
  static const KeySet keys({SigningKey::FromPrivatePem(JwsAlg::kEs256, kEs256Pem).value(),
                            SigningKey::FromPrivatePem(JwsAlg::kEdDsa, kEdDsaPem).value()});
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const menshen::ManualClock clock;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const menshen::crypto::JwtRequirements requirements{.issuer = "iss", .audience = "aud", .require_exp = false};
  if (data[0] % 2 == 0) {
    const auto claims = menshen::crypto::VerifyJwt(Keys(), rest, clock, requirements);
    // Only this process's keys sign, so no arbitrary bytes may carry a valid signature.
    const bool forged = claims.has_value() || claims.error().internal_detail.find("claim") != std::string::npos ||
                        claims.error().id == menshen::ErrorId::kTokenExpired;
    if (forged) std::abort();
    return 0;
  }
  if (data[0] % 8 == 7) {
    // Any JSON object as extra claims: what SignJwt writes by hand must read back as the same claims.
    auto extra = nlohmann::json::parse(rest, nullptr, false);
    if (!extra.is_object()) return 0;
    for (const char* name : {"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid"}) extra.erase(name);
    menshen::crypto::Claims claims{.iss = "iss", .sub = "sub", .aud = {"aud"}};
    claims.extra = extra;
    const auto token = menshen::crypto::SignJwt(Keys().Keys()[0], claims);
    if (!token) std::abort();
    const auto verified = menshen::crypto::VerifyJwt(Keys(), *token, clock, requirements);
    if (!verified || verified->extra != extra || verified->sub != "sub") std::abort();
    return 0;
  }
  const auto& key = Keys().Keys()[data[0] % 4 == 1 ? 0 : 1];
  const auto token = menshen::crypto::SignJws(key, rest, "JWT");
  if (!token) std::abort();
  const auto claims = menshen::crypto::VerifyJwt(Keys(), *token, clock, requirements);
  if (!claims && claims.error().internal_detail == "bad signature") std::abort();
  return 0;
}
