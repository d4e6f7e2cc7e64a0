// application/x-www-form-urlencoded parsing (query strings and form bodies), with a parameter cap.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace menshen::http {

// Percent-decodes `in` ('+' -> ' ' in form data, not in paths); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space = true);

// Parses "a=1&b=2" into `out` (appending). More than `max_params` pairs answers
// gateway.too_many_parameters; a bad escape or invalid UTF-8 answers common.invalid_parameter.
Status ParseUrlEncoded(std::string_view text, std::size_t max_params, Fields& out);

}  // namespace menshen::http
