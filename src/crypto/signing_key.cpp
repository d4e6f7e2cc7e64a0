#include "crypto/signing_key.hpp"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/blocking.hpp"
#include "crypto/jwk.hpp"
#include "crypto/sha256.hpp"

namespace menshen::crypto {
namespace {

constexpr std::size_t kP256Bytes = 32;

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Fetched once: an implicit fetch per signature costs a provider lookup on the hot path.
const EVP_MD* Digest(JwsAlg alg) {
  static const EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return alg == JwsAlg::kEdDsa ? nullptr : kSha256;
}

bool FitsAlg(JwsAlg alg, EVP_PKEY* key) {
  switch (alg) {
    case JwsAlg::kEs256: {
      char group[32] = {};
      std::size_t length = 0;
      return EVP_PKEY_is_a(key, "EC") == 1 && EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1 &&
             std::string_view(group, length) == "prime256v1";
    }
    case JwsAlg::kRs256:
      return EVP_PKEY_is_a(key, "RSA") == 1 && EVP_PKEY_get_bits(key) >= 2048;
    case JwsAlg::kEdDsa:
      return EVP_PKEY_is_a(key, "ED25519") == 1;
  }
  return false;
}

std::optional<std::string> DerToRaw(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), ECDSA_SIG_free);
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kP256Bytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kP256Bytes) < 0 || BN_bn2binpad(s, out + kP256Bytes, kP256Bytes) < 0) return std::nullopt;
  return raw;
}

std::optional<std::string> RawToDer(std::string_view raw) {
  if (raw.size() != 2 * kP256Bytes) return std::nullopt;
  EcdsaSig sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(Bytes(raw), kP256Bytes, nullptr);
  BIGNUM* s = BN_bin2bn(Bytes(raw) + kP256Bytes, kP256Bytes, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &p);
  return der;
}

}  // namespace

std::string_view AlgName(JwsAlg alg) {
  switch (alg) {
    case JwsAlg::kEs256:
      return "ES256";
    case JwsAlg::kRs256:
      return "RS256";
    case JwsAlg::kEdDsa:
      return "EdDSA";
  }
  return "";
}

std::optional<JwsAlg> ParseAlg(std::string_view name) {
  for (const auto alg : {JwsAlg::kEs256, JwsAlg::kRs256, JwsAlg::kEdDsa}) {
    if (AlgName(alg) == name) return alg;
  }
  return std::nullopt;
}

Result<SigningKey> SigningKey::Make(JwsAlg alg, std::shared_ptr<EVP_PKEY> key) {
  if (!key || !FitsAlg(alg, key.get())) {
    return Fail(ErrorId::kCommonInternalError, {}, fmt::format("key does not fit {}", AlgName(alg)));
  }
  auto jwk = PublishedJwk(key.get(), "sig", AlgName(alg));
  if (!jwk) return std::unexpected(jwk.error());
  auto kid = (*jwk)["kid"].get<std::string>();
  SigningKey made(alg, std::move(key), std::move(kid), std::make_shared<nlohmann::json>(std::move(*jwk)));
  if (alg == JwsAlg::kEs256) {
    // Setting up a signing context (provider fetches, key checks) costs about an eighth of the signature itself;
    // each signature duplicates this prepared one instead, and never changes it, so threads may share it.
    std::shared_ptr<EVP_PKEY_CTX> prepared(EVP_PKEY_CTX_new_from_pkey(nullptr, made.key_.get(), nullptr),
                                           EVP_PKEY_CTX_free);
    if (!prepared || EVP_PKEY_sign_init(prepared.get()) != 1) {
      return Fail(ErrorId::kCommonInternalError, {}, "ECDSA signing context failed");
    }
    made.prepared_ecdsa_ = std::move(prepared);
  }
  return made;
}

Result<SigningKey> SigningKey::Generate(JwsAlg alg) {
  EVP_PKEY* raw = nullptr;
  switch (alg) {
    case JwsAlg::kEs256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case JwsAlg::kRs256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048));
      break;
    case JwsAlg::kEdDsa:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (!raw) return Fail(ErrorId::kCommonInternalError, {}, "key generation failed");
  return Make(alg, std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
}

Result<SigningKey> SigningKey::FromPrivatePem(JwsAlg alg, std::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!raw) return Fail(ErrorId::kCommonInternalError, {}, "unreadable private key");
  return Make(alg, std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
}

Result<std::string> SigningKey::PrivatePem() const {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "private key export failed");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<std::size_t>(length));
  OPENSSL_cleanse(data, static_cast<std::size_t>(length));
  return pem;
}

Result<std::string> SigningKey::SignEs256(std::string_view data) const {
  const auto digest = Sha256(data);
  PkeyCtx ctx(EVP_PKEY_CTX_dup(prepared_ecdsa_.get()), EVP_PKEY_CTX_free);
  unsigned char der[2 * kP256Bytes + 16];  // an ECDSA-Sig-Value of P-256 takes at most 72 bytes
  std::size_t der_length = sizeof der;
  if (!ctx || EVP_PKEY_sign(ctx.get(), der, &der_length, digest.data(), digest.size()) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "signing failed");
  }
  auto raw = DerToRaw({reinterpret_cast<const char*>(der), der_length});
  if (!raw) return Fail(ErrorId::kCommonInternalError, {}, "ECDSA signature conversion failed");
  return std::move(*raw);
}

Result<std::string> SigningKey::Sign(std::string_view data) const {
  if (alg_ == JwsAlg::kEs256) return SignEs256(data);
  // An RSA private-key operation takes about a millisecond; ECDSA and Ed25519 take microseconds.
  if (alg_ == JwsAlg::kRs256) MayBlock();
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, Digest(alg_), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, Bytes(data), data.size()) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "signing failed to start");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, Bytes(data),
                     data.size()) != 1) {
    return Fail(ErrorId::kCommonInternalError, {}, "signing failed");
  }
  signature.resize(length);
  return signature;
}

bool SigningKey::Verify(std::string_view data, std::string_view signature) const {
  // Verifying is what a flood of forged tokens costs: it belongs on the bounded worker pool, which sheds.
  MayBlock();
  std::optional<std::string> der;
  if (alg_ == JwsAlg::kEs256) {
    der = RawToDer(signature);
    if (!der) return false;
    signature = *der;
  }
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, Digest(alg_), nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(data), data.size()) == 1;
}

const SigningKey* KeySet::Find(std::string_view kid) const {
  for (const auto& key : keys_) {
    if (key.Kid() == kid) return &key;
  }
  return nullptr;
}

}  // namespace menshen::crypto
