#include "oauth/authorize/pkce.hpp"

#include <openssl/crypto.h>

#include <algorithm>

#include "core/random.hpp"
#include "crypto/sha256.hpp"

namespace menshen::oauth {
namespace {

bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

bool IsValidCodeChallenge(std::string_view challenge) {
  return challenge.size() == 43 && std::ranges::all_of(challenge, IsBase64Url);
}

bool IsValidCodeVerifier(std::string_view verifier) {
  return verifier.size() >= 43 && verifier.size() <= 128 &&
         std::ranges::all_of(verifier, [](char c) { return IsBase64Url(c) || c == '.' || c == '~'; });
}

std::string S256Challenge(std::string_view verifier) { return Base64UrlEncode(crypto::Sha256(verifier)); }

bool VerifierMatches(std::string_view verifier, std::string_view challenge) {
  const auto computed = S256Challenge(verifier);
  return computed.size() == challenge.size() && CRYPTO_memcmp(computed.data(), challenge.data(), computed.size()) == 0;
}

}  // namespace menshen::oauth
