#include "store/kv/redis/redis_url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace menshen::store::kv {
namespace {

constexpr std::string_view kScheme = "redis://";
constexpr std::size_t kMaxUrl = 2048;

// A decimal in [min, max]; nothing else in the text.
bool ParseNumber(std::string_view text, int min, int max, int& out) {
  if (text.empty()) return false;
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max) return false;
  out = value;
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 percent-decoding of the userinfo, so that a password may hold '@', ':' or '/'.
bool PercentDecode(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    const int high = HexDigit(text[i + 1]);
    const int low = HexDigit(text[i + 2]);
    if (high < 0 || low < 0) return false;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

Result<RedisUrl> Invalid(std::string_view why) {
  return Fail(ErrorId::kInfraCacheError, {},
              fmt::format("kv.url is not redis://[:password@]host[:port][/db]: {}", why));
}

}  // namespace

std::string RedisUrl::Redacted() const {
  const std::string credentials = password.empty() ? (user.empty() ? "" : user + "@") : user + ":***@";
  const std::string shown_host = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return fmt::format("redis://{}{}:{}/{}", credentials, shown_host, port, db);
}

Result<RedisUrl> ParseRedisUrl(std::string_view text) {
  if (!text.starts_with(kScheme)) return Invalid("the scheme is not redis://");
  if (text.size() > kMaxUrl) return Invalid("too long");
  if (!std::ranges::all_of(text, [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
    return Invalid("spaces or control characters");
  }
  std::string_view rest = text.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) return Invalid("query or fragment");
  RedisUrl url;
  // The password may contain '@' only percent-encoded, so the last '@' ends the userinfo.
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      if (!PercentDecode(userinfo, url.password)) return Invalid("bad percent-encoding in the credentials");
    } else if (!PercentDecode(userinfo.substr(0, colon), url.user) ||
               !PercentDecode(userinfo.substr(colon + 1), url.password)) {
      return Invalid("bad percent-encoding in the credentials");
    }
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  const std::string_view path = rest.substr(authority.size());
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Invalid("unclosed [ in the host");
    url.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && !authority.starts_with(':')) return Invalid("text after the host");
  } else {
    url.host = std::string(authority.substr(0, authority.find(':')));
    authority.remove_prefix(url.host.size());
  }
  if (url.host.empty()) return Invalid("no host");
  if (authority.starts_with(':') && !ParseNumber(authority.substr(1), 1, 65535, url.port)) {
    return Invalid("the port is not 1..65535");
  }
  if (path.size() > 1 && !ParseNumber(path.substr(1), 0, 1'000'000, url.db)) {
    return Invalid("the database is not a number");
  }
  return url;
}

}  // namespace menshen::store::kv
