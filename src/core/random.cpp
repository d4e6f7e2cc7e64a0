#include "core/random.hpp"

#include <fmt/core.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace menshen {

void AppendBase64Url(std::string& out, std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() * 4 + 2) / 3);
  char* p = out.data() + start;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    *p++ = kAlphabet[(v >> 18) & 63];
    *p++ = kAlphabet[(v >> 12) & 63];
    *p++ = kAlphabet[(v >> 6) & 63];
    *p++ = kAlphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const std::uint32_t v = (bytes[i] << 16) | (rest == 2 ? bytes[i + 1] << 8 : 0);
    *p++ = kAlphabet[(v >> 18) & 63];
    *p++ = kAlphabet[(v >> 12) & 63];
    if (rest == 2) *p++ = kAlphabet[(v >> 6) & 63];
  }
}

std::string Base64UrlEncode(std::span<const std::uint8_t> bytes) {
  std::string out;
  AppendBase64Url(out, bytes);
  return out;
}

namespace {

// Random bytes on their way into text: on the stack when they are few (they nearly always are).
class ScratchBytes {
 public:
  explicit ScratchBytes(std::size_t size) : size_(size), large_(size > small_.size() ? size : 0) {}
  std::span<std::uint8_t> Span() { return large_.empty() ? std::span(small_).first(size_) : std::span(large_); }

 private:
  std::array<std::uint8_t, 64> small_;
  std::size_t size_;
  std::vector<std::uint8_t> large_;
};

}  // namespace

std::string Random::Token(std::size_t bytes) {
  ScratchBytes scratch(bytes);
  const auto buffer = scratch.Span();
  Fill(buffer);
  std::string token = Base64UrlEncode(buffer);
  OPENSSL_cleanse(buffer.data(), buffer.size());
  return token;
}

std::string Random::TimeOrderedId(std::chrono::system_clock::time_point now) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return fmt::format("{:014x}{}", micros, Hex(8));
}

std::string Random::Hex(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  ScratchBytes scratch(bytes);
  const auto buffer = scratch.Span();
  Fill(buffer);
  std::string out;
  out.reserve(bytes * 2);
  for (const auto b : buffer) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

namespace {

// Each RAND_bytes call costs a system call (OpenSSL 3.0 asks getpid() to notice a fork) besides the DRBG
// step, which is most of the price of a 16-byte token. So each thread draws a block at a time and hands it
// out in pieces; a piece is wiped from the block as it leaves, and a fork discards every block.
constexpr std::size_t kBlockBytes = 256;
constexpr std::size_t kLargestBuffered = 64;

std::atomic<std::uint64_t> fork_generation{0};

void RegisterForkHandler() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); });
  });
}

void Draw(std::uint8_t* out, std::size_t size) {
  // A CSPRNG failure is unrecoverable: never hand out predictable secrets.
  if (RAND_bytes(out, static_cast<int>(size)) != 1) throw std::runtime_error("RAND_bytes failed");
}

struct Block {
  std::array<std::uint8_t, kBlockBytes> bytes{};
  std::size_t taken = kBlockBytes;  // bytes[taken..] are unused
  std::uint64_t generation = 0;

  ~Block() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

}  // namespace

SystemRandom::SystemRandom() { RegisterForkHandler(); }

void SystemRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (out.size() > kLargestBuffered) {
    Draw(out.data(), out.size());
    return;
  }
  thread_local Block block;
  const auto generation = fork_generation.load(std::memory_order_relaxed);
  if (block.generation != generation || kBlockBytes - block.taken < out.size()) {
    Draw(block.bytes.data(), kBlockBytes);
    block.taken = 0;
    block.generation = generation;
  }
  std::uint8_t* piece = block.bytes.data() + block.taken;
  std::memcpy(out.data(), piece, out.size());
  OPENSSL_cleanse(piece, out.size());
  block.taken += out.size();
}

}  // namespace menshen
