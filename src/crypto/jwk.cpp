#include "crypto/jwk.hpp"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>
#include <memory>

#include "core/random.hpp"

namespace menshen::crypto {
namespace {

using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::string Encode(const unsigned char* data, std::size_t size) { return Base64UrlEncode({data, size}); }

// A big-endian parameter; `width` pads to a fixed size (EC coordinates), 0 keeps it minimal (RSA).
Result<std::string> BignumParam(EVP_PKEY* key, const char* name, int width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, fmt::format("key lacks {}", name));
  }
  Bignum bn(raw, BN_free);
  const int size = width > 0 ? width : BN_num_bytes(bn.get());
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  if (BN_bn2binpad(bn.get(), bytes.data(), size) < 0) return Fail(ErrorId::kCommonInternalError, {}, "bad key size");
  return Encode(bytes.data(), bytes.size());
}

}  // namespace

Result<nlohmann::json> PublicJwkMembers(EVP_PKEY* key) {
  nlohmann::json jwk = nlohmann::json::object();
  if (EVP_PKEY_is_a(key, "EC") == 1) {
    auto x = BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32);
    auto y = BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    if (!x) return std::unexpected(x.error());
    if (!y) return std::unexpected(y.error());
    jwk = {{"kty", "EC"}, {"crv", "P-256"}, {"x", *x}, {"y", *y}};
  } else if (EVP_PKEY_is_a(key, "RSA") == 1) {
    auto n = BignumParam(key, OSSL_PKEY_PARAM_RSA_N, 0);
    auto e = BignumParam(key, OSSL_PKEY_PARAM_RSA_E, 0);
    if (!n) return std::unexpected(n.error());
    if (!e) return std::unexpected(e.error());
    jwk = {{"kty", "RSA"}, {"n", *n}, {"e", *e}};
  } else if (EVP_PKEY_is_a(key, "ED25519") == 1) {
    unsigned char raw[32];
    std::size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1) {
      return Fail(ErrorId::kCommonInternalError, {}, "Ed25519 public key unreadable");
    }
    jwk = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Encode(raw, length)}};
  } else {
    return Fail(ErrorId::kCommonInternalError, {}, "unsupported key type");
  }
  return jwk;
}

Result<std::string> JwkThumbprint(const nlohmann::json& jwk) {
  if (!jwk.is_object() || !jwk.contains("kty") || !jwk["kty"].is_string()) {
    return Fail(ErrorId::kCommonInvalidParameter, {}, "JWK without kty");
  }
  const auto& kty = jwk["kty"].get_ref<const std::string&>();
  static constexpr std::array<const char*, 4> kEc = {"crv", "kty", "x", "y"};
  static constexpr std::array<const char*, 3> kRsa = {"e", "kty", "n"};
  static constexpr std::array<const char*, 3> kOkp = {"crv", "kty", "x"};
  std::span<const char* const> required;
  if (kty == "EC") {
    required = kEc;
  } else if (kty == "RSA") {
    required = kRsa;
  } else if (kty == "OKP") {
    required = kOkp;
  } else {
    return Fail(ErrorId::kCommonInvalidParameter, {}, fmt::format("JWK kty {} unsupported", kty));
  }
  // nlohmann::json keeps object members sorted and dump() adds no whitespace: exactly RFC 7638's form.
  nlohmann::json canonical = nlohmann::json::object();
  for (const char* member : required) {
    if (!jwk.contains(member) || !jwk[member].is_string()) {
      return Fail(ErrorId::kCommonInvalidParameter, {}, fmt::format("JWK lacks {}", member));
    }
    canonical[member] = jwk[member];
  }
  const std::string text = canonical.dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "SHA-256 failed");
  }
  return Encode(digest, size);
}

Result<nlohmann::json> PublishedJwk(EVP_PKEY* key, std::string_view use, std::string_view alg) {
  auto jwk = PublicJwkMembers(key);
  if (!jwk) return std::unexpected(jwk.error());
  auto kid = JwkThumbprint(*jwk);
  if (!kid) return std::unexpected(kid.error());
  (*jwk)["kid"] = std::move(*kid);
  (*jwk)["use"] = use;
  (*jwk)["alg"] = alg;
  return jwk;
}

nlohmann::json JwkSet(std::span<const SigningKey> keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& key : keys) list.push_back(key.PublicJwk());
  return {{"keys", std::move(list)}};
}

}  // namespace menshen::crypto
