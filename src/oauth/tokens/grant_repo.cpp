#include "oauth/tokens/grant_repo.hpp"

#include <nlohmann/json.hpp>

namespace menshen::oauth {
namespace {

using nlohmann::json;
using store::sql::Row;
using store::sql::Value;

constexpr std::string_view kGrantColumns =
    "id, client_id, user_id, scopes, sid, auth_time, amr, created_at, access_expires_at, revoked_at";

// Lists are JSON arrays of strings, as in oauth_apps; anything else read back is dropped rather than trusted.
std::vector<std::string> StringList(const std::string& text) {
  std::vector<std::string> out;
  const auto parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

GrantRow GrantFromRow(const Row& row) {
  GrantRow g;
  g.id = row.Text(0);
  g.client_id = row.Text(1);
  g.user_id = row.Text(2);
  g.scopes = StringList(row.Text(3));
  if (!row.IsNull(4)) g.sid = row.Text(4);
  g.auth_time = row.Int64(5);
  g.amr = StringList(row.Text(6));
  g.created_at = row.Int64(7);
  g.access_expires_at = row.Int64(8);
  if (!row.IsNull(9)) g.revoked_at = row.Int64(9);
  return g;
}

Status Done(const Result<std::int64_t>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace

Status InsertGrant(store::sql::Connection& c, const GrantRow& g) {
  return Done(c.Execute(
      "INSERT INTO oauth_grants (id, client_id, user_id, scopes, sid, auth_time, amr, created_at, access_expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {g.id, g.client_id, g.user_id, json(g.scopes).dump(), g.sid.empty() ? Value(nullptr) : Value(g.sid), g.auth_time,
       json(g.amr).dump(), g.created_at, g.access_expires_at}));
}

Result<std::optional<GrantRow>> FindGrant(store::sql::Connection& c, std::string_view id) {
  auto row = c.QueryOne(std::string("SELECT ").append(kGrantColumns).append(" FROM oauth_grants WHERE id = ?"),
                        {std::string(id)});
  if (!row) return std::unexpected(row.error());
  if (!row->has_value()) return std::nullopt;
  return GrantFromRow(**row);
}

Result<bool> RevokeGrantRow(store::sql::Connection& c, std::string_view id, std::int64_t now) {
  static const accounts::RefreshTokenTable tokens(kGrantRefreshTables);
  return tokens.EndFamily(c, id, now);
}

Result<std::vector<GrantRow>> FindSessionGrants(store::sql::Connection& c, std::string_view user_id,
                                                std::string_view sid) {
  // By user first: the user index finds the few rows, and sid narrows them.
  auto rows = c.Query(std::string("SELECT ")
                          .append(kGrantColumns)
                          .append(" FROM oauth_grants WHERE user_id = ? AND sid = ? AND revoked_at IS NULL LIMIT 1000"),
                      {std::string(user_id), std::string(sid)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<GrantRow> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(GrantFromRow(row));
  return out;
}

Result<std::vector<GrantRow>> FindUserGrants(store::sql::Connection& c, std::string_view user_id) {
  auto rows = c.Query(std::string("SELECT ")
                          .append(kGrantColumns)
                          .append(" FROM oauth_grants WHERE user_id = ? AND revoked_at IS NULL"),
                      {std::string(user_id)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<GrantRow> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(GrantFromRow(row));
  return out;
}

Status ExtendGrantAccess(store::sql::Connection& c, std::string_view id, std::int64_t exp) {
  return Done(c.Execute("UPDATE oauth_grants SET access_expires_at = ? WHERE id = ? AND access_expires_at < ?",
                        {exp, std::string(id), exp}));
}

}  // namespace menshen::oauth
