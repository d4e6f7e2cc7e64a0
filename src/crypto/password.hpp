// Password hashing: argon2id through libsodium, encoded in the PHC string format so that hashes made with
// older parameters still verify (and can be spotted for rehashing).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::crypto {

struct PasswordParams {
  std::size_t memory_bytes = 19 * 1024 * 1024;  // OWASP's argon2id baseline: 19 MiB, t=2, p=1
  unsigned long long iterations = 2;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordParams params = {});

  Result<std::string> Hash(std::string_view password) const;
  // Constant-time in the password; false for a wrong password or a malformed hash.
  bool Verify(std::string_view password, const std::string& encoded) const;
  // True when `encoded` was made with other parameters than this hasher's.
  bool NeedsRehash(const std::string& encoded) const;

 private:
  PasswordParams params_;
};

}  // namespace menshen::crypto
