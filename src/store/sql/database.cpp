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

bool IsUniqueViolation(const Error& error, std::string_view column_or_constraint) {
  if (error.id != ErrorId::kCommonAlreadyExists) return false;
  return column_or_constraint.empty() || error.internal_detail.find(column_or_constraint) != std::string::npos;
}

}  // namespace menshen::store::sql
