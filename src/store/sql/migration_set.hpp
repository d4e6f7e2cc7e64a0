// Which migration files apply to a dialect, in order. Files are named `NNNN_name.sql` (shared by
// every dialect) or `<dialect>/NNNN_name.sql` (replaces the shared file of that version).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedded.hpp"
#include "core/error.hpp"

namespace menshen::store::sql {

struct Migration {
  std::int64_t version = 0;
  std::string name;  // the file name without ".sql", e.g. "0001_init"
  std::string_view sql;
  std::string checksum;  // SHA-256 of the SQL, lowercase hex
};

// The migrations for `dialect`, ordered by version. Files not ending in ".sql" (a README) and
// folders of other dialects are skipped. A malformed name or two files claiming one version is
// an error: a migration silently skipped would be worse.
Result<std::vector<Migration>> SelectMigrations(std::span<const EmbeddedFile> files, std::string_view dialect);

std::string Sha256Hex(std::string_view data);

}  // namespace menshen::store::sql
