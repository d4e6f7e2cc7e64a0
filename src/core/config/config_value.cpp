#include "core/config/config_value.hpp"

#include <fmt/core.h>

#include <array>
#include <charconv>
#include <limits>

namespace menshen::config {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t factor;
};

// Largest first, so that formatting picks the biggest whole unit.
constexpr std::array kDurationUnits{Unit{"h", 3'600'000}, Unit{"m", 60'000}, Unit{"s", 1000}, Unit{"ms", 1}};
constexpr std::array kSizeUnits{Unit{"GiB", 1 << 30}, Unit{"MiB", 1 << 20}, Unit{"KiB", 1 << 10}, Unit{"B", 1}};

// Digits, then an optional unit suffix matched exactly.
template <std::size_t N>
std::optional<std::int64_t> ParseWithUnits(std::string_view text, const std::array<Unit, N>& units) {
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data() || number < 0 || text.front() == '-') return std::nullopt;
  std::string_view suffix(end, text.data() + text.size());
  std::int64_t factor = suffix.empty() ? 1 : 0;
  for (const Unit& unit : units) {
    if (suffix == unit.suffix) factor = unit.factor;
  }
  if (factor == 0 || number > std::numeric_limits<std::int64_t>::max() / factor) return std::nullopt;
  return number * factor;
}

template <std::size_t N>
std::string FormatWithUnits(std::int64_t value, const std::array<Unit, N>& units, std::string_view plain_suffix) {
  for (const Unit& unit : units) {
    if (unit.factor > 1 && value != 0 && value % unit.factor == 0)
      return fmt::format("{}{}", value / unit.factor, unit.suffix);
  }
  return fmt::format("{}{}", value, plain_suffix);
}

std::string_view KindName(const RawValue& raw) {
  switch (raw.kind) {
    case RawValue::Kind::kText:
    case RawValue::Kind::kString:
      return "string";
    case RawValue::Kind::kInteger:
      return "integer";
    case RawValue::Kind::kBool:
      return "boolean";
    case RawValue::Kind::kList:
      return "array";
    case RawValue::Kind::kOther:
      return raw.text;
  }
  return "value";
}

std::string WithArticle(std::string_view noun) {
  bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

// What the message quotes back: the value itself for scalars, the type name otherwise.
std::string Shown(const RawValue& raw, bool hide_value) {
  if (hide_value) return fmt::format("{} (value hidden)", WithArticle(KindName(raw)));
  switch (raw.kind) {
    case RawValue::Kind::kText:
    case RawValue::Kind::kString:
      return fmt::format("\"{}\"", raw.text);
    case RawValue::Kind::kInteger:
      return fmt::format("{}", raw.integer);
    case RawValue::Kind::kBool:
      return raw.boolean ? "true" : "false";
    case RawValue::Kind::kList:
      return "an array";
    case RawValue::Kind::kOther:
      return WithArticle(raw.text);
  }
  return "a value";
}

bool IsStringLike(const RawValue& raw) {
  return raw.kind == RawValue::Kind::kText || raw.kind == RawValue::Kind::kString;
}

std::string Expected(KeyType type) {
  switch (type) {
    case KeyType::kString:
    case KeyType::kEnum:
      return "must be a string";
    case KeyType::kInt:
      return "must be an integer";
    case KeyType::kBool:
      return "must be true or false";
    case KeyType::kDuration:
      return "must be a duration (integer milliseconds, or like 500ms, 15s, 2m, 1h)";
    case KeyType::kSize:
      return "must be a size (integer bytes, or like 512B, 16KiB, 1MiB, 1GiB)";
    case KeyType::kList:
      return "must be a list of strings (a TOML array, or comma-separated text)";
  }
  return "has a bad value";
}

// A string value for any key type. Integers and booleans are read from text only when it comes from
// the environment or command line (TOML has its own types); durations and sizes take strings anywhere.
// Writes through `out` rather than returning optional<Value>, which trips g++ 12's maybe-uninitialized.
bool FromText(KeyType type, const RawValue& raw, Value& out) {
  const bool text = raw.kind == RawValue::Kind::kText;
  std::optional<std::int64_t> number;
  switch (type) {
    case KeyType::kString:
    case KeyType::kEnum:
      out = raw.text;
      return true;
    case KeyType::kBool: {
      auto flag = text ? ParseBool(raw.text) : std::nullopt;
      if (flag) out = *flag;
      return flag.has_value();
    }
    case KeyType::kInt:
      number = text ? ParseInteger(raw.text) : std::nullopt;
      break;
    case KeyType::kDuration:
      number = ParseDuration(raw.text);
      break;
    case KeyType::kSize:
      number = ParseSize(raw.text);
      break;
    case KeyType::kList: {
      // A TOML string is one item; text from the environment or command line is comma-separated.
      auto items = text ? ParseList(raw.text) : std::optional{std::vector<std::string>{raw.text}};
      if (items) out = std::move(*items);
      return items.has_value();
    }
  }
  if (number) out = *number;
  return number.has_value();
}

}  // namespace

std::optional<std::int64_t> ParseDuration(std::string_view text) { return ParseWithUnits(text, kDurationUnits); }

std::optional<std::int64_t> ParseSize(std::string_view text) { return ParseWithUnits(text, kSizeUnits); }

std::optional<std::vector<std::string>> ParseList(std::string_view text) {
  std::vector<std::string> items;
  auto trim = [](std::string_view item) {
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    return item;
  };
  if (trim(text).empty()) return items;
  while (true) {
    const auto comma = text.find(',');
    const auto item = trim(text.substr(0, comma));
    if (item.empty()) return std::nullopt;
    items.emplace_back(item);
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

std::optional<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string FormatDuration(std::int64_t ms) { return FormatWithUnits(ms, kDurationUnits, "ms"); }

std::string FormatSize(std::int64_t bytes) { return FormatWithUnits(bytes, kSizeUnits, ""); }

std::string FormatNumber(KeyType type, std::int64_t value) {
  if (type == KeyType::kDuration) return FormatDuration(value);
  if (type == KeyType::kSize) return FormatSize(value);
  return fmt::format("{}", value);
}

std::expected<Value, std::string> ConvertValue(KeyType type, const RawValue& raw, bool hide_value) {
  Value value;
  bool ok = false;
  if (IsStringLike(raw)) {
    ok = FromText(type, raw, value);
  } else if (raw.kind == RawValue::Kind::kInteger && type != KeyType::kString && type != KeyType::kEnum &&
             type != KeyType::kBool) {
    value = raw.integer;
    ok = true;
  } else if (raw.kind == RawValue::Kind::kBool && type == KeyType::kBool) {
    value = raw.boolean;
    ok = true;
  } else if (raw.kind == RawValue::Kind::kList && type == KeyType::kList) {
    value = raw.items;
    ok = true;
  }
  if (!ok) return std::unexpected(fmt::format("{}, got {}", Expected(type), Shown(raw, hide_value)));
  return value;
}

}  // namespace menshen::config
