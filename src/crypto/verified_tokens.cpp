#include "crypto/verified_tokens.hpp"

#include "crypto/sha256.hpp"

namespace menshen::crypto {

TokenDigest DigestOfToken(std::string_view token) { return Sha256(token); }

}  // namespace menshen::crypto
