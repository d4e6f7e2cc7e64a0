// A prepared statement of one connection, and the lease that returns it to the connection's cache.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/sql/value.hpp"

namespace menshen::store::sql {

// Driver side of a prepared statement. Placeholders are `?`; a driver whose server wants
// another form (PostgreSQL's $1..$n) rewrites them when preparing.
class Statement {
 public:
  virtual ~Statement() = default;

  // Clears earlier bindings and binds `params` to the placeholders in order.
  virtual Status Bind(const Params& params) = 0;
  // Advances to the next row: true when a row is available, false when done.
  virtual Result<bool> Step() = 0;
  // Makes the statement ready to run again (keeps nothing from the last run).
  virtual void Reset() = 0;
  virtual const std::string& Sql() const = 0;

  // Column getters for the current row; index is 0-based.
  virtual int ColumnCount() const = 0;
  virtual ColumnType Type(int index) const = 0;
  virtual std::int64_t Int64(int index) const = 0;
  virtual double Double(int index) const = 0;
  virtual std::string Text(int index) const = 0;
  virtual Blob Bytes(int index) const = 0;

  bool IsNull(int index) const { return Type(index) == ColumnType::kNull; }
  Value Get(int index) const;
  Row CurrentRow() const;
};

class StatementCache;

// Move-only lease on a statement; on destruction the statement is reset and goes back to the cache
// of its connection. It must not outlive that connection.
class StatementHandle {
 public:
  StatementHandle(std::unique_ptr<Statement> statement, StatementCache* home)
      : statement_(std::move(statement)), home_(home) {}
  StatementHandle(StatementHandle&&) noexcept = default;
  StatementHandle& operator=(StatementHandle&& other) noexcept;
  StatementHandle(const StatementHandle&) = delete;
  StatementHandle& operator=(const StatementHandle&) = delete;
  ~StatementHandle();

  Statement* operator->() const { return statement_.get(); }
  Statement& operator*() const { return *statement_; }

 private:
  void Release();

  std::unique_ptr<Statement> statement_;
  StatementCache* home_;
};

}  // namespace menshen::store::sql
