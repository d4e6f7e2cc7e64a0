#include "accounts/sessions/refresh_token_table.hpp"

#include <fmt/core.h>

namespace menshen::accounts {

RefreshTokenTable::RefreshTokenTable(const RefreshFamilyTables& t) : tables_(t) {
  const std::string_view client = t.client_bound ? "client_id" : "''";
  insert_ = t.client_bound ? fmt::format(
                                 "INSERT INTO {} (token_hash, {}, client_id, issued_at, expires_at) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 t.tokens, t.family_column)
                           : fmt::format("INSERT INTO {} (token_hash, {}, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                                         t.tokens, t.family_column);
  find_ = fmt::format("SELECT token_hash, {}, {}, issued_at, expires_at, rotated_at FROM {} WHERE token_hash = ?",
                      t.family_column, client, t.tokens);
  mark_rotated_ = fmt::format("UPDATE {} SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL", t.tokens);
  end_family_ = fmt::format("UPDATE {} SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", t.families);
  delete_family_tokens_ = fmt::format("DELETE FROM {} WHERE {} = ?", t.tokens, t.family_column);
  delete_expired_ = fmt::format(
      "DELETE FROM {0} WHERE token_hash IN (SELECT token_hash FROM {0} WHERE expires_at < ? LIMIT ?)", t.tokens);
}

Status RefreshTokenTable::Insert(store::sql::Connection& c, const RefreshToken& t) const {
  auto done = tables_.client_bound
                  ? c.Execute(insert_, {t.token_hash, t.family_id, t.client_id, t.issued_at, t.expires_at})
                  : c.Execute(insert_, {t.token_hash, t.family_id, t.issued_at, t.expires_at});
  if (!done) return std::unexpected(done.error());
  return {};
}

Result<std::optional<RefreshToken>> RefreshTokenTable::Find(store::sql::Connection& c,
                                                            std::string_view token_hash) const {
  auto row = c.QueryOne(find_, {std::string(token_hash)});
  if (!row) return std::unexpected(row.error());
  if (!row->has_value()) return std::nullopt;
  const auto& r = **row;
  RefreshToken out{.token_hash = r.Text(0),
                   .family_id = r.Text(1),
                   .client_id = r.Text(2),
                   .issued_at = r.Int64(3),
                   .expires_at = r.Int64(4)};
  if (!r.IsNull(5)) out.rotated_at = r.Int64(5);
  return out;
}

Result<bool> RefreshTokenTable::MarkRotated(store::sql::Connection& c, std::string_view token_hash,
                                            std::int64_t now) const {
  auto changed = c.Execute(mark_rotated_, {now, std::string(token_hash)});
  if (!changed) return std::unexpected(changed.error());
  return *changed == 1;
}

Result<bool> RefreshTokenTable::EndFamily(store::sql::Connection& c, std::string_view family_id,
                                          std::int64_t now) const {
  auto changed = c.Execute(end_family_, {now, std::string(family_id)});
  if (!changed) return std::unexpected(changed.error());
  if (tables_.tokens_end_with_family) {
    if (auto deleted = c.Execute(delete_family_tokens_, {std::string(family_id)}); !deleted) {
      return std::unexpected(deleted.error());
    }
  }
  return *changed == 1;
}

Result<std::int64_t> RefreshTokenTable::DeleteExpired(store::sql::Connection& c, std::int64_t before, int limit) const {
  return c.Execute(delete_expired_, {before, std::int64_t{limit}});
}

}  // namespace menshen::accounts
