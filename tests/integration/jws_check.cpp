#include "jws_check.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <vector>

namespace menshen::testing {
namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

Bignum ToBignum(const std::string& bytes) {
  return Bignum(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

Pkey FromParams(const char* type, OSSL_PARAM_BLD* builder) {
  std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>> params(OSSL_PARAM_BLD_to_param(builder));
  std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return Pkey(key);
}

Pkey KeyOf(const nlohmann::json& jwk) {
  std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>> builder(OSSL_PARAM_BLD_new());
  if (jwk.value("kty", "") == "RSA") {
    const auto n = Base64UrlDecode(jwk.value("n", ""));
    const auto e = Base64UrlDecode(jwk.value("e", ""));
    if (!n || !e) return nullptr;
    const auto bn_n = ToBignum(*n);
    const auto bn_e = ToBignum(*e);
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get());
    return FromParams("RSA", builder.get());
  }
  if (jwk.value("kty", "") == "EC" && jwk.value("crv", "") == "P-256") {
    const auto x = Base64UrlDecode(jwk.value("x", ""));
    const auto y = Base64UrlDecode(jwk.value("y", ""));
    if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
    std::string point = "\x04" + *x + *y;  // uncompressed SEC 1 point
    OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    return FromParams("EC", builder.get());
  }
  return nullptr;
}

// JWS ES256 signatures are R||S; OpenSSL verifies DER.
std::optional<std::string> EcdsaDer(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) return std::nullopt;
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig.get(), &der);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

bool Verify(EVP_PKEY* key, std::string_view data, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>> ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (standard.size() % 4 != 0) standard += '=';
  std::vector<unsigned char> out(standard.size());
  const int length = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(standard.data()),
                                     static_cast<int>(standard.size()));
  if (length < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(length);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (std::size_t i = text.size(); i % 4 != 0; ++i) --size;
  return std::string(reinterpret_cast<char*>(out.data()), size);
}

std::optional<CheckedJws> CheckJws(std::string_view token, const nlohmann::json& jwks) {
  const auto first = token.find('.');
  const auto second = token.find('.', first == std::string_view::npos ? first : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
  const auto header_text = Base64UrlDecode(token.substr(0, first));
  const auto payload_text = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  const auto signature = Base64UrlDecode(token.substr(second + 1));
  if (!header_text || !payload_text || !signature) return std::nullopt;
  CheckedJws out{nlohmann::json::parse(*header_text, nullptr, false),
                 nlohmann::json::parse(*payload_text, nullptr, false)};
  if (!out.header.is_object() || !out.payload.is_object()) return std::nullopt;
  const auto alg = out.header.value("alg", "");
  for (const auto& jwk : jwks.value("keys", nlohmann::json::array())) {
    if (jwk.value("kid", "") != out.header.value("kid", "") || jwk.value("alg", "") != alg) continue;
    const auto key = KeyOf(jwk);
    if (!key) return std::nullopt;
    const auto der = alg == "ES256" ? EcdsaDer(*signature) : std::optional<std::string>(*signature);
    if (!der || (alg != "ES256" && alg != "RS256")) return std::nullopt;
    if (!Verify(key.get(), token.substr(0, second), *der)) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace menshen::testing
