// The users table. Functions take the connection of the caller's transaction, so that a service can
// combine several in one Write.
#pragma once

#include <optional>
#include <string_view>

#include "accounts/identifiers.hpp"
#include "accounts/model.hpp"
#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::accounts {

// Inserts `user`; a taken username, e-mail or phone answers its own catalog error.
Status InsertUser(store::sql::Connection& c, const User& user);

Result<std::optional<User>> FindUserById(store::sql::Connection& c, std::string_view id);
// By normalised username, e-mail or phone (see ClassifyAccount). Deleted users are not found.
Result<std::optional<User>> FindUserByAccount(store::sql::Connection& c, AccountKind kind, std::string_view key);

Status UpdatePasswordHash(store::sql::Connection& c, std::string_view user_id, std::string_view hash, std::int64_t now);

}  // namespace menshen::accounts
