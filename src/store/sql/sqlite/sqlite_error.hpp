// How SQLite result codes become catalog errors. The SQLite message goes to internal_detail only.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace menshen::store::sql {

// `extended_code` is an SQLite extended result code; `context` says what was being done.
//  - UNIQUE / PRIMARY KEY violation -> kCommonAlreadyExists (detail names table.column)
//  - BUSY / LOCKED                  -> kCommonServiceUnavailable (a retry may succeed)
//  - anything else                  -> kInfraDatabaseError
Error MapSqliteError(int extended_code, std::string_view message, std::string_view context);

}  // namespace menshen::store::sql
