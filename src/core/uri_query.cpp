#include "core/uri_query.hpp"

namespace menshen {

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

}  // namespace menshen
