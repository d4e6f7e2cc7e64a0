#include "http/templates.hpp"

#include <kainjow/mustache.hpp>
#include <stdexcept>

namespace menshen::http {
namespace {

namespace mustache = kainjow::mustache;

mustache::data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, ToData(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& item : value) out.push_back(ToData(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return mustache::data{value.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return mustache::data{value.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mustache::data{value.dump()};
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      return mustache::data{false};
  }
  return mustache::data{false};
}

}  // namespace

Templates::Templates(std::map<std::string, std::string, std::less<>> sources) : sources_(std::move(sources)) {
  for (const auto& [name, source] : sources_) {
    mustache::mustache parsed(source);
    if (!parsed.is_valid()) throw std::runtime_error("template " + name + ": " + parsed.error_message());
  }
}

Result<std::string> Templates::Render(std::string_view name, const nlohmann::json& view) const {
  const auto it = sources_.find(name);
  if (it == sources_.end()) return Fail(ErrorId::kCommonInternalError, {}, "no template " + std::string(name));
  auto data = ToData(view);
  // Partials resolve by name through the data; set after the view, so that no view key can shadow one.
  for (const auto& [partial_name, source] : sources_) {
    const auto* text = &source;
    data.set(partial_name, mustache::partial([text] { return *text; }));
  }
  mustache::mustache parsed(it->second);
  auto out = parsed.render(data);
  if (!parsed.is_valid()) return Fail(ErrorId::kCommonInternalError, {}, parsed.error_message());
  return out;
}

}  // namespace menshen::http
