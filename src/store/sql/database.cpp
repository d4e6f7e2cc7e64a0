#include "store/sql/database.hpp"

#include <spdlog/spdlog.h>

namespace menshen::store::sql {
namespace {

// A failed rollback is logged, not returned: the work's own error (or exception) is the one the caller must
// hear. The connection may be left in its transaction; its next Begin then fails instead of mixing work.
void RollBack(Connection& connection) {
  if (auto rolled_back = connection.Rollback(); !rolled_back) {
    spdlog::error("rollback failed: {}", rolled_back.error().internal_detail);
  }
}

}  // namespace

Status RunInTransaction(Connection& connection, TxMode mode, const Work& work) {
  if (auto begun = connection.Begin(mode); !begun) return begun;
  Status outcome;
  try {
    outcome = work(connection);
  } catch (...) {
    RollBack(connection);
    throw;
  }
  if (!outcome) {
    RollBack(connection);
    return outcome;
  }
  if (auto committed = connection.Commit(); !committed) {
    // A failed COMMIT may leave the transaction open (e.g. busy); never leave it dangling.
    if (connection.InTransaction()) RollBack(connection);
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
