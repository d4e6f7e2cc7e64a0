// Writing JSON response bodies.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace menshen::http {

// The same bytes as body.dump() with invalid UTF-8 replaced, sooner: nlohmann's serializer decodes every
// byte of every string as UTF-8, which made dumping a token response (one long token) cost more than
// building it. An object's keys and string members that need no escaping are copied as they are; every
// other value is left to nlohmann.
std::string CompactJson(const nlohmann::json& body);

}  // namespace menshen::http
