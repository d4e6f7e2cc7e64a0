#include "accounts/sessions/session_repo.hpp"

namespace menshen::accounts {
namespace {

using store::sql::Row;

constexpr std::string_view kSessionColumns =
    "id, user_id, created_at, last_used_at, expires_at, revoked_at, ip, user_agent";

Session SessionFromRow(const Row& row) {
  Session s;
  s.id = row.Text(0);
  s.user_id = row.Text(1);
  s.created_at = row.Int64(2);
  s.last_used_at = row.Int64(3);
  s.expires_at = row.Int64(4);
  if (!row.IsNull(5)) s.revoked_at = row.Int64(5);
  if (!row.IsNull(6)) s.ip = row.Text(6);
  if (!row.IsNull(7)) s.user_agent = row.Text(7);
  return s;
}

Status Done(const Result<std::int64_t>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace

Status InsertSession(store::sql::Connection& c, const Session& s) {
  return Done(
      c.Execute("INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                {s.id, s.user_id, s.created_at, s.last_used_at, s.expires_at, s.ip, s.user_agent}));
}

Result<std::optional<Session>> FindSession(store::sql::Connection& c, std::string_view id) {
  auto row = c.QueryOne(std::string("SELECT ").append(kSessionColumns).append(" FROM sessions WHERE id = ?"),
                        {std::string(id)});
  if (!row) return std::unexpected(row.error());
  if (!row->has_value()) return std::nullopt;
  return SessionFromRow(**row);
}

Result<std::vector<Session>> ListActiveSessions(store::sql::Connection& c, std::string_view user_id, std::int64_t now) {
  auto rows = c.Query(std::string("SELECT ")
                          .append(kSessionColumns)
                          .append(" FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? "
                                  "ORDER BY created_at DESC, id"),
                      {std::string(user_id), now});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Session> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(SessionFromRow(row));
  return out;
}

Result<std::vector<std::string>> RevokeSessionsBeyond(store::sql::Connection& c, std::string_view user_id, int keep,
                                                      std::int64_t now) {
  auto rows = c.Query(
      "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? "
      "ORDER BY created_at DESC, id DESC LIMIT 1000 OFFSET ?",
      {std::string(user_id), now, static_cast<std::int64_t>(keep)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> ids;
  for (const auto& row : *rows) {
    ids.push_back(row.Text(0));
    if (auto done = c.Execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", {now, ids.back()}); !done) {
      return std::unexpected(done.error());
    }
  }
  return ids;
}

Result<std::vector<std::string>> RevokeSessions(store::sql::Connection& c, std::string_view user_id,
                                                std::optional<std::string_view> only_session, std::int64_t now) {
  auto rows = only_session
                  ? c.Query("SELECT id FROM sessions WHERE user_id = ? AND id = ? AND revoked_at IS NULL",
                            {std::string(user_id), std::string(*only_session)})
                  : c.Query("SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL", {std::string(user_id)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> ids;
  for (const auto& row : *rows) {
    ids.push_back(row.Text(0));
    if (auto done = c.Execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", {now, ids.back()}); !done) {
      return std::unexpected(done.error());
    }
  }
  return ids;
}

Status TouchSession(store::sql::Connection& c, std::string_view session_id, std::int64_t now) {
  return Done(c.Execute("UPDATE sessions SET last_used_at = ? WHERE id = ?", {now, std::string(session_id)}));
}

}  // namespace menshen::accounts
