#include "accounts/users/user_repo.hpp"

#include "store/sql/database.hpp"

namespace menshen::accounts {
namespace {

using store::sql::Row;
using store::sql::Value;

constexpr std::string_view kColumns =
    "id, username, username_display, email, email_display, phone, password_hash, nickname, avatar, introduction, "
    "role, status, locked_until, account_expires_at, password_expires_at, created_at, updated_at, gender, birthdate, "
    "password_changed_at, deleted_at, lockout_generation";

std::optional<std::string> Text(const Row& row, std::size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<std::string>(row.Text(i));
}
std::optional<std::int64_t> Int(const Row& row, std::size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<std::int64_t>(row.Int64(i));
}
Value Nullable(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }
Value Nullable(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

User FromRow(const Row& row) {
  User user;
  user.id = row.Text(0);
  user.username = Text(row, 1);
  user.username_display = Text(row, 2);
  user.email = Text(row, 3);
  user.email_display = Text(row, 4);
  user.phone = Text(row, 5);
  user.password_hash = Text(row, 6);
  user.nickname = Text(row, 7);
  user.avatar = Text(row, 8);
  user.introduction = Text(row, 9);
  user.role = ParseRole(row.Text(10)).value_or(Role::kUser);
  user.status = ParseAccountStatus(row.Text(11)).value_or(AccountStatus::kDisabled);
  user.locked_until = Int(row, 12);
  user.account_expires_at = Int(row, 13);
  user.password_expires_at = Int(row, 14);
  user.created_at = row.Int64(15);
  user.updated_at = row.Int64(16);
  user.gender = Text(row, 17);
  user.birthdate = Text(row, 18);
  user.password_changed_at = Int(row, 19);
  user.deleted_at = Int(row, 20);
  user.lockout_generation = row.Int64(21);
  return user;
}

Result<std::optional<User>> FindOne(store::sql::Connection& c, std::string_view where, std::string_view value) {
  auto row = c.QueryOne(std::string("SELECT ").append(kColumns).append(" FROM users WHERE ").append(where),
                        {std::string(value)});
  if (!row) return std::unexpected(row.error());
  if (!row->has_value()) return std::nullopt;
  return FromRow(**row);
}

Status IdentifierErrors(const Error& error) {
  if (store::sql::IsUniqueViolation(error, "username")) return Fail(ErrorId::kIdentityUsernameTaken);
  if (store::sql::IsUniqueViolation(error, "email")) return Fail(ErrorId::kIdentityEmailTaken);
  if (store::sql::IsUniqueViolation(error, "phone")) return Fail(ErrorId::kIdentityPhoneTaken);
  return std::unexpected(error);
}

// The WHERE clause (after "status <> 'deleted'") and its parameters for a search.
void AppendSearch(const UserSearch& search, std::string& sql, store::sql::Params& params) {
  if (search.text.empty()) return;
  const auto escaped = EscapeLike(search.text);
  const auto prefix = escaped + "%";
  const auto anywhere = "%" + escaped + "%";
  switch (search.type) {
    case SearchType::kUsername:
      sql += " AND username LIKE ? ESCAPE '\\'";
      params.emplace_back(prefix);
      return;
    case SearchType::kEmail:
      sql += " AND email LIKE ? ESCAPE '\\'";
      params.emplace_back(prefix);
      return;
    case SearchType::kPhone:
      sql += " AND phone LIKE ? ESCAPE '\\'";
      params.emplace_back(anywhere);
      return;
    case SearchType::kNickname:
      sql += " AND LOWER(nickname) LIKE ? ESCAPE '\\'";
      params.emplace_back(anywhere);
      return;
    case SearchType::kAny:
      sql +=
          " AND (username LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR LOWER(nickname) LIKE ? ESCAPE '\\' "
          "OR phone LIKE ? ESCAPE '\\')";
      params.emplace_back(prefix);
      params.emplace_back(prefix);
      params.emplace_back(anywhere);
      params.emplace_back(anywhere);
      return;
  }
}

}  // namespace

bool IsIdentifierTaken(ErrorId id) {
  return id == ErrorId::kIdentityUsernameTaken || id == ErrorId::kIdentityEmailTaken ||
         id == ErrorId::kIdentityPhoneTaken;
}

Status InsertUser(store::sql::Connection& c, const User& user) {
  auto inserted = c.Execute(
      "INSERT INTO users (id, username, username_display, email, email_display, phone, password_hash, nickname, "
      "avatar, introduction, role, status, locked_until, account_expires_at, password_expires_at, "
      "password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {user.id, Nullable(user.username), Nullable(user.username_display), Nullable(user.email),
       Nullable(user.email_display), Nullable(user.phone), Nullable(user.password_hash), Nullable(user.nickname),
       Nullable(user.avatar), Nullable(user.introduction), std::string(ToString(user.role)),
       std::string(ToString(user.status)), Nullable(user.locked_until), Nullable(user.account_expires_at),
       Nullable(user.password_expires_at), user.created_at, user.created_at, user.updated_at});
  if (inserted) return {};
  return IdentifierErrors(inserted.error());
}

Result<UserPage> ListUsers(store::sql::Connection& c, const UserSearch& search,
                           const std::optional<audit::PageCursor>& after, int limit) {
  std::string sql = std::string("SELECT ").append(kColumns).append(" FROM users WHERE status <> 'deleted'");
  store::sql::Params params;
  AppendSearch(search, sql, params);
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {after->time, after->time, after->id});
  }
  // One row more than asked tells whether another page follows.
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit) + 1);
  auto rows = c.Query(sql, params);
  if (!rows) return std::unexpected(rows.error());
  UserPage page;
  for (const auto& row : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next = audit::PageCursor{page.items.back().created_at, page.items.back().id};
      break;
    }
    page.items.push_back(FromRow(row));
  }
  return page;
}

Result<std::vector<User>> FindUsersByIds(store::sql::Connection& c, std::span<const std::string> ids) {
  if (ids.empty()) return std::vector<User>{};
  std::string sql = std::string("SELECT ").append(kColumns).append(" FROM users WHERE id IN (");
  store::sql::Params params;
  for (const auto& id : ids) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  sql += ")";
  auto rows = c.Query(sql, params);
  if (!rows) return std::unexpected(rows.error());
  std::vector<User> users;
  users.reserve(rows->size());
  for (const auto& row : *rows) users.push_back(FromRow(row));
  return users;
}

Result<bool> UpdateUserColumns(store::sql::Connection& c, std::string_view user_id,
                               std::span<const ColumnUpdate> columns, std::int64_t now) {
  std::string sql = "UPDATE users SET updated_at = ?";
  store::sql::Params params{now};
  for (const auto& [column, value] : columns) {
    sql.append(", ").append(column).append(" = ?");
    params.push_back(value);
  }
  sql += " WHERE id = ? AND status <> 'deleted'";
  params.emplace_back(std::string(user_id));
  auto changed = c.Execute(sql, params);
  if (!changed) return std::unexpected(IdentifierErrors(changed.error()).error());
  return *changed > 0;
}

Status MarkUserDeleted(store::sql::Connection& c, std::string_view user_id, std::int64_t now) {
  auto changed = c.Execute(
      "UPDATE users SET status = 'deleted', deleted_at = ?, updated_at = ?, username = NULL, email = NULL, "
      "phone = NULL WHERE id = ? AND status <> 'deleted'",
      {now, now, std::string(user_id)});
  if (!changed) return std::unexpected(changed.error());
  return {};
}

Result<std::optional<User>> FindUserById(store::sql::Connection& c, std::string_view id) {
  return FindOne(c, "id = ?", id);
}

Result<std::optional<User>> FindUserByAccount(store::sql::Connection& c, AccountKind kind, std::string_view key) {
  switch (kind) {
    case AccountKind::kUsername:
      return FindOne(c, "username = ? AND status <> 'deleted'", key);
    case AccountKind::kEmail:
      return FindOne(c, "email = ? AND status <> 'deleted'", key);
    case AccountKind::kPhone:
      return FindOne(c, "phone = ? AND status <> 'deleted'", key);
  }
  return std::nullopt;
}

Result<bool> LiftLockout(store::sql::Connection& c, std::string_view user_id, std::int64_t now) {
  auto changed = c.Execute(
      "UPDATE users SET status = CASE WHEN status = 'locked' THEN 'active' ELSE status END, locked_until = NULL, "
      "lockout_generation = lockout_generation + 1, updated_at = ? WHERE id = ? AND status <> 'deleted'",
      {now, std::string(user_id)});
  if (!changed) return std::unexpected(changed.error());
  return *changed > 0;
}

Status NextLockoutGeneration(store::sql::Connection& c, std::string_view user_id, std::int64_t now) {
  auto changed = c.Execute("UPDATE users SET lockout_generation = lockout_generation + 1, updated_at = ? WHERE id = ?",
                           {now, std::string(user_id)});
  if (!changed) return std::unexpected(changed.error());
  return {};
}

Status UpdatePasswordHash(store::sql::Connection& c, std::string_view user_id, std::string_view hash,
                          std::int64_t now) {
  auto updated = c.Execute("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
                           {std::string(hash), now, now, std::string(user_id)});
  if (!updated) return std::unexpected(updated.error());
  return {};
}

}  // namespace menshen::accounts
