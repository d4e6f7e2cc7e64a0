// Sessions of menshen's own API and of the hosted pages' browser cookie: opened at sign-in, kept alive by
// refresh-token rotation (a rotated token presented again ends the family), ended by sign-out, by the
// user's limit on sessions, and by the idle limit.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/options.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "accounts/sessions/principal.hpp"
#include "accounts/sessions/refresh_family.hpp"
#include "accounts/sessions/refresh_token_table.hpp"
#include "accounts/sessions/session_repo.hpp"
#include "accounts/users/model.hpp"
#include "accounts/users/user_service.hpp"

namespace menshen::accounts {

// Expired refresh tokens are kept a day longer, so that a rotated one replayed just after its expiry still ends
// its family; then the purge deletes them, a batch per write transaction. OAuth's refresh tokens follow suit.
inline constexpr std::chrono::seconds kExpiredRefreshTokenRetention{24 * 3600};
inline constexpr int kRefreshTokenPurgeBatch = 500;

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in = 0;
  std::string session_id;
  User user;
};

// SHA-256 of a refresh token, hex: what the database keeps instead of the token.
std::string HashRefreshToken(std::string_view token);

class SessionService {
 public:
  SessionService(const AccountsStores& stores, const AccessTokens& tokens, const AccountsOptions& options,
                 UserService& users)
      : db_(stores.db),
        tokens_(tokens),
        audit_(stores.audit),
        clock_(stores.clock),
        random_(stores.random),
        options_(options),
        users_(users),
        refresh_(kSessionRefreshTables, stores.audit) {}

  // A session with its first refresh token and an access token, for a user already admitted.
  Result<TokenPair> StartSession(const User& user, const audit::RequestContext& context);
  // A session without API tokens for the hosted pages' cookie, and its audit event.
  Result<Session> OpenBrowserSession(const User& user, const audit::RequestContext& context, std::string audit_detail);
  Result<TokenPair> Refresh(std::string_view refresh_token, const audit::RequestContext& context);
  // The user of a session that is neither ended, expired nor idle past session_idle_timeout and whose account
  // may still sign in. The use counts as activity: the session's last_used_at moves to now.
  Result<std::optional<User>> ActiveSessionUser(std::string_view session_id);
  // Ends the caller's session, or all of the user's sessions.
  Status Logout(const Principal& principal, bool all, const audit::RequestContext& context);
  Result<std::vector<Session>> Sessions(const Principal& principal);
  Status EndSession(const Principal& principal, std::string_view session_id, const audit::RequestContext& context);
  // Deletes the refresh tokens past kExpiredRefreshTokenRetention; how many. Run in the background.
  Result<std::int64_t> PurgeExpiredRefreshTokens();

 private:
  // Inserts a session (and its first refresh token, when given) and ends those beyond the user's limit.
  Result<Session> OpenSession(const User& user, const audit::RequestContext& context,
                              std::optional<std::string_view> refresh_hash);
  std::int64_t Now() const { return clock_.UnixSeconds(); }

  store::sql::Database& db_;
  const AccessTokens& tokens_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  const AccountsOptions& options_;
  UserService& users_;
  RefreshFamily refresh_;  // the sessions' refresh tokens
};

}  // namespace menshen::accounts
