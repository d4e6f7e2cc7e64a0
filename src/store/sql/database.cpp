#include "store/sql/database.hpp"

namespace menshen::store::sql {

Status RunInTransaction(Connection& connection, TxMode mode, const Work& work) {
  if (auto begun = connection.Begin(mode); !begun) return begun;
  Status outcome;
  try {
    outcome = work(connection);
  } catch (...) {
    (void)connection.Rollback();
    throw;
  }
  if (!outcome) {
    (void)connection.Rollback();
    return outcome;
  }
  if (auto committed = connection.Commit(); !committed) {
    // A failed COMMIT may leave the transaction open (e.g. busy); never leave it dangling.
    if (connection.InTransaction()) (void)connection.Rollback();
    return committed;
  }
  return {};
}

Result<std::int64_t> DeleteInBatches(Database& db, int batch_size,
                                     const std::function<Result<std::int64_t>(Connection&, int)>& delete_batch) {
  std::int64_t total = 0;
  while (true) {
    auto deleted = WriteValue(db, [&](Connection& c) { return delete_batch(c, batch_size); });
    if (!deleted) return std::unexpected(deleted.error());
    total += *deleted;
    if (*deleted < batch_size) return total;
  }
}

bool IsUniqueViolation(const Error& error, std::string_view column_or_constraint) {
  if (error.id != ErrorId::kCommonAlreadyExists) return false;
  return column_or_constraint.empty() || error.internal_detail.find(column_or_constraint) != std::string::npos;
}

}  // namespace menshen::store::sql
