#include "keys/verified_tokens.hpp"

#include "crypto/sha256.hpp"

namespace menshen::keys {

TokenDigest DigestOfToken(std::string_view token) { return crypto::Sha256(token); }

}  // namespace menshen::keys
