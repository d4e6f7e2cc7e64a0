// HTML templates (mustache, kainjow's implementation): every {{value}} is HTML-escaped, so user-facing text
// never needs escaping by hand. Templates may include one another as partials ({{> name}}).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::http {

class Templates {
 public:
  // name -> mustache source. Every template is parsed once here, so a broken one fails at start-up.
  explicit Templates(std::map<std::string, std::string, std::less<>> sources);

  // Renders `name` with `view` (objects, arrays, strings, numbers, booleans; null is false).
  // common.internal_error for an unknown template.
  Result<std::string> Render(std::string_view name, const nlohmann::json& view) const;

 private:
  std::map<std::string, std::string, std::less<>> sources_;
};

}  // namespace menshen::http
