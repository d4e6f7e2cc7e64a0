#include "core/json_text.hpp"

#include <algorithm>
#include <charconv>

namespace menshen {
namespace {

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Printable ASCII without a quote or a backslash: what the serializer copies unchanged.
bool IsPlain(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

void AppendString(std::string& out, std::string_view text) {
  if (!IsPlain(text)) {
    out += Dump(nlohmann::json(std::string(text)));
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

void JsonObjectWriter::Name(std::string_view name) {
  if (out_.size() > 1) out_ += ',';
  AppendString(out_, name);
  out_ += ':';
}

JsonObjectWriter& JsonObjectWriter::String(std::string_view name, std::string_view value) {
  Name(name);
  AppendString(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Integer(std::string_view name, std::int64_t value) {
  Name(name);
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Bool(std::string_view name, bool value) {
  Name(name);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Value(std::string_view name, const nlohmann::json& value) {
  Name(name);
  out_ += CompactJson(value);
  return *this;
}

std::string JsonObjectWriter::Finish() {
  out_ += '}';
  return std::move(out_);
}

}  // namespace menshen
