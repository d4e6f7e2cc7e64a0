// JSON request bodies: media type, nesting depth and parameter count checked before any use.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/message.hpp"

namespace menshen::http {

inline constexpr std::size_t kMaxJsonDepth = 32;

// The request's body as a JSON object. Answers http.unsupported_media_type unless the content type is
// application/json, common.invalid_parameter (with the byte offset) for malformed JSON, too deep nesting or
// a non-object, common.duplicate_parameter (naming it) when any object of the body names a member twice, and
// gateway.too_many_parameters when the object has more than `max_params` members.
Result<nlohmann::json> ParseJsonObject(const Request& request, std::size_t max_params);

// True for "application/json" with optional parameters (charset=utf-8).
bool IsJsonContentType(std::string_view content_type);

}  // namespace menshen::http
