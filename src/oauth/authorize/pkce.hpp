// Proof Key for Code Exchange (RFC 7636), S256 only: `plain` would hand the verifier to anyone who sees the
// authorization request, so it is refused (RFC 9700 2.1.1).
#pragma once

#include <string>
#include <string_view>

namespace menshen::oauth {

// A code_challenge as S256 produces it: 43 base64url characters (32 bytes, unpadded).
bool IsValidCodeChallenge(std::string_view challenge);
// A code_verifier: 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 4.1).
bool IsValidCodeVerifier(std::string_view verifier);
// BASE64URL(SHA256(verifier)).
std::string S256Challenge(std::string_view verifier);
// The verifier's S256 challenge equals `challenge`, compared in constant time.
bool VerifierMatches(std::string_view verifier, std::string_view challenge);

}  // namespace menshen::oauth
