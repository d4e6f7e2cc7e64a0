// Database URLs in logs and messages.
#pragma once

#include <string>
#include <string_view>

namespace menshen::store::sql {

// `url` with its password (user:PASSWORD@ or password=...) replaced by "***": safe to log.
std::string RedactUrl(std::string_view url);

}  // namespace menshen::store::sql
