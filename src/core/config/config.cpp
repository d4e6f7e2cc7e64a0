#include "core/config/config.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/config/config_schema.hpp"

namespace menshen {
namespace {

using config::Key;
using config::RawValue;

// A config file is a page of settings; anything this large is a mistake or an attack.
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;

std::string_view TomlTypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
  }
  return "value";
}

RawValue FromNode(const toml::node& node) {
  RawValue raw;
  if (node.is_string()) {
    raw.kind = RawValue::Kind::kString;
    raw.text = node.as_string()->get();
  } else if (node.is_integer()) {
    raw.kind = RawValue::Kind::kInteger;
    raw.integer = node.as_integer()->get();
  } else if (node.is_boolean()) {
    raw.kind = RawValue::Kind::kBool;
    raw.boolean = node.as_boolean()->get();
  } else if (const auto* array = node.as_array();
             array != nullptr && (array->empty() || array->is_homogeneous<std::string>())) {
    raw.kind = RawValue::Kind::kList;
    for (const auto& item : *array) raw.items.push_back(item.as_string()->get());
  } else {
    raw.kind = RawValue::Kind::kOther;
    raw.text = TomlTypeName(node.type());
  }
  return raw;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

int LineOf(const toml::key& key, const toml::node& node) {
  if (key.source().begin.line != 0) return static_cast<int>(key.source().begin.line);
  return static_cast<int>(node.source().begin.line);
}

class Loader {
 public:
  void File(const std::filesystem::path& path) {
    source_ = path.string();
    auto text = Read(path);
    if (!text) return;
    try {
      toml::table root = toml::parse(*text, source_);
      auto first = problems_.size();
      Table(root, "");
      // toml++ keeps keys sorted by name; report in file order.
      std::stable_sort(problems_.begin() + static_cast<std::ptrdiff_t>(first), problems_.end(),
                       [](const ConfigProblem& a, const ConfigProblem& b) { return a.line < b.line; });
    } catch (const toml::parse_error& error) {
      Problem(static_cast<int>(error.source().begin.line), std::string(error.description()));
    }
  }

  void Env(const std::function<const char*(const char*)>& getenv) {
    for (const Key& key : config::Schema()) {
      std::string name = config::EnvName(key);
      const char* value = getenv(name.c_str());
      // An empty variable counts as unset, as container tools often leave them so.
      if (value == nullptr || *value == '\0') continue;
      source_ = "env " + name;
      Apply(key, RawValue::Text(value), 0);
    }
    for (const auto& retired : config::RetiredKeys()) {
      const std::string name = fmt::format("MENSHEN_{}_{}", Upper(retired.section), Upper(retired.name));
      const char* value = getenv(name.c_str());
      if (value == nullptr || *value == '\0') continue;
      source_ = "env " + name;
      Retired(retired, 0);
    }
  }

  void Override(std::string_view item) {
    auto equals = item.find('=');
    std::string_view dotted = item.substr(0, equals);
    source_ = fmt::format("--set {}", dotted);
    if (equals == std::string_view::npos) return Problem(0, "expected section.key=value");
    auto dot = dotted.find('.');
    std::string_view section = dot == std::string_view::npos ? "" : dotted.substr(0, dot);
    std::string_view name = dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
    const Key* key = config::FindKey(section, name);
    if (const auto* retired = FindRetired(section, name); retired != nullptr) return Retired(*retired, 0);
    if (key == nullptr) return Problem(0, fmt::format("unknown key {}", dotted));
    Apply(*key, RawValue::Text(std::string(item.substr(equals + 1))), 0);
  }

  ConfigLoad Done() && {
    CheckAcrossKeys();
    return {std::move(config_), std::move(problems_)};
  }

 private:
  std::optional<std::string> Read(const std::filesystem::path& path) {
    std::error_code error;
    auto size = std::filesystem::file_size(path, error);
    if (error) {
      Problem(0, fmt::format("cannot read: {}", error.message()));
      return std::nullopt;
    }
    if (size > kMaxFileBytes) {
      Problem(0, fmt::format("file is {} bytes; the limit is 1 MiB", size));
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text(std::istreambuf_iterator<char>(in), {});
    if (!in.good() && !in.eof()) {
      Problem(0, "cannot read");
      return std::nullopt;
    }
    return text;
  }

  void Table(const toml::table& table, std::string_view section) {
    for (const auto& [toml_key, node] : table) {
      std::string_view name = toml_key.str();
      int line = LineOf(toml_key, node);
      if (section.empty() && node.is_table() && config::IsSection(name)) {
        Table(*node.as_table(), name);
        continue;
      }
      const Key* key = config::FindKey(section, name);
      std::string dotted = section.empty() ? std::string(name) : fmt::format("{}.{}", section, name);
      if (key != nullptr) {
        Apply(*key, FromNode(node), line);
      } else if (const auto* retired = FindRetired(section, name); retired != nullptr) {
        Retired(*retired, line);
      } else if (section.empty() && config::IsSection(name)) {
        Problem(line, fmt::format("[{}] must be a table, got {}", name, TomlTypeName(node.type())));
      } else if (section.empty() && node.is_table()) {
        Problem(line, fmt::format("unknown section [{}]", name));
      } else {
        Problem(line, fmt::format("unknown key {}", dotted));
      }
    }
  }

  void Apply(const Key& key, const RawValue& raw, int line) {
    if (auto applied = config::ApplyValue(key, raw, config_); !applied) {
      Problem(line, fmt::format("{}: {}", config::DottedName(key), applied.error()));
    }
  }

  // Rules that join two keys, checked once every layer has spoken.
  void CheckAcrossKeys() {
    const AccountsConfig& accounts = config_.accounts;
    if (accounts.username_min_length > accounts.username_max_length) {
      source_ = "config";
      Problem(0,
              fmt::format("accounts.username_max_length: must not be below accounts.username_min_length ({}), got {}",
                          accounts.username_min_length, accounts.username_max_length));
    }
  }

  static const config::RetiredKey* FindRetired(std::string_view section, std::string_view name) {
    for (const auto& retired : config::RetiredKeys()) {
      if (retired.section == section && retired.name == name) return &retired;
    }
    return nullptr;
  }

  void Retired(const config::RetiredKey& retired, int line) {
    Problem(line, fmt::format("{}.{}: {}", retired.section, retired.name, retired.message));
  }

  void Problem(int line, std::string message) { problems_.push_back({source_, line, std::move(message)}); }

  Config config_;
  std::vector<ConfigProblem> problems_;
  std::string source_;
};

}  // namespace

ConfigLoad LoadConfig(const std::filesystem::path& file, const std::function<const char*(const char*)>& getenv,
                      const std::vector<std::string>& overrides) {
  Loader loader;
  if (!file.empty()) loader.File(file);
  if (getenv) loader.Env(getenv);
  for (const std::string& item : overrides) loader.Override(item);
  return std::move(loader).Done();
}

std::string FormatProblem(const ConfigProblem& problem) {
  if (problem.line > 0) return fmt::format("{}:{}: {}", problem.source, problem.line, problem.message);
  return fmt::format("{}: {}", problem.source, problem.message);
}

}  // namespace menshen
