// A database hands out connections inside transactions. Callers never hold a connection
// beyond the function they pass, so a driver is free to pool, serialise or reconnect.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>

#include "core/blocking.hpp"
#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::store::sql {

using Work = std::function<Status(Connection&)>;

class Database {
 public:
  virtual ~Database() = default;

  // Every call may wait for a disk or a server: each first calls MayBlock() (core/blocking.hpp), so a
  // handler trying to answer on the I/O thread moves to a worker before it touches the database.

  // Runs `work` in a write transaction: commits when it succeeds, rolls back when it returns an
  // error or throws (the exception then goes on). Writers are serialised by the driver.
  Status Write(const Work& work) {
    MayBlock();
    return DoWrite(work);
  }
  // Runs `work` in a read-only transaction (one consistent snapshot). Do not nest in Write: the
  // reader would not see the writer's uncommitted rows.
  Status Read(const Work& work) {
    MayBlock();
    return DoRead(work);
  }
  // Readiness: the database answers a trivial query.
  Status Ping() {
    MayBlock();
    return DoPing();
  }
  virtual std::string_view Dialect() const = 0;

 private:
  virtual Status DoWrite(const Work& work) = 0;
  virtual Status DoRead(const Work& work) = 0;
  virtual Status DoPing() = 0;
};

// Runs `work` (Connection& -> Result<T>) in a write or read transaction and hands back its value.
template <class F>
auto WriteValue(Database& db, F&& work) -> std::invoke_result_t<F&, Connection&>;
template <class F>
auto ReadValue(Database& db, F&& work) -> std::invoke_result_t<F&, Connection&>;

// Drops the value of a Result, keeping its error: `return ToStatus(c.Execute(...));`.
template <class T>
Status ToStatus(const Result<T>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

// Deletes rows in write transactions of at most `batch_size` rows each, until a batch deletes fewer: a large
// purge never holds the writer for long. `delete_batch(c, limit)` deletes up to `limit` rows and says how
// many. The number deleted in all.
Result<std::int64_t> DeleteInBatches(Database& db, int batch_size,
                                     const std::function<Result<std::int64_t>(Connection&, int)>& delete_batch);

// Begin, run, commit or roll back: the transaction discipline every driver shares.
Status RunInTransaction(Connection& connection, TxMode mode, const Work& work);

// True when `error` is a unique violation whose detail names `column_or_constraint`
// (SQLite says "UNIQUE constraint failed: users.username", PostgreSQL names the constraint).
bool IsUniqueViolation(const Error& error, std::string_view column_or_constraint = {});

namespace detail {

template <class F>
auto RunValue(Database& db, bool write, F& work) -> std::invoke_result_t<F&, Connection&> {
  using R = std::invoke_result_t<F&, Connection&>;
  std::optional<typename R::value_type> value;
  const Work wrapped = [&](Connection& c) -> Status {
    R result = work(c);
    if (!result) return std::unexpected(std::move(result.error()));
    value.emplace(std::move(*result));
    return {};
  };
  Status done = write ? db.Write(wrapped) : db.Read(wrapped);
  if (!done) return std::unexpected(std::move(done.error()));
  return std::move(*value);
}

}  // namespace detail

template <class F>
auto WriteValue(Database& db, F&& work) -> std::invoke_result_t<F&, Connection&> {
  return detail::RunValue(db, true, work);
}

template <class F>
auto ReadValue(Database& db, F&& work) -> std::invoke_result_t<F&, Connection&> {
  return detail::RunValue(db, false, work);
}

}  // namespace menshen::store::sql
