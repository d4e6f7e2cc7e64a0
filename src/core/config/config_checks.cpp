// Form checks for string keys: listen addresses, store URLs, region codes, the OAuth issuer.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "core/config/config_schema.hpp"
#include "core/ip_network.hpp"

namespace menshen::config {
namespace {

bool IsIpv4(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool IsIpv6(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  while (!host.empty()) {
    auto dot = host.find('.');
    std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::ranges::all_of(label, [](unsigned char c) { return std::isalnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
    if (host.empty()) return false;
  }
  return true;
}

bool IsPort(std::string_view port) {
  auto value = ParseInteger(port);
  return !port.empty() && std::ranges::all_of(port, [](unsigned char c) { return std::isdigit(c); }) && value &&
         *value <= 65535;
}

std::string HostProblem(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return IsIpv6(std::string(host.substr(1, host.size() - 2))) ? "" : "bad IPv6 address";
  }
  // All digits and dots: it can only be meant as an IPv4 address.
  if (std::ranges::all_of(host, [](unsigned char c) { return std::isdigit(c) || c == '.'; })) {
    return IsIpv4(std::string(host)) ? "" : "bad IPv4 address";
  }
  return IsHostName(host) ? "" : "bad host name";
}

}  // namespace

std::string CheckListen(std::string_view value) {
  auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return "must be host:port";
  if (!IsPort(value.substr(colon + 1))) return "port must be 0..65535";
  if (auto problem = HostProblem(value.substr(0, colon)); !problem.empty()) {
    return problem + " (IPv6 goes in brackets: [::1]:8080)";
  }
  return {};
}

std::string CheckListenOrEmpty(std::string_view value) { return value.empty() ? "" : CheckListen(value); }

// The message names the entry itself, and suggests the network meant when host bits are set.
std::string CheckIpNetwork(std::string_view value) {
  const auto network = ParseIpNetwork(value);
  return network ? "" : network.error();
}

std::string CheckDatabaseUrl(std::string_view value) {
  if (value.starts_with("sqlite:")) return value.size() > 7 ? "" : "sqlite: needs a path";
  if (value.starts_with("postgres://") || value.starts_with("postgresql://")) return {};
  return "must start with sqlite:, postgres:// or postgresql://";
}

std::string CheckKvUrl(std::string_view value) {
  if (value == "memory:" || (value.starts_with("redis://") && value.size() > 8) ||
      (value.starts_with("sqlite:") && value.size() > 7)) {
    return {};
  }
  return "must be sqlite:PATH, memory: or redis://[:PASSWORD@]HOST[:PORT][/DB]";
}

// Printable ASCII without spaces, so a key reads the same in redis-cli, a log line and a config file.
std::string CheckKvPrefix(std::string_view value) {
  if (value.size() > 64) return "must be at most 64 characters";
  if (!std::ranges::all_of(value, [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
    return "must be printable ASCII without spaces";
  }
  return {};
}

std::string CheckNotEmpty(std::string_view value) { return value.empty() ? "must not be empty" : ""; }

std::string CheckRegionCode(std::string_view value) {
  bool letters = value.size() == 2 && std::ranges::all_of(value, [](unsigned char c) { return c >= 'A' && c <= 'Z'; });
  return letters ? "" : "must be two upper-case letters such as CN or US";
}

// RFC 8414 2: an https URL with no query or fragment. http is let through for loopback hosts, where a
// developer runs without TLS.
std::string CheckIssuer(std::string_view value) {
  if (value.empty()) return "";
  constexpr std::string_view kWhat = "must be an https URL without query or fragment (http only to a loopback host)";
  if (value.find_first_of("?#") != std::string_view::npos) return std::string(kWhat);
  if (!std::ranges::all_of(value, [](char c) { return c > 0x20 && c < 0x7f; })) return std::string(kWhat);
  std::string_view rest;
  bool https = false;
  if (value.starts_with("https://")) {
    rest = value.substr(8);
    https = true;
  } else if (value.starts_with("http://")) {
    rest = value.substr(7);
  } else {
    return std::string(kWhat);
  }
  const auto authority = rest.substr(0, rest.find('/'));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::string(kWhat);
  std::string host(authority.substr(0, authority.starts_with('[') ? authority.find(']') + 1 : authority.find(':')));
  if (host.empty()) return std::string(kWhat);
  if (!https && host != "localhost" && host != "[::1]" && !(IsIpv4(host) && host.starts_with("127."))) {
    return std::string(kWhat);
  }
  return "";
}

}  // namespace menshen::config
