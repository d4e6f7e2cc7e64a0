#include "core/config/config_schema.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/config/config_key_rows.hpp"

namespace menshen::config {
namespace {

using std::chrono::milliseconds;

std::string Upper(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string CheckRange(const Key& key, std::int64_t value) {
  if (value >= key.min && value <= key.max) return {};
  return fmt::format("must be {}..{}, got {}", FormatNumber(key.type, key.min), FormatNumber(key.type, key.max),
                     FormatNumber(key.type, value));
}

std::string CheckAllowed(const Key& key, const std::string& value) {
  if (std::ranges::find(key.allowed, value) != key.allowed.end()) return {};
  std::string list;
  for (std::string_view allowed : key.allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", allowed);
  return fmt::format("must be one of {}, got \"{}\"", list, value);
}

// Stores a checked value in the field; the range check has made narrowing safe.
struct Store {
  const Value& value;
  void operator()(std::string* field) const { *field = std::get<std::string>(value); }
  void operator()(bool* field) const { *field = std::get<bool>(value); }
  void operator()(int* field) const { *field = static_cast<int>(std::get<std::int64_t>(value)); }
  void operator()(std::size_t* field) const { *field = static_cast<std::size_t>(std::get<std::int64_t>(value)); }
  void operator()(milliseconds* field) const { *field = milliseconds{std::get<std::int64_t>(value)}; }
  void operator()(std::vector<std::string>* field) const { *field = std::get<std::vector<std::string>>(value); }
};

// The inverse of Store, for docs and the example file.
struct Literal {
  KeyType type;
  std::string operator()(std::string* field) const { return fmt::format("\"{}\"", *field); }
  std::string operator()(bool* field) const { return *field ? "true" : "false"; }
  std::string operator()(int* field) const { return fmt::format("{}", *field); }
  std::string operator()(std::size_t* field) const { return Number(static_cast<std::int64_t>(*field)); }
  std::string operator()(milliseconds* field) const { return Number(field->count()); }
  std::string operator()(std::vector<std::string>* field) const {
    std::string list;
    for (const auto& item : *field) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", item);
    return "[" + list + "]";
  }
  std::string Number(std::int64_t value) const {
    std::string text = FormatNumber(type, value);
    return ParseInteger(text) ? text : fmt::format("\"{}\"", text);
  }
};

}  // namespace

constexpr std::array kRetired{
    RetiredKey{"server", "trust_proxy",
               "was replaced by server.trusted_proxies: list the addresses or CIDR ranges of the proxies in front of "
               "this server, such as [\"10.0.0.0/8\"] (believing X-Forwarded-For from anyone let clients choose "
               "their own address)"},
};

std::span<const Key> Schema() {
  // Joined once: the rows live in one file per group of sections.
  static const std::vector<Key> keys = [] {
    std::vector<Key> all(rows::ServerKeys().begin(), rows::ServerKeys().end());
    all.insert(all.end(), rows::IdentityKeys().begin(), rows::IdentityKeys().end());
    return all;
  }();
  return keys;
}

std::span<const RetiredKey> RetiredKeys() { return kRetired; }

const Key* FindKey(std::string_view section, std::string_view name) {
  auto it = std::ranges::find_if(Schema(), [&](const Key& key) { return key.section == section && key.name == name; });
  return it == Schema().end() ? nullptr : &*it;
}

bool IsSection(std::string_view name) {
  return !name.empty() && std::ranges::any_of(Schema(), [&](const Key& key) { return key.section == name; });
}

std::string DottedName(const Key& key) {
  return key.section.empty() ? std::string(key.name) : fmt::format("{}.{}", key.section, key.name);
}

std::string EnvName(const Key& key) {
  return key.section.empty() ? "MENSHEN_" + Upper(key.name)
                             : fmt::format("MENSHEN_{}_{}", Upper(key.section), Upper(key.name));
}

std::expected<void, std::string> ApplyValue(const Key& key, const RawValue& raw, Config& config) {
  auto value = ConvertValue(key.type, raw, key.secret);
  if (!value) return std::unexpected(value.error());
  std::string problem;
  if (const auto* number = std::get_if<std::int64_t>(&*value)) {
    problem = CheckRange(key, *number);
  } else if (const auto* text = std::get_if<std::string>(&*value)) {
    if (key.type == KeyType::kEnum) problem = CheckAllowed(key, *text);
    if (problem.empty() && key.check != nullptr) {
      problem = key.check(*text);
      if (!problem.empty() && !key.secret) problem += fmt::format(", got \"{}\"", *text);
    }
  } else if (const auto* items = std::get_if<std::vector<std::string>>(&*value); items && key.check != nullptr) {
    // Each item's complaint names the item.
    for (const auto& item : *items) {
      if (problem = key.check(item); !problem.empty()) break;
    }
  }
  if (!problem.empty()) return std::unexpected(problem);
  std::visit(Store{*value}, key.field(config));
  return {};
}

std::string TomlLiteral(const Key& key, Config& config) { return std::visit(Literal{key.type}, key.field(config)); }

}  // namespace menshen::config
