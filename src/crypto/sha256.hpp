// SHA-256 of a byte string, for the digests stored in place of secrets (client secrets, refresh tokens)
// and the ones protocols ask for (PKCE S256, at_hash, the verified-token cache's keys).
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace menshen::crypto {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest Sha256(std::string_view data);
// Lower-case hex, 64 characters.
std::string Sha256Hex(std::string_view data);

}  // namespace menshen::crypto
