// The storage contract: behaviour every Database driver must have. The cases are written once
// (sql_contract_test.cpp, sql_contract_migrations_test.cpp) and instantiated per driver.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/sql/database.hpp"

namespace menshen::store::sql {

struct SqlBackend {
  std::string name;
  // A fresh, empty place for a database (a file path, a schema name).
  std::function<std::string()> fresh;
  // Opens the database at `where`; opening the same place again must see what was committed.
  std::function<Result<std::unique_ptr<Database>>(const std::string& where)> open;
  // Removes what `fresh` made.
  std::function<void(const std::string& where)> drop;
  std::string blob_type = "BLOB";  // the column type holding bytes
  bool durable = true;             // survives reopening (false for an in-memory database)
  bool concurrent_readers = true;  // a Read runs while a Write is open
};

class SqlContract : public ::testing::TestWithParam<SqlBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::unique_ptr<Database> Open();
  // Runs one statement in its own write transaction; fails the test on error.
  void Run(const std::string& sql, const Params& params = {});
  std::int64_t Count(const std::string& table);
  // Replaces "{blob}" with the backend's bytes column type.
  std::string Ddl(std::string sql) const;

  std::string where_;
  std::unique_ptr<Database> db_;
};

std::string BackendName(const ::testing::TestParamInfo<SqlBackend>& info);

}  // namespace menshen::store::sql
