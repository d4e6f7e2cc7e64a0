// The oauth_grants table, through store::sql; its refresh tokens go through accounts::RefreshTokenTable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/sessions/refresh_token_table.hpp"
#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::oauth {

struct GrantRow {
  std::string id;
  std::string client_id;
  std::string user_id;
  std::vector<std::string> scopes;
  std::string sid;  // empty when the grant has no IdP session (a password grant)
  std::int64_t auth_time = 0;
  std::vector<std::string> amr;
  std::int64_t created_at = 0;
  std::int64_t access_expires_at = 0;  // when the last access token issued from it expires
  std::optional<std::int64_t> revoked_at;
};

// A grant's refresh tokens, one family per grant (accounts/refresh_family.hpp): bound to their client, and
// deleted when the grant ends.
inline constexpr accounts::RefreshFamilyTables kGrantRefreshTables{.tokens = "oauth_refresh_tokens",
                                                                   .family_column = "grant_id",
                                                                   .families = "oauth_grants",
                                                                   .family_noun = "grant",
                                                                   .client_bound = true,
                                                                   .tokens_end_with_family = true};

Status InsertGrant(store::sql::Connection& c, const GrantRow& grant);
Result<std::optional<GrantRow>> FindGrant(store::sql::Connection& c, std::string_view id);
// Marks the grant revoked and deletes its refresh tokens; false when it was unknown or already revoked.
Result<bool> RevokeGrantRow(store::sql::Connection& c, std::string_view id, std::int64_t now);
// The unrevoked grants of `user_id` that its IdP session `sid` gave (at most 1000).
Result<std::vector<GrantRow>> FindSessionGrants(store::sql::Connection& c, std::string_view user_id,
                                                std::string_view sid);
// Every unrevoked grant of `user_id`, for ending them all when the user's credentials change.
Result<std::vector<GrantRow>> FindUserGrants(store::sql::Connection& c, std::string_view user_id);
// Raises access_expires_at to `exp` (never lowers it).
Status ExtendGrantAccess(store::sql::Connection& c, std::string_view id, std::int64_t exp);

}  // namespace menshen::oauth
