#include "catalog/locale.hpp"

#include <cctype>

namespace menshen::catalog {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// q-values are "0", "1" or "0.xyz" (RFC 9110 12.4.2); scaled to 0..1000, -1 when malformed.
int ParseQuality(std::string_view q) {
  q = Trim(q);
  if (q.empty() || q.size() > 5 || (q[0] != '0' && q[0] != '1')) return -1;
  int value = (q[0] - '0') * 1000;
  if (q.size() == 1) return value;
  if (q[1] != '.') return -1;
  int scale = 100;
  for (std::size_t i = 2; i < q.size(); ++i, scale /= 10) {
    if (!std::isdigit(static_cast<unsigned char>(q[i]))) return -1;
    value += (q[i] - '0') * scale;
  }
  return value > 1000 ? -1 : value;
}

}  // namespace

std::optional<Locale> ParseLocale(std::string_view tag) {
  tag = Trim(tag);
  const auto end = tag.find_first_of("-_");
  const std::string_view primary = tag.substr(0, end);
  if (end != std::string_view::npos && end + 1 == tag.size()) return std::nullopt;
  if (EqualsIgnoreCase(primary, "zh")) return Locale::kZhCn;
  if (EqualsIgnoreCase(primary, "en")) return Locale::kEn;
  return std::nullopt;
}

Locale ParseAcceptLanguage(std::string_view header, Locale fallback) {
  std::optional<Locale> best;
  int best_quality = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);

    int quality = 1000;
    const auto semicolon = item.find(';');
    if (semicolon != std::string_view::npos) {
      const std::string_view param = Trim(item.substr(semicolon + 1));
      item = item.substr(0, semicolon);
      if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
      quality = ParseQuality(param.substr(2));
    }
    const auto locale = ParseLocale(item);
    if (!locale || quality <= 0) continue;
    if (!best || quality > best_quality) {
      best = locale;
      best_quality = quality;
    }
  }
  return best.value_or(fallback);
}

}  // namespace menshen::catalog
