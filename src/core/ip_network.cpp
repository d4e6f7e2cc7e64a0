#include "core/ip_network.hpp"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace menshen {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr int kV4MappedBits = 96;

}  // namespace

bool IpAddress::IsV4() const { return std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), bytes.begin()); }

std::size_t IpAddressHash::operator()(const IpAddress& address) const noexcept {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::memcpy(&high, address.bytes.data(), 8);
  std::memcpy(&low, address.bytes.data() + 8, 8);
  return static_cast<std::size_t>(high * 0x9e3779b97f4a7c15ULL ^ low);
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  // inet_pton wants a terminated string; anything longer than the longest IPv6 text is not an address.
  char terminated[INET6_ADDRSTRLEN];
  if (text.empty() || text.size() >= sizeof terminated) return std::nullopt;
  std::memcpy(terminated, text.data(), text.size());
  terminated[text.size()] = '\0';
  IpAddress address;
  in_addr v4{};
  if (inet_pton(AF_INET, terminated, &v4) == 1) {
    std::copy(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), address.bytes.begin());
    std::memcpy(address.bytes.data() + 12, &v4, 4);
    return address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, terminated, &v6) != 1) return std::nullopt;
  std::memcpy(address.bytes.data(), &v6, 16);
  return address;
}

std::string ToString(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN];
  const bool v4 = address.IsV4();
  const char* written = v4 ? inet_ntop(AF_INET, address.bytes.data() + 12, text, sizeof text)
                           : inet_ntop(AF_INET6, address.bytes.data(), text, sizeof text);
  return written == nullptr ? std::string{} : std::string(written);
}

bool IpNetwork::Contains(const IpAddress& address) const {
  const int whole = prefix / 8;
  if (!std::equal(base.bytes.begin(), base.bytes.begin() + whole, address.bytes.begin())) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (base.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

std::expected<IpNetwork, std::string> ParseIpNetwork(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = ParseIpAddress(text.substr(0, slash));
  if (!address) return std::unexpected(fmt::format("\"{}\" is not an IP address or CIDR range", text));
  const bool v4 = address->IsV4() && text.find(':') == std::string_view::npos;
  const int bits = v4 ? 32 : 128;
  int prefix = bits;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > bits) {
      return std::unexpected(fmt::format("\"{}\": the prefix length must be 0..{}", text, bits));
    }
  }
  IpNetwork network{*address, v4 ? kV4MappedBits + prefix : prefix};
  IpNetwork masked = network;
  for (int bit = network.prefix; bit < 128; ++bit) {
    masked.base.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  }
  if (masked.base != network.base) {
    return std::unexpected(fmt::format("\"{}\" has bits set past its prefix length (did you mean {}/{}?)", text,
                                       ToString(masked.base), prefix));
  }
  return network;
}

std::expected<IpNetworks, std::string> IpNetworks::Parse(const std::vector<std::string>& entries) {
  std::vector<IpNetwork> networks;
  networks.reserve(entries.size());
  for (const auto& entry : entries) {
    auto network = ParseIpNetwork(entry);
    if (!network) return std::unexpected(network.error());
    networks.push_back(*network);
  }
  return IpNetworks(std::move(networks));
}

bool IpNetworks::Contains(const IpAddress& address) const {
  return std::ranges::any_of(networks_, [&](const IpNetwork& network) { return network.Contains(address); });
}

}  // namespace menshen
