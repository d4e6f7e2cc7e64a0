#include "oauth/authorize/redirect_uri.hpp"

#include <optional>

namespace menshen::oauth {
namespace {

struct LoopbackUri {
  std::string_view host;
  std::string_view rest;  // path, query: everything after the authority
};

// An http URI whose host is a loopback literal or localhost, split around its port.
std::optional<LoopbackUri> SplitLoopback(std::string_view uri) {
  constexpr std::string_view kScheme = "http://";
  if (!uri.starts_with(kScheme)) return std::nullopt;
  const auto authority_end = uri.find_first_of("/?#", kScheme.size());
  const auto authority = uri.substr(kScheme.size(), authority_end - kScheme.size());
  const auto rest = authority_end == std::string_view::npos ? std::string_view{} : uri.substr(authority_end);
  std::string_view host = authority;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return std::nullopt;
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
  }
  const bool loopback = host == "127.0.0.1" || host == "[::1]" || host == "localhost";
  if (!loopback) return std::nullopt;
  // Whatever follows the host must be a port of digits only.
  const auto port = authority.substr(host.size());
  if (!port.empty()) {
    if (port.size() < 2 || port.size() > 6) return std::nullopt;
    for (char c : port.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  return LoopbackUri{host, rest};
}

}  // namespace

bool RedirectUriMatches(const std::vector<std::string>& registered, std::string_view presented) {
  const auto loopback = SplitLoopback(presented);
  for (const auto& uri : registered) {
    if (uri == presented) return true;
    if (!loopback) continue;
    const auto candidate = SplitLoopback(uri);
    if (candidate && candidate->host == loopback->host && candidate->rest == loopback->rest) return true;
  }
  return false;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string WithQuery(std::string_view uri, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(uri);
  char separator = out.find('?') == std::string::npos ? '?' : '&';
  if (separator == '&' && (out.back() == '?' || out.back() == '&')) separator = '\0';
  for (const auto& [name, value] : params) {
    if (separator != '\0') out += separator;
    out += PercentEncode(name);
    out += '=';
    out += PercentEncode(value);
    separator = '&';
  }
  return out;
}

}  // namespace menshen::oauth
