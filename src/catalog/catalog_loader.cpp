#include "catalog/catalog_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>

namespace menshen::catalog {
namespace {

constexpr std::array<std::pair<std::string_view, Column>, 7> kRoles = {{{"code", Column::kCode},
                                                                        {"text", Column::kText},
                                                                        {"symbol", Column::kSymbol},
                                                                        {"en", Column::kEn},
                                                                        {"hint", Column::kHint},
                                                                        {"id", Column::kId},
                                                                        {"status", Column::kStatus}}};

// The error codes of RFC 6749 (4.1.2.1, 5.2), RFC 6750 3.1, RFC 8707 2 and OpenID Connect Core 3.1.2.6.
constexpr std::array<std::string_view, 22> kOAuthCodes = {"invalid_request",
                                                          "invalid_client",
                                                          "invalid_grant",
                                                          "unauthorized_client",
                                                          "unsupported_grant_type",
                                                          "invalid_scope",
                                                          "access_denied",
                                                          "unsupported_response_type",
                                                          "server_error",
                                                          "temporarily_unavailable",
                                                          "invalid_token",
                                                          "insufficient_scope",
                                                          "invalid_target",
                                                          "interaction_required",
                                                          "login_required",
                                                          "account_selection_required",
                                                          "consent_required",
                                                          "invalid_request_uri",
                                                          "invalid_request_object",
                                                          "request_not_supported",
                                                          "request_uri_not_supported",
                                                          "registration_not_supported"};

std::size_t LineOf(const toml::node& node) { return node.source().begin.line; }

// Appends parts (g++ 12 warns falsely about `"literal" + std::string` chains at -O3).
std::string Text(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts) out.append(part);
  return out;
}

// Field access with the file and line of the offending node in every error.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(std::size_t line, const std::string& problem) const {
    throw CatalogError(file_, line, problem);
  }

  toml::table Parse(std::string_view text) const {
    try {
      return toml::parse(text, file_);
    } catch (const toml::parse_error& e) {
      Fail(e.source().begin.line, std::string(e.description()));
    }
  }

  void OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, node] : t) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        Fail(LineOf(node), "unknown field \"" + std::string(key.str()) + "\"");
      }
    }
  }

  const toml::node* Find(const toml::table& t, std::string_view key, bool required) const {
    const toml::node* node = t.get(key);
    if (node == nullptr && required) Fail(LineOf(t), "missing field \"" + std::string(key) + "\"");
    return node;
  }

  std::optional<std::string> String(const toml::table& t, std::string_view key, bool required) const {
    const toml::node* node = Find(t, key, required);
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) Fail(LineOf(*node), "field \"" + std::string(key) + "\" must be a string");
    return node->value<std::string>();
  }

  std::optional<std::int64_t> Int(const toml::table& t, std::string_view key, bool required) const {
    const toml::node* node = Find(t, key, required);
    if (node == nullptr) return std::nullopt;
    if (!node->is_integer()) Fail(LineOf(*node), "field \"" + std::string(key) + "\" must be an integer");
    return node->value<std::int64_t>();
  }

  bool Bool(const toml::table& t, std::string_view key) const {
    const toml::node* node = Find(t, key, false);
    if (node == nullptr) return false;
    if (!node->is_boolean()) Fail(LineOf(*node), "field \"" + std::string(key) + "\" must be true or false");
    return *node->value<bool>();
  }

  std::vector<std::string> Strings(const toml::table& t, std::string_view key, bool required) const {
    const toml::node* node = Find(t, key, required);
    std::vector<std::string> out;
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) Fail(LineOf(*node), "field \"" + std::string(key) + "\" must be an array of strings");
    for (const auto& item : *array) {
      if (!item.is_string()) Fail(LineOf(item), "field \"" + std::string(key) + "\" must hold strings only");
      out.push_back(*item.value<std::string>());
    }
    return out;
  }

  std::vector<const toml::table*> Tables(const toml::table& t, std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) Fail(LineOf(*node), Text({"\"", key, "\" must be an array of tables, [[", key, "]]"}));
    for (const auto& item : *array) {
      if (!item.is_table()) Fail(LineOf(item), "\"" + std::string(key) + "\" must hold tables only");
      out.push_back(item.as_table());
    }
    return out;
  }

  ErrorId Id(const std::string& dotted, std::size_t line) const {
    const auto id = ParseErrorId(dotted);
    if (!id) Fail(line, "unknown canonical id \"" + dotted + "\"");
    return *id;
  }

 private:
  std::string file_;
};

void CheckParents(const std::vector<CanonicalEntry>& entries, const Reader& reader) {
  for (const auto& entry : entries) {
    std::optional<ErrorId> at = entry.parent;
    for (std::size_t depth = 0; at; ++depth, at = entries[static_cast<std::size_t>(*at)].parent) {
      if (depth > entries.size()) reader.Fail(1, "parent chain of \"" + std::string(ToString(entry.id)) + "\" loops");
    }
  }
}

ProfileRow ReadRow(const toml::table& t, const Reader& reader) {
  reader.OnlyKeys(t, {"section", "code", "text", "symbol", "en", "hint", "en_from_seed", "en_wrong", "ids"});
  ProfileRow row;
  row.line = LineOf(t);
  const auto section = reader.Int(t, "section", false).value_or(0);
  if (section < 0) reader.Fail(row.line, "section must not be negative");
  row.section = static_cast<std::size_t>(section);
  row.code = reader.Int(t, "code", false);
  row.text = reader.String(t, "text", false).value_or("");
  row.symbol = reader.String(t, "symbol", false).value_or("");
  row.en = reader.String(t, "en", false).value_or("");
  row.hint = reader.String(t, "hint", false).value_or("");
  row.en_from_seed = reader.Bool(t, "en_from_seed");
  row.en_wrong = reader.Bool(t, "en_wrong");
  for (const auto& dotted : reader.Strings(t, "ids", false)) row.ids.push_back(reader.Id(dotted, row.line));
  if (!row.ids.empty() && !row.code) reader.Fail(row.line, "a row without a code cannot answer an id");
  return row;
}

void ReadHeader(const toml::table& doc, const Reader& reader, Profile& profile) {
  profile.title = *reader.String(doc, "title", true);
  profile.intro = reader.String(doc, "intro", false).value_or("");
  profile.layout = *reader.String(doc, "layout", true);
  if (profile.layout != "md" && profile.layout != "rst") {
    reader.Fail(LineOf(*doc.get("layout")), "layout must be \"md\" or \"rst\"");
  }
  profile.columns = reader.Strings(doc, "columns", true);
  const auto roles = reader.Strings(doc, "roles", true);
  const std::size_t roles_line = LineOf(*doc.get("roles"));
  if (roles.size() != profile.columns.size()) reader.Fail(roles_line, "roles and columns differ in length");
  for (const auto& role : roles) {
    const auto it = std::find_if(kRoles.begin(), kRoles.end(), [&](const auto& r) { return r.first == role; });
    if (it == kRoles.end()) reader.Fail(roles_line, "unknown role \"" + role + "\"");
    profile.roles.push_back(it->second);
  }
  if (std::count(profile.roles.begin(), profile.roles.end(), Column::kCode) != 1) {
    reader.Fail(roles_line, "roles must name exactly one \"code\" column");
  }
  profile.sections = reader.Strings(doc, "sections", false);
  profile.success = *reader.Int(doc, "success", true);
  profile.fallback = *reader.Int(doc, "fallback", true);
  profile.always_http_200 = reader.Bool(doc, "always_http_200");
}

bool RowListsId(const ProfileRow& row, ErrorId id) {
  return std::find(row.ids.begin(), row.ids.end(), id) != row.ids.end();
}

void ReadPrefer(const toml::table& doc, const Reader& reader, Profile& profile) {
  const toml::node* node = doc.get("prefer");
  if (node == nullptr) return;
  if (!node->is_table()) reader.Fail(LineOf(*node), "prefer must be a table of id = code");
  for (const auto& [key, value] : *node->as_table()) {
    const ErrorId id = reader.Id(std::string(key.str()), LineOf(value));
    if (!value.is_integer()) reader.Fail(LineOf(value), "prefer values must be integer codes");
    const std::int64_t code = *value.value<std::int64_t>();
    const bool listed = std::any_of(profile.rows.begin(), profile.rows.end(),
                                    [&](const ProfileRow& row) { return row.code == code && RowListsId(row, id); });
    if (!listed)
      reader.Fail(LineOf(value), "no row " + std::to_string(code) + " answers \"" + std::string(key.str()) + "\"");
    profile.prefer.emplace_back(id, code);
  }
}

// [nearest] "id" = code: a row for an id that no row lists.
void ReadNearest(const toml::table& doc, const Reader& reader, Profile& profile) {
  const toml::node* node = doc.get("nearest");
  if (node == nullptr) return;
  if (!node->is_table()) reader.Fail(LineOf(*node), "nearest must be a table of id = code");
  for (const auto& [key, value] : *node->as_table()) {
    const ErrorId id = reader.Id(std::string(key.str()), LineOf(value));
    if (!value.is_integer()) reader.Fail(LineOf(value), "nearest values must be integer codes");
    const std::int64_t code = *value.value<std::int64_t>();
    if (std::none_of(profile.rows.begin(), profile.rows.end(), [&](const ProfileRow& row) { return row.code == code; }))
      reader.Fail(LineOf(value), "no row " + std::to_string(code));
    if (std::any_of(profile.rows.begin(), profile.rows.end(),
                    [&](const ProfileRow& row) { return RowListsId(row, id); }))
      reader.Fail(LineOf(value), Text({"a row lists \"", key.str(), "\" already; name it under [prefer]"}));
    profile.nearest.emplace_back(id, code);
  }
}

// [unmapped] "id" = "reason": ids that knowingly answer the fallback code.
void ReadUnmapped(const toml::table& doc, const Reader& reader, Profile& profile) {
  const toml::node* node = doc.get("unmapped");
  if (node == nullptr) return;
  if (!node->is_table()) reader.Fail(LineOf(*node), "unmapped must be a table of id = reason");
  for (const auto& [key, value] : *node->as_table()) {
    const ErrorId id = reader.Id(std::string(key.str()), LineOf(value));
    if (!value.is_string() || value.value<std::string>()->empty())
      reader.Fail(LineOf(value), "unmapped values must be the reason, as text");
    profile.unmapped.emplace_back(id, *value.value<std::string>());
  }
}

}  // namespace

std::vector<CanonicalEntry> LoadCanonical(std::string_view text, const std::string& file) {
  const Reader reader(file);
  const toml::table doc = reader.Parse(text);
  reader.OnlyKeys(doc, {"error"});
  std::vector<CanonicalEntry> entries(AllErrorIds().size());
  std::vector<bool> seen(entries.size(), false);
  std::map<std::int64_t, std::string> numbers;
  for (const toml::table* t : reader.Tables(doc, "error")) {
    reader.OnlyKeys(*t, {"id", "number", "status", "oauth", "zh", "en", "hint", "parent"});
    const std::size_t line = LineOf(*t);
    CanonicalEntry entry;
    entry.id = reader.Id(*reader.String(*t, "id", true), line);
    const auto index = static_cast<std::size_t>(entry.id);
    if (seen[index]) reader.Fail(line, "duplicate id \"" + std::string(ToString(entry.id)) + "\"");
    entry.number = *reader.String(*t, "number", true);
    const auto code = ParseMenshenNumber(entry.number);
    if (!code) reader.Fail(line, "number \"" + entry.number + "\" is not of the form A-BB-CCC");
    entry.code = *code;
    if (!numbers.emplace(entry.code, entry.number).second) reader.Fail(line, "duplicate number " + entry.number);
    const auto status = *reader.Int(*t, "status", true);
    if (status < 100 || status > 599) reader.Fail(line, "status must be an HTTP status (100-599)");
    entry.status = static_cast<int>(status);
    entry.zh = *reader.String(*t, "zh", true);
    entry.en = *reader.String(*t, "en", true);
    entry.hint = *reader.String(*t, "hint", true);
    if (entry.zh.empty() || entry.en.empty()) reader.Fail(line, "zh and en messages must not be empty");
    if (const auto parent = reader.String(*t, "parent", false)) entry.parent = reader.Id(*parent, line);
    entry.oauth = reader.String(*t, "oauth", false).value_or("");
    if (!entry.oauth.empty() && std::find(kOAuthCodes.begin(), kOAuthCodes.end(), entry.oauth) == kOAuthCodes.end())
      reader.Fail(line, "oauth \"" + entry.oauth + "\" is not an error code of the OAuth RFCs");
    seen[index] = true;
    entries[index] = std::move(entry);
  }
  for (const ErrorId id : AllErrorIds()) {
    if (!seen[static_cast<std::size_t>(id)])
      reader.Fail(1, "canonical id \"" + std::string(ToString(id)) + "\" has no entry");
  }
  CheckParents(entries, reader);
  return entries;
}

Profile LoadProfile(std::string_view text, const std::string& file, std::string_view name) {
  const Reader reader(file);
  const toml::table doc = reader.Parse(text);
  reader.OnlyKeys(doc, {"name", "title", "intro", "layout", "columns", "roles", "sections", "success", "fallback",
                        "always_http_200", "prefer", "nearest", "unmapped", "row"});
  Profile profile;
  profile.file = file;
  profile.name = *reader.String(doc, "name", true);
  if (profile.name != name)
    reader.Fail(LineOf(*doc.get("name")), "name \"" + profile.name + "\" differs from the file name");
  ReadHeader(doc, reader, profile);
  std::map<std::int64_t, std::size_t> codes;
  for (const toml::table* t : reader.Tables(doc, "row")) {
    ProfileRow row = ReadRow(*t, reader);
    if (row.section >= std::max<std::size_t>(1, profile.sections.size())) reader.Fail(row.line, "no such section");
    if (row.code) {
      const auto [it, fresh] = codes.emplace(*row.code, row.line);
      if (!fresh) {
        reader.Fail(row.line, "duplicate number " + std::to_string(*row.code) + " (first at line " +
                                  std::to_string(it->second) + ")");
      }
    }
    profile.rows.push_back(std::move(row));
  }
  ReadPrefer(doc, reader, profile);
  ReadNearest(doc, reader, profile);
  ReadUnmapped(doc, reader, profile);
  return profile;
}

}  // namespace menshen::catalog
