// The oauth_grants and oauth_refresh_tokens tables, through store::sql.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

struct RefreshTokenRecord {
  std::string token_hash;  // SHA-256 hex of the token
  std::string grant_id;
  std::string client_id;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> rotated_at;
};

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

Status InsertRefreshToken(store::sql::Connection& c, const RefreshTokenRecord& token);
Result<std::optional<RefreshTokenRecord>> FindRefreshToken(store::sql::Connection& c, std::string_view token_hash);
// Marks the token used, only if it was not already: true for exactly one of many concurrent callers.
Result<bool> MarkRefreshTokenRotated(store::sql::Connection& c, std::string_view token_hash, std::int64_t now);
// Deletes up to `limit` refresh tokens that expired before `before`; how many it deleted.
Result<std::int64_t> DeleteExpiredRefreshTokens(store::sql::Connection& c, std::int64_t before, int limit);

}  // namespace menshen::oauth
