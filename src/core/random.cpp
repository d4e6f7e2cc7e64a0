#include "core/random.hpp"

#include <fmt/core.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace menshen {

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = (bytes[i] << 16) | (rest == 2 ? bytes[i + 1] << 8 : 0);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string Random::Token(std::size_t bytes) {
  std::vector<std::uint8_t> buffer(bytes);
  Fill(buffer);
  return Base64UrlEncode(buffer);
}

std::string Random::TimeOrderedId(std::chrono::system_clock::time_point now) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return fmt::format("{:014x}{}", micros, Hex(8));
}

std::string Random::Hex(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::vector<std::uint8_t> buffer(bytes);
  Fill(buffer);
  std::string out;
  out.reserve(bytes * 2);
  for (const auto b : buffer) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

void SystemRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  // A CSPRNG failure is unrecoverable: never hand out predictable secrets.
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) throw std::runtime_error("RAND_bytes failed");
}

}  // namespace menshen
