#include "oauth/apps/client_secret.hpp"

#include <openssl/crypto.h>

#include "crypto/sha256.hpp"

namespace menshen::oauth {

std::string GenerateClientSecret(Random& random) { return random.Token(32); }

std::string HashClientSecret(std::string_view secret) { return crypto::Sha256Hex(secret); }

bool ClientSecretMatches(std::string_view presented, std::string_view stored_hash) {
  const auto hash = HashClientSecret(presented);
  // Both are 64 hex digits when the stored hash is well-formed; the length is no secret.
  if (hash.size() != stored_hash.size()) return false;
  return CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

}  // namespace menshen::oauth
