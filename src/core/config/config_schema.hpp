// The config schema: one row per key, read by the loader, the checks and the docs renderer.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config/config.hpp"
#include "core/config/config_value.hpp"

namespace menshen::config {

// Where a key's value lives in a Config.
using FieldRef =
    std::variant<std::string*, int*, bool*, std::chrono::milliseconds*, std::size_t*, std::vector<std::string>*>;

// Checks the form of a string value (of each item of a list); returns the complaint ("must be host:port, ..."), empty
// when fine.
using FormCheck = std::string (*)(std::string_view value);

struct Key {
  std::string_view section{};  // empty for top-level keys such as data_dir
  std::string_view name{};
  KeyType type = KeyType::kString;
  std::int64_t min = 0;  // inclusive bounds for int, duration (ms) and size (bytes)
  std::int64_t max = 0;
  std::span<const std::string_view> allowed{};  // enum values
  FormCheck check = nullptr;                    // extra check of string values
  std::string_view form{};                      // the check in words, for the docs
  bool secret = false;                          // never echoed in messages
  std::string_view description{};
  FieldRef (*field)(Config&) = nullptr;
};

std::span<const Key> Schema();

// A key that no longer exists, and what to write instead: set anywhere, it is a problem with this message.
struct RetiredKey {
  std::string_view section;
  std::string_view name;
  std::string_view message;
};
std::span<const RetiredKey> RetiredKeys();

// nullptr when no such key.
const Key* FindKey(std::string_view section, std::string_view name);
bool IsSection(std::string_view name);

std::string DottedName(const Key& key);  // "server.listen", "data_dir"
std::string EnvName(const Key& key);     // "MENSHEN_SERVER_LISTEN", "MENSHEN_DATA_DIR"

// Type, range, allowed values and form; on success stores the value in `config`.
// The error reads "must be 1..256, got 0".
std::expected<void, std::string> ApplyValue(const Key& key, const RawValue& raw, Config& config);

// The key's value in `config`, as TOML would spell it (strings quoted, durations "10s").
std::string TomlLiteral(const Key& key, Config& config);

// Form checks shared by schema rows.
std::string CheckListen(std::string_view value);
std::string CheckDatabaseUrl(std::string_view value);
std::string CheckKvUrl(std::string_view value);
std::string CheckKvPrefix(std::string_view value);
std::string CheckNotEmpty(std::string_view value);
std::string CheckRegionCode(std::string_view value);
std::string CheckIssuer(std::string_view value);
std::string CheckListenOrEmpty(std::string_view value);
std::string CheckIpNetwork(std::string_view value);

}  // namespace menshen::config
