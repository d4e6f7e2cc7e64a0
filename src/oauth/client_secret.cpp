#include "oauth/client_secret.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>

namespace menshen::oauth {

std::string GenerateClientSecret(Random& random) { return random.Token(32); }

std::string HashClientSecret(std::string_view secret) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const auto b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool ClientSecretMatches(std::string_view presented, std::string_view stored_hash) {
  const auto hash = HashClientSecret(presented);
  // Both are 64 hex digits when the stored hash is well-formed; the length is no secret.
  if (hash.size() != stored_hash.size()) return false;
  return CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

}  // namespace menshen::oauth
