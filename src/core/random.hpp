// Randomness is injected like time: production draws from the OS CSPRNG, tests may seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace menshen {

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;

  // `bytes` random bytes as unpadded base64url (tokens, ids, CSRF values).
  std::string Token(std::size_t bytes = 32);
  // `bytes` random bytes as lowercase hex (request ids).
  std::string Hex(std::size_t bytes);
};

// OpenSSL's CSPRNG; thread-safe.
class SystemRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes);

}  // namespace menshen
