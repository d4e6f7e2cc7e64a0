#include "oauth/error_description.hpp"

namespace menshen::oauth {

std::string DescriptionText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u > 0x7e) ? '?' : (c == '"' || c == '\\') ? '\'' : c;
  }
  return out;
}

}  // namespace menshen::oauth
