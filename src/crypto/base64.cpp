#include "crypto/base64.hpp"

#include <sodium.h>

#include <cstdint>

namespace menshen::crypto {
namespace {

// -1 when lo <= c <= hi, else 0, without a branch: the sign of each difference says which side c is on.
constexpr int InRange(int c, int lo, int hi) { return ((lo - 1 - c) & (c - hi - 1)) >> 8; }

// The character's six bits, or -1 outside the alphabet. No branch or table lookup depends on the
// character, so decoding a secret (a client secret in a Basic header) leaks nothing through timing.
template <bool kUrl>
constexpr int SixBits(unsigned char byte) {
  const int c = byte;
  int value = 0;  // the six bits plus one; 0 means "not in the alphabet"
  value |= InRange(c, 'A', 'Z') & (c - 'A' + 1);
  value |= InRange(c, 'a', 'z') & (c - 'a' + 27);
  value |= InRange(c, '0', '9') & (c - '0' + 53);
  value |= InRange(c, kUrl ? '-' : '+', kUrl ? '-' : '+') & 63;
  value |= InRange(c, kUrl ? '_' : '/', kUrl ? '_' : '/') & 64;
  return value - 1;
}

// Strict decoding: only the alphabet, padding exactly where the variant needs it, no length that cannot
// occur, and zero bits where the last character has more than the data needs (one spelling per value).
template <bool kUrl>
std::optional<std::string> Decode(std::string_view text, bool padded) {
  std::size_t n = text.size();
  if (padded) {
    if (n % 4 != 0) return std::nullopt;
    std::size_t pad = 0;
    while (pad < 2 && n > 0 && text[n - 1] == '=') {
      --n;
      ++pad;
    }
    if (pad != (4 - n % 4) % 4) return std::nullopt;
  }
  if (n % 4 == 1) return std::nullopt;
  std::string out;
  out.resize(n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1));
  int bad = 0;  // negative once any character was outside the alphabet or a spare bit was set
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  std::size_t o = 0;
  for (; i + 4 <= n; i += 4) {
    const int a = SixBits<kUrl>(in[i]), b = SixBits<kUrl>(in[i + 1]);
    const int c = SixBits<kUrl>(in[i + 2]), d = SixBits<kUrl>(in[i + 3]);
    bad |= a | b | c | d;
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    out[o++] = static_cast<char>(v >> 16);
    out[o++] = static_cast<char>(v >> 8);
    out[o++] = static_cast<char>(v);
  }
  if (const std::size_t rest = n - i; rest >= 2) {
    const int a = SixBits<kUrl>(in[i]), b = SixBits<kUrl>(in[i + 1]);
    const int c = rest == 3 ? SixBits<kUrl>(in[i + 2]) : 0;
    bad |= a | b | c;
    bad |= -(rest == 2 ? b & 0x0f : c & 0x03);  // the bits past the last byte must be zero
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6);
    out[o++] = static_cast<char>(v >> 16);
    if (rest == 3) out[o++] = static_cast<char>(v >> 8);
  }
  if (bad < 0) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) { return Decode<true>(text, false); }

std::optional<std::string> Base64Decode(std::string_view text) { return Decode<false>(text, true); }

std::string Base64Encode(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace menshen::crypto
