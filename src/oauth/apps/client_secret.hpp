// Client secrets: 256-bit random, shown once, kept as SHA-256 (a fast hash is safe for a secret with that
// much entropy) and compared in constant time.
#pragma once

#include <string>
#include <string_view>

#include "core/random.hpp"

namespace menshen::oauth {

// 32 random bytes as unpadded base64url (43 characters).
std::string GenerateClientSecret(Random& random);
// Lower-case hex SHA-256: what the database keeps.
std::string HashClientSecret(std::string_view secret);
// Compares the presented secret's hash with the stored one without an early exit.
bool ClientSecretMatches(std::string_view presented, std::string_view stored_hash);

}  // namespace menshen::oauth
