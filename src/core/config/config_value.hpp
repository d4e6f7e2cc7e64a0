// Typed config values: how text, TOML scalars, durations and sizes become checked values.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace menshen::config {

enum class KeyType { kString, kInt, kBool, kDuration, kSize, kEnum, kList };

// A checked value: strings and enum names as text, durations in ms and sizes in bytes as integers, lists of
// strings as their items.
using Value = std::variant<std::string, std::int64_t, bool, std::vector<std::string>>;

// A value as it arrived, before the key's type is applied.
struct RawValue {
  enum class Kind {
    kText,     // environment or command line: any type may be spelled as text
    kString,   // a TOML string
    kInteger,  // a TOML integer
    kBool,     // a TOML boolean
    kList,     // a TOML array of strings; `items` holds them
    kOther,    // any other TOML node; `text` holds its type name
  };
  Kind kind = Kind::kText;
  std::string text;
  std::int64_t integer = 0;
  bool boolean = false;
  std::vector<std::string> items;

  static RawValue Text(std::string text) { return {Kind::kText, std::move(text)}; }
};

// "15000", "500ms", "15s", "2m", "1h" -> milliseconds. nullopt when malformed or too large.
std::optional<std::int64_t> ParseDuration(std::string_view text);
// "16384", "512B", "16KiB", "1MiB", "1GiB" -> bytes. nullopt when malformed or too large.
std::optional<std::int64_t> ParseSize(std::string_view text);
// "a, b,c" -> {"a", "b", "c"}: the spelling of a list in the environment and overrides; "" is the empty
// list. nullopt when an item is empty ("a,,b").
std::optional<std::vector<std::string>> ParseList(std::string_view text);
// "true", "false", "1", "0".
std::optional<bool> ParseBool(std::string_view text);
// Decimal integer with optional leading '-'.
std::optional<std::int64_t> ParseInteger(std::string_view text);

// The largest whole unit: 10000 -> "10s", 100 -> "100ms", 3600000 -> "1h".
std::string FormatDuration(std::int64_t ms);
// The largest whole binary unit: 16384 -> "16KiB", 1048576 -> "1MiB"; other counts stay plain.
std::string FormatSize(std::int64_t bytes);

// Applies the key type to a raw value; the error reads "must be ..., got ...".
// `hide_value` keeps secrets out of the message.
std::expected<Value, std::string> ConvertValue(KeyType type, const RawValue& raw, bool hide_value);

// A number in the unit of its type, for messages and docs.
std::string FormatNumber(KeyType type, std::int64_t value);

}  // namespace menshen::config
