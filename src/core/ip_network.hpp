// IP addresses and networks (CIDR ranges) as plain values: parsed once from configuration or from a
// socket, compared without allocating. An IPv4 address is held in its IPv4-mapped IPv6 form
// (::ffff:a.b.c.d, RFC 4291 2.5.5.2), so that a client reaching a dual-stack socket as ::ffff:1.2.3.4
// counts and matches exactly as 1.2.3.4 does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace menshen {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};

  bool IsV4() const;  // an IPv4 address (including one written as ::ffff:a.b.c.d)
  bool operator==(const IpAddress&) const = default;
};

struct IpAddressHash {
  std::size_t operator()(const IpAddress& address) const noexcept;
};

// A bare address: "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1". No port, brackets, zone or spaces.
std::optional<IpAddress> ParseIpAddress(std::string_view text);
// Dotted quad for IPv4 (also when it arrived IPv4-mapped), RFC 5952 text for IPv6.
std::string ToString(const IpAddress& address);

// The addresses whose first `prefix` bits (of the 128-bit form) equal those of `base`.
struct IpNetwork {
  IpAddress base;
  int prefix = 128;

  bool Contains(const IpAddress& address) const;
};

// "10.0.0.0/8", "2001:db8::/32", or one address ("192.0.2.7", "::1"). The prefix of an IPv4 range counts
// IPv4 bits (0..32), of an IPv6 range IPv6 bits (0..128). Bits set past the prefix are refused ("10.0.0.1/8"
// is a typo more often than not). The error is a sentence for a configuration problem report.
std::expected<IpNetwork, std::string> ParseIpNetwork(std::string_view text);

// A list of networks, e.g. the proxies whose X-Forwarded-For is believed.
class IpNetworks {
 public:
  IpNetworks() = default;
  explicit IpNetworks(std::vector<IpNetwork> networks) : networks_(std::move(networks)) {}
  // Every entry must parse; the first bad one is named in the error.
  static std::expected<IpNetworks, std::string> Parse(const std::vector<std::string>& entries);

  bool Contains(const IpAddress& address) const;
  bool Empty() const { return networks_.empty(); }

 private:
  std::vector<IpNetwork> networks_;
};

}  // namespace menshen
