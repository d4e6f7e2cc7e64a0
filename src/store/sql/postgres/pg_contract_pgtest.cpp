// The storage contract run against PostgreSQL: a fresh database per case on one server per test binary.
#include <atomic>
#include <string>

#include "postgres_server.hpp"
#include "store/sql/postgres/pg_database.hpp"
#include "store/sql/sql_contract.hpp"

namespace menshen::store::sql {
namespace {

using test_support::SharedPostgres;

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  auto db = PgDatabase::Open({.connection = {.url = url}, .pool_size = 4});
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Database>(std::move(*db));
}

SqlBackend PostgresBackend() {
  return {.name = "Postgres",
          .fresh =
              [] {
                static std::atomic<int> counter{0};
                return SharedPostgres().CreateDatabase("contract_" + std::to_string(++counter));
              },
          .open = OpenPostgres,
          .drop = [](const std::string& url) { SharedPostgres().DropDatabase(url.substr(url.rfind('/') + 1)); },
          .blob_type = "BYTEA"};
}

INSTANTIATE_TEST_SUITE_P(Postgres, SqlContract, ::testing::Values(PostgresBackend()), BackendName);

}  // namespace
}  // namespace menshen::store::sql
