// Sign-in with a password: the throttle and lock-out, the account states that refuse it, the way out of an
// expired password, and the session (API tokens or a browser cookie) it opens.
#pragma once

#include <string>
#include <string_view>

#include "accounts/options.hpp"
#include "accounts/sessions/session_service.hpp"
#include "accounts/signin/sign_in_throttle.hpp"
#include "accounts/users/credentials.hpp"
#include "accounts/users/user_service.hpp"

namespace menshen::accounts {

class SignInService {
 public:
  SignInService(const AccountsStores& stores, const AccountsOptions& options, SessionService& sessions,
                Credentials& credentials, UserService& users);

  Result<TokenPair> Login(std::string_view account, std::string_view password, const audit::RequestContext& context);
  // Signs in with the old password while setting a new one: the way out of password.expired, which refuses
  // every other sign-in until the password is changed.
  Result<TokenPair> ChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                          std::string_view new_password, const audit::RequestContext& context);
  // Proves the password and that the account may sign in, without opening a session: the OAuth password
  // grant (RFC 6749 4.3), whose tokens belong to an OAuth grant. Counts failures and audits like Login.
  Result<User> AuthenticateForGrant(std::string_view account, std::string_view password, std::string_view client_id,
                                    const audit::RequestContext& context);
  // The account states that refuse a sign-in also refuse tokens issued before: locked, disabled, deleted,
  // expired, or a password that must be changed.
  Status CheckCanUseTokens(const User& user) const;
  // The hosted sign-in page's sign-in: the rules of Login (lockout, account states, audit), and a session
  // without API tokens, for which a browser cookie stands.
  Result<Session> BrowserLogin(std::string_view account, std::string_view password,
                               const audit::RequestContext& context);
  // ChangeExpiredPassword for the hosted pages: the new password is set and a browser session opened.
  Result<Session> BrowserChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                               std::string_view new_password, const audit::RequestContext& context);

 private:
  Result<User> VerifyCredentials(std::string_view account, std::string_view password,
                                 const audit::RequestContext& context);
  // VerifyCredentials, then CheckCanSignIn: the user who may sign in now. A refusal is audited here.
  Result<User> AdmitUser(std::string_view account, std::string_view password, const audit::RequestContext& context);
  // Proves the old password of an account that may sign in but for its password's age, and sets the new one
  // (ending every session). The user as it is now.
  Result<User> ReplaceExpiredPassword(std::string_view account, std::string_view old_password,
                                      std::string_view new_password, const audit::RequestContext& context);
  std::int64_t Now() const { return clock_.UnixSeconds(); }

  store::sql::Database& db_;
  crypto::HashingPool& hashing_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  const AccountsOptions& options_;
  SessionService& sessions_;
  Credentials& credentials_;
  UserService& users_;
  SignInThrottle throttle_;
  std::string dummy_hash_;  // verified against for unknown accounts, so they take as long as known ones
};

}  // namespace menshen::accounts
