// A database hands out connections inside transactions. Callers never hold a connection
// beyond the function they pass, so a driver is free to pool, serialise or reconnect.
#pragma once

#include <functional>
#include <string_view>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::store::sql {

using Work = std::function<Status(Connection&)>;

class Database {
 public:
  virtual ~Database() = default;

  // Runs `work` in a write transaction: commits when it succeeds, rolls back when it returns an
  // error or throws (the exception then goes on). Writers are serialised by the driver.
  virtual Status Write(const Work& work) = 0;
  // Runs `work` in a read-only transaction (one consistent snapshot). Do not nest in Write: the
  // reader would not see the writer's uncommitted rows.
  virtual Status Read(const Work& work) = 0;
  // Readiness: the database answers a trivial query.
  virtual Status Ping() = 0;
  virtual std::string_view Dialect() const = 0;
};

// Begin, run, commit or roll back: the transaction discipline every driver shares.
Status RunInTransaction(Connection& connection, TxMode mode, const Work& work);

// True when `error` is a unique violation whose detail names `column_or_constraint`
// (SQLite says "UNIQUE constraint failed: users.username", PostgreSQL names the constraint).
bool IsUniqueViolation(const Error& error, std::string_view column_or_constraint = {});

}  // namespace menshen::store::sql
