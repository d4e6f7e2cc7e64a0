#include "oauth/pages/cookies.hpp"

namespace menshen::oauth {

std::optional<std::string> Cookies::Read(const http::Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      auto pair = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      auto cookie = pair.substr(eq + 1);
      while (!cookie.empty() && cookie.back() == ' ') cookie.remove_suffix(1);
      return std::string(cookie);
    }
  }
  return std::nullopt;
}

std::string Cookies::Set(std::string_view name, std::string_view value, bool strict) const {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=";
  out += strict ? "Strict" : "Lax";
  if (secure_) out += "; Secure";
  return out;
}

std::string Cookies::Clear(std::string_view name) const {
  std::string out = std::string(name) + "=; Path=/; HttpOnly; Max-Age=0; SameSite=Lax";
  if (secure_) out += "; Secure";
  return out;
}

}  // namespace menshen::oauth
