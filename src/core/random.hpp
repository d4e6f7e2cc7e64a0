// Randomness is injected like time: production draws from the OS CSPRNG, tests may seed.
#pragma once

#include <chrono>
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
  // An id that sorts by creation time: fixed-width hex microseconds since the epoch, then 64 random bits,
  // so rows made within one second still order newest first by id.
  std::string TimeOrderedId(std::chrono::system_clock::time_point now);
};

// OpenSSL's CSPRNG, drawn a block per thread at a time; thread-safe and fork-safe.
class SystemRandom final : public Random {
 public:
  SystemRandom();
  void Fill(std::span<std::uint8_t> out) override;
};

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes);
// The same characters appended to `out`, for a token put together piece by piece.
void AppendBase64Url(std::string& out, std::span<const std::uint8_t> bytes);

}  // namespace menshen
