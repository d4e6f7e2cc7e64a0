#include "crypto/verified_tokens.hpp"

#include <openssl/sha.h>

namespace menshen::crypto {

TokenDigest DigestOfToken(std::string_view token) {
  TokenDigest digest{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  return digest;
}

}  // namespace menshen::crypto
