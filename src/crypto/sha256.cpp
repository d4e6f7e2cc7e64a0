#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <cstdlib>

namespace menshen::crypto {
namespace {

// Fetched once: OpenSSL 3's one-shot SHA256() looks the algorithm up in its provider store on every
// call, under a lock every thread shares, which cost more than hashing a 400-byte token.
const EVP_MD* Algorithm() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int size = 0;
  // Fails only when out of memory or without the default provider: nothing sensible is left to do.
  if (Algorithm() == nullptr || EVP_Digest(data.data(), data.size(), digest.data(), &size, Algorithm(), nullptr) != 1 ||
      size != digest.size()) {
    std::abort();
  }
  return digest;
}

std::string Sha256Hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto digest = Sha256(data);
  std::string out;
  out.reserve(digest.size() * 2);
  for (const auto b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace menshen::crypto
