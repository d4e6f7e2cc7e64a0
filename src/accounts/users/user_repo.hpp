// The users table. Functions take the connection of the caller's transaction, so that a service can
// combine several in one Write.
#pragma once

#include <optional>
#include <string_view>

#include "accounts/admin/user_search.hpp"
#include "accounts/identity/identifiers.hpp"
#include "accounts/users/model.hpp"
#include "audit/page_cursor.hpp"
#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::accounts {

// identity.username_taken, identity.email_taken or identity.phone_taken.
bool IsIdentifierTaken(ErrorId id);

// Inserts `user`; a taken username, e-mail or phone answers its own catalog error.
Status InsertUser(store::sql::Connection& c, const User& user);

Result<std::optional<User>> FindUserById(store::sql::Connection& c, std::string_view id);
// By normalised username, e-mail or phone (see ClassifyAccount). Deleted users are not found.
Result<std::optional<User>> FindUserByAccount(store::sql::Connection& c, AccountKind kind, std::string_view key);

// One page of users, newest first, never deleted ones; `next` is set when more rows follow.
struct UserPage {
  std::vector<User> items;
  std::optional<audit::PageCursor> next;
};
Result<UserPage> ListUsers(store::sql::Connection& c, const UserSearch& search,
                           const std::optional<audit::PageCursor>& after, int limit);
// The users among `ids` that exist (deleted ones included: the caller decides), in no particular order.
Result<std::vector<User>> FindUsersByIds(store::sql::Connection& c, std::span<const std::string> ids);

// A column an administrator sets, by its name in the users table, and its new value.
struct ColumnUpdate {
  std::string_view column;
  store::sql::Value value;
};
// Sets `columns` (names from the caller's fixed list, never from a request) on a user that is not deleted;
// taken identifiers answer their own catalog errors. False when no such user.
Result<bool> UpdateUserColumns(store::sql::Connection& c, std::string_view user_id,
                               std::span<const ColumnUpdate> columns, std::int64_t now);

// Marks the user deleted and releases its username, e-mail and phone for others (the display forms stay,
// for the audit trail).
Status MarkUserDeleted(store::sql::Connection& c, std::string_view user_id, std::int64_t now);

// Lifts every lock of a user that is not deleted: an administrator's (status locked, locked_until) and the
// sign-in throttle's (by moving lockout_generation on). A disablement stays. False when no such user.
Result<bool> LiftLockout(store::sql::Connection& c, std::string_view user_id, std::int64_t now);

// Starts the user's sign-in throttle counters afresh, and nothing else.
Status NextLockoutGeneration(store::sql::Connection& c, std::string_view user_id, std::int64_t now);

Status UpdatePasswordHash(store::sql::Connection& c, std::string_view user_id, std::string_view hash, std::int64_t now);

}  // namespace menshen::accounts
