#include "store/sql/connection.hpp"

namespace menshen::store::sql {

Result<std::int64_t> Connection::Execute(std::string_view sql, const Params& params) {
  auto statement = Prepare(sql);
  if (!statement) return std::unexpected(statement.error());
  if (auto bound = (*statement)->Bind(params); !bound) return std::unexpected(bound.error());
  while (true) {
    auto more = (*statement)->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
  }
  return RowsChanged();
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, const Params& params) {
  auto statement = Prepare(sql);
  if (!statement) return std::unexpected(statement.error());
  if (auto bound = (*statement)->Bind(params); !bound) return std::unexpected(bound.error());
  std::vector<Row> rows;
  while (true) {
    auto more = (*statement)->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    rows.push_back((*statement)->CurrentRow());
  }
  return rows;
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
  auto statement = Prepare(sql);
  if (!statement) return std::unexpected(statement.error());
  if (auto bound = (*statement)->Bind(params); !bound) return std::unexpected(bound.error());
  auto more = (*statement)->Step();
  if (!more) return std::unexpected(more.error());
  if (!*more) return std::optional<Row>{};
  return std::optional<Row>{(*statement)->CurrentRow()};
}

}  // namespace menshen::store::sql
