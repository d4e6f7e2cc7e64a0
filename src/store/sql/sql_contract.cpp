#include "store/sql/sql_contract.hpp"

namespace menshen::store::sql {

void SqlContract::SetUp() {
  where_ = GetParam().fresh();
  db_ = Open();
  ASSERT_NE(db_, nullptr);
}

void SqlContract::TearDown() {
  db_.reset();
  GetParam().drop(where_);
}

std::unique_ptr<Database> SqlContract::Open() {
  auto db = GetParam().open(where_);
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().internal_detail);
  return db ? std::move(*db) : nullptr;
}

void SqlContract::Run(const std::string& sql, const Params& params) {
  auto done = db_->Write([&](Connection& c) -> Status {
    auto changed = c.Execute(sql, params);
    if (!changed) return std::unexpected(changed.error());
    return {};
  });
  ASSERT_TRUE(done.has_value()) << sql << ": " << (done ? "" : done.error().internal_detail);
}

std::int64_t SqlContract::Count(const std::string& table) {
  std::int64_t count = -1;
  auto done = db_->Read([&](Connection& c) -> Status {
    auto row = c.QueryOne("SELECT COUNT(*) FROM " + table);
    if (!row) return std::unexpected(row.error());
    count = (*row)->Int64(0);
    return {};
  });
  EXPECT_TRUE(done.has_value()) << (done ? "" : done.error().internal_detail);
  return count;
}

std::string SqlContract::Ddl(std::string sql) const {
  const std::string marker = "{blob}";
  for (auto at = sql.find(marker); at != std::string::npos; at = sql.find(marker)) {
    sql.replace(at, marker.size(), GetParam().blob_type);
  }
  return sql;
}

std::string BackendName(const ::testing::TestParamInfo<SqlBackend>& info) { return info.param.name; }

}  // namespace menshen::store::sql
