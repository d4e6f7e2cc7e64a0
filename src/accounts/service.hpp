// The accounts rules: registration, sign-in with brute-force protection, refresh-token rotation, sign-out.
// Plain synchronous C++: it knows nothing of HTTP; routes.cpp binds it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "accounts/access_tokens.hpp"
#include "accounts/audit.hpp"
#include "accounts/credential_events.hpp"
#include "accounts/identifiers.hpp"
#include "accounts/model.hpp"
#include "accounts/new_user.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/profile_fields.hpp"
#include "accounts/refresh_family.hpp"
#include "accounts/session_repo.hpp"
#include "accounts/sign_in_throttle.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/hashing_pool.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::accounts {

struct AccountsOptions {
  UsernamePolicy username;
  PasswordPolicy password;
  std::string phone_region = "CN";
  // false: unknown account and wrong password answer one auth.invalid_credentials, with the same timing.
  bool reveal_unknown_user = false;
  ThrottleOptions throttle;                          // sign-in limits per (account, source), per account and per source
  std::chrono::seconds session_ttl{30 * 24 * 3600};  // a refresh token lives as long as its session may
  // A session unused this long ends at its next refresh or page (idle_timeout.hpp); zero: no idle limit.
  std::chrono::seconds session_idle_timeout{0};
  int max_sessions_per_user = 100;  // a sign-in beyond it ends the oldest sessions
  // A password older than this must be changed before the next sign-in; zero: passwords do not age.
  std::chrono::seconds password_max_age{0};
  bool registration_enabled = true;
  int max_registrations_per_ip = 20;  // within registration_window; zero: no limit
  // Across all sources within registration_window (server-wide until user pools exist); zero: no limit.
  int max_registrations_per_window = 1000;
  std::chrono::seconds registration_window{3600};
};

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

class AccountsService {
 public:
  AccountsService(store::sql::Database& db, store::kv::Kv& kv, crypto::HashingPool& hashing, const AccessTokens& tokens,
                  AuditLog& audit, const Clock& clock, Random& random, AccountsOptions options);

  Result<User> Register(const RegisterInput& input, const RequestContext& context);
  Result<TokenPair> Login(std::string_view account, std::string_view password, const RequestContext& context);
  // Signs in with the old password while setting a new one: the way out of password.expired, which refuses
  // every other sign-in until the password is changed.
  Result<TokenPair> ChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                          std::string_view new_password, const RequestContext& context);
  Result<TokenPair> Refresh(std::string_view refresh_token, const RequestContext& context);
  // Proves the password and that the account may sign in, without opening a session: the OAuth password
  // grant (RFC 6749 4.3), whose tokens belong to an OAuth grant. Counts failures and audits like Login.
  Result<User> AuthenticateForGrant(std::string_view account, std::string_view password, std::string_view client_id,
                                    const RequestContext& context);
  // The account states that refuse a sign-in also refuse tokens issued before: locked, disabled, deleted,
  // expired, or a password that must be changed.
  Status CheckCanUseTokens(const User& user) const { return CheckCanSignIn(user); }
  // The hosted sign-in page's sign-in: the rules of Login (lockout, account states, audit), and a session
  // without API tokens, for which a browser cookie stands.
  Result<Session> BrowserLogin(std::string_view account, std::string_view password, const RequestContext& context);
  // ChangeExpiredPassword for the hosted pages: the new password is set and a browser session opened.
  Result<Session> BrowserChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                               std::string_view new_password, const RequestContext& context);
  // The user of a session that is neither ended, expired nor idle past session_idle_timeout and whose account
  // may still sign in. The use counts as activity: the session's last_used_at moves to now.
  Result<std::optional<User>> ActiveSessionUser(std::string_view session_id);
  // Ends the caller's session, or all of the user's sessions.
  Status Logout(const Principal& principal, bool all, const RequestContext& context);

  Result<User> GetUser(std::string_view user_id);
  Result<std::vector<Session>> Sessions(const Principal& principal);
  Status EndSession(const Principal& principal, std::string_view session_id, const RequestContext& context);

  // nickname, avatar, introduction, gender, birthdate; e-mail and phone have their own flows.
  Result<User> UpdateProfile(const Principal& principal, std::span<const FieldUpdate> fields,
                             const RequestContext& context);
  // Needs the old password; ends the user's other sessions.
  Status ChangePassword(const Principal& principal, std::string_view old_password, std::string_view new_password,
                        const RequestContext& context);

  // Replaces the password (policy checked against the user's own data) and ends every session but
  // `keep_session`. `must_change`: the new password is due at once (an administrator's temporary one).
  Status SetPassword(const User& user, std::string_view new_password, std::optional<std::string_view> keep_session,
                     bool must_change = false);
  // Ends every session of the user, and (through the credential listeners) every OAuth grant; their access
  // tokens are refused from now on. `why`: the account was locked, disabled or deleted.
  Status EndAllSessions(std::string_view user_id, CredentialChange why);
  // A listener told of password changes and of accounts locked, disabled or deleted, inside the transaction
  // that makes the change (credential_events.hpp). Added while the server is wired, before it serves.
  void AddCredentialListener(CredentialEvents& listener) { credential_listeners_.push_back(&listener); }
  // Deletes the refresh tokens past kExpiredRefreshTokenRetention; how many. Run in the background.
  Result<std::int64_t> PurgeExpiredRefreshTokens();

 private:
  Result<User> VerifyCredentials(std::string_view account, std::string_view password, const RequestContext& context);
  // VerifyCredentials, then CheckCanSignIn: the user who may sign in now. A refusal is audited here.
  Result<User> AdmitUser(std::string_view account, std::string_view password, const RequestContext& context);
  // Proves the old password of an account that may sign in but for its password's age, and sets the new one
  // (ending every session). The user as it is now.
  Result<User> ReplaceExpiredPassword(std::string_view account, std::string_view old_password,
                                      std::string_view new_password, const RequestContext& context);
  // Account states that refuse a sign-in; password.expired comes last, so that only an account that could
  // otherwise sign in is told to change its password.
  Status CheckCanSignIn(const User& user) const;
  bool PasswordExpired(const User& user) const;
  Status CheckRegistrationAllowed(const RequestContext& context);
  // True when every identifier of `candidate` (two or more) already belongs to one and the same user.
  bool IsExistingUser(const User& candidate);
  static std::vector<std::string_view> PersonalData(const User& user);
  Result<TokenPair> StartSession(const User& user, const RequestContext& context);
  // Inserts a session (and its first refresh token, when given) and ends those beyond the user's limit.
  Result<Session> OpenSession(const User& user, const RequestContext& context,
                              std::optional<std::string_view> refresh_hash);
  // A session without API tokens for the hosted pages' cookie, and its audit event.
  Result<Session> OpenBrowserSession(const User& user, const RequestContext& context, std::string audit_detail);
  std::int64_t Now() const;
  // Tells every credential listener, inside the caller's transaction; what each must do after the commit.
  Result<std::vector<AfterCommit>> AnnounceCredentialChange(store::sql::Connection& c, const CredentialEvent& event,
                                                            std::int64_t now);

  store::sql::Database& db_;
  store::kv::Kv& kv_;
  crypto::HashingPool& hashing_;
  const AccessTokens& tokens_;
  AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  AccountsOptions options_;
  SignInThrottle throttle_;
  RefreshFamily refresh_;   // the sessions' refresh tokens
  std::string dummy_hash_;  // verified against for unknown accounts, so they take as long as known ones
  std::vector<CredentialEvents*> credential_listeners_;
};

// SHA-256 of a refresh token, hex: what the database keeps instead of the token.
std::string HashRefreshToken(std::string_view token);

}  // namespace menshen::accounts
