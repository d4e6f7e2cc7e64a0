#include "http/json_text.hpp"

#include <algorithm>
#include <string_view>

namespace menshen::http {
namespace {

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Printable ASCII without a quote or a backslash: what the serializer copies unchanged.
bool IsPlain(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

void AppendString(std::string& out, const std::string& text) {
  if (!IsPlain(text)) {
    out += Dump(nlohmann::json(text));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace

std::string CompactJson(const nlohmann::json& body) {
  if (!body.is_object()) return Dump(body);
  std::string out = "{";
  for (const auto& [name, value] : body.items()) {
    if (out.size() > 1) out += ',';
    AppendString(out, name);
    out += ':';
    if (value.is_string()) {
      AppendString(out, value.get_ref<const std::string&>());
    } else {
      out += Dump(value);
    }
  }
  out += '}';
  return out;
}

}  // namespace menshen::http
