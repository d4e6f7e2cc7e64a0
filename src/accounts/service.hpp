// The accounts rules: registration, sign-in with brute-force protection, refresh-token rotation, sign-out.
// Plain synchronous C++: it knows nothing of HTTP; routes.cpp binds it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "accounts/access_tokens.hpp"
#include "accounts/audit.hpp"
#include "accounts/identifiers.hpp"
#include "accounts/model.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/profile_fields.hpp"
#include "accounts/session_repo.hpp"
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
  int max_failures = 5;  // per account, then a temporary lock
  std::chrono::seconds lock_duration{15 * 60};
  int max_ip_failures = 100;  // per client IP within ip_window
  std::chrono::seconds ip_window{15 * 60};
  std::chrono::seconds session_ttl{30 * 24 * 3600};  // a refresh token lives as long as its session may
};

struct RegisterInput {
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> password;
  std::optional<std::string> nickname;
};

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
  Result<TokenPair> Refresh(std::string_view refresh_token, const RequestContext& context);
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

 private:
  Result<User> VerifyCredentials(std::string_view account, std::string_view password, const RequestContext& context);
  Status CheckCanSignIn(const User& user) const;
  Result<TokenPair> StartSession(const User& user, const RequestContext& context);
  std::int64_t Now() const;

  store::sql::Database& db_;
  store::kv::Kv& kv_;
  crypto::HashingPool& hashing_;
  const AccessTokens& tokens_;
  AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  AccountsOptions options_;
  std::string dummy_hash_;  // verified against for unknown accounts, so they take as long as known ones
};

// SHA-256 of a refresh token, hex: what the database keeps instead of the token.
std::string HashRefreshToken(std::string_view token);

}  // namespace menshen::accounts
