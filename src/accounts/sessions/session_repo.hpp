// Sessions. A session is one sign-in; its refresh tokens (refresh_family.hpp) rotate on every use and form
// one family, so that a token used twice reveals a theft and ends the whole session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::accounts {

struct Session {
  std::string id;
  std::string user_id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> revoked_at;
  std::string ip;
  std::string user_agent;
};

Status InsertSession(store::sql::Connection& c, const Session& session);
Result<std::optional<Session>> FindSession(store::sql::Connection& c, std::string_view id);
// The user's sessions that are neither revoked nor expired, newest first.
Result<std::vector<Session>> ListActiveSessions(store::sql::Connection& c, std::string_view user_id, std::int64_t now);
// Ends the user's active sessions beyond the `keep` newest ones; their ids (at most 1000 a call).
Result<std::vector<std::string>> RevokeSessionsBeyond(store::sql::Connection& c, std::string_view user_id, int keep,
                                                      std::int64_t now);
// Returns the ids of the sessions it revoked (already revoked ones are left as they are).
Result<std::vector<std::string>> RevokeSessions(store::sql::Connection& c, std::string_view user_id,
                                                std::optional<std::string_view> only_session, std::int64_t now);

Status TouchSession(store::sql::Connection& c, std::string_view session_id, std::int64_t now);

}  // namespace menshen::accounts
