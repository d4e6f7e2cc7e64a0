// How PostgreSQL failures become catalog errors. The server's message goes to internal_detail only.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::store::sql {

// `result` failed; `context` says what was being done.
//  - 23505 unique violation -> kCommonAlreadyExists, detail "UNIQUE constraint failed: table.column" as SQLite
//    words it (columns from the DETAIL line, never the values), so IsUniqueViolation reads both drivers alike
//  - 40001 / 40P01 / 55P03 (serialization, deadlock, lock not available) -> kCommonServiceUnavailable
//  - anything else (a statement timeout 57014 included) -> kInfraDatabaseError
Error MapPgResultError(const PGresult* result, std::string_view context);

// The connection itself failed (refused, broken, timed out).
Error PgConnectionError(std::string_view message, std::string_view context);

// The column list of a unique violation's DETAIL, "Key (a, b)=(x, y) already exists." -> "a, b".
std::string KeyColumns(std::string_view detail);

}  // namespace menshen::store::sql
