// Brings a database schema up to the migrations compiled into this binary, and refuses to run
// against a schema it does not understand (newer, or with an applied migration since edited).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/clock.hpp"
#include "core/embedded.hpp"
#include "core/error.hpp"
#include "store/sql/database.hpp"
#include "store/sql/migration_set.hpp"

namespace menshen::store::sql {

struct SchemaState {
  std::int64_t current = 0;  // highest applied version (0: none)
  std::int64_t latest = 0;   // highest version this binary knows
  std::vector<std::int64_t> pending;
  bool IsCurrent() const { return pending.empty(); }
};

class Migrator {
 public:
  // `files` as embedded from migrations/; the dialect comes from `db`.
  Migrator(Database& db, std::span<const EmbeddedFile> files, const Clock& clock);

  // Where the schema stands. Fails (with the reason in internal_detail) when the database is
  // newer than this binary, knows a migration this binary lacks, or a checksum changed.
  Result<SchemaState> Inspect();
  // Applies each pending migration in its own transaction; returns the versions this call applied (not those
  // another node applied meanwhile).
  // Running it again applies nothing.
  Result<std::vector<std::int64_t>> Migrate();

 private:
  struct Applied {
    std::int64_t version;
    std::string name;
    std::string checksum;
  };

  Status EnsureTable();
  Result<std::vector<Applied>> LoadApplied();
  // False when another node applied it first.
  Result<bool> Apply(const Migration& migration);

  Database& db_;
  std::span<const EmbeddedFile> files_;
  const Clock& clock_;
  bool table_ready_ = false;
};

}  // namespace menshen::store::sql
