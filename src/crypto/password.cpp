#include "crypto/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace menshen::crypto {

PasswordHasher::PasswordHasher(PasswordParams params) : params_(params) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params_.iterations, params_.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorId::kCommonServiceUnavailable, {}, "argon2id hashing failed (out of memory?)");
  }
  out.resize(out.find('\0'));
  return out;
}

bool PasswordHasher::Verify(std::string_view password, const std::string& encoded) const {
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(const std::string& encoded) const {
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), params_.iterations, params_.memory_bytes) != 0;
}

}  // namespace menshen::crypto
