// The catalog as loaded: canonical errors and numbering profiles (see catalog/errors.toml, catalog/profiles/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace menshen::catalog {

struct CanonicalEntry {
  ErrorId id{};
  std::string number;     // "2-01-006"
  std::int64_t code = 0;  // 201006
  int status = 0;
  std::string zh;
  std::string en;
  std::string hint;
  std::optional<ErrorId> parent;
  // The OAuth error code it answers with (RFC 6749 5.2, RFC 6750 3.1, ...); empty when it has none.
  std::string oauth;
};

// What a table column holds.
enum class Column { kCode, kText, kSymbol, kEn, kHint, kId, kStatus };

struct ProfileRow {
  std::size_t line = 0;  // in the profile file
  std::size_t section = 0;
  std::optional<std::int64_t> code;  // absent on a fully blank placeholder row
  std::string text;                  // the table's Chinese text, exactly
  std::string symbol;
  std::string en;
  std::string hint;
  bool en_from_seed = false;  // `en` is the published English, verbatim
  bool en_wrong = false;      // ... and it contradicts the Chinese: render the canonical English instead
  std::vector<ErrorId> ids;   // canonical errors this row answers
};

struct Profile {
  std::string name;
  std::string file;  // where it was read from, for messages
  std::string title;
  std::string intro;
  std::string layout;  // "md" or "rst"
  std::vector<std::string> columns;
  std::vector<Column> roles;
  std::vector<std::string> sections;
  std::int64_t success = 0;
  std::int64_t fallback = 0;
  bool always_http_200 = false;
  std::vector<std::pair<ErrorId, std::int64_t>> prefer;  // id -> code of the row that answers it
  // id -> code of the row nearest in meaning, for an id that no row lists: a client written for the table
  // gets a code it handles, with the id's own canonical message.
  std::vector<std::pair<ErrorId, std::int64_t>> nearest;
  // id -> why the table has no row for it, not even a near one: the id, and every id below it that finds no
  // row either, answers `fallback`.
  std::vector<std::pair<ErrorId, std::string>> unmapped;
  std::vector<ProfileRow> rows;
};

// "2-01-006" -> 201006; nullopt unless the number is exactly A-BB-CCC.
std::optional<std::int64_t> ParseMenshenNumber(std::string_view number);

// The built-in profile: menshen's own numbers and the canonical messages, one row per canonical error.
Profile MenshenProfile(const std::vector<CanonicalEntry>& entries);

}  // namespace menshen::catalog
