// Writing JSON text: response bodies and token payloads.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace menshen {

// The same bytes as body.dump() with invalid UTF-8 replaced, sooner: nlohmann's serializer decodes every
// byte of every string as UTF-8, which made dumping a token response (one long token) cost more than
// building it. An object's keys and string members that need no escaping are copied as they are; every
// other value is left to nlohmann.
std::string CompactJson(const nlohmann::json& body);

// An object written member by member, for the hot responses that would otherwise build a tree of
// allocated nodes only to print it. Strings are escaped as CompactJson escapes them; the caller keeps
// names unique.
class JsonObjectWriter {
 public:
  JsonObjectWriter& String(std::string_view name, std::string_view value);
  JsonObjectWriter& Integer(std::string_view name, std::int64_t value);
  JsonObjectWriter& Bool(std::string_view name, bool value);
  // Any other value (an array, a nested object), through CompactJson.
  JsonObjectWriter& Value(std::string_view name, const nlohmann::json& value);
  // The text; call once, last.
  std::string Finish();

 private:
  void Name(std::string_view name);

  std::string out_ = "{";
};

}  // namespace menshen
