// The accounts module put together: its options read from the config, its services built on the shared
// stores, and its routes added. app/ decides only the order in which modules are set up.
#pragma once

#include <cstddef>

#include "accounts/admin/admin_service.hpp"
#include "accounts/options.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "accounts/sessions/session_service.hpp"
#include "accounts/signin/sign_in_service.hpp"
#include "accounts/users/credentials.hpp"
#include "accounts/users/registration.hpp"
#include "accounts/users/user_service.hpp"
#include "audit/audit_log.hpp"
#include "core/config/config.hpp"
#include "crypto/hashing_pool.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "keys/password_transport_key.hpp"
#include "keys/signing_keys.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::accounts {

AccountsOptions OptionsFrom(const Config& config);
NewUserRules NewUserRulesFrom(const Config& config);
AccessTokenOptions AccessTokenOptionsFrom(const Config& config);

class AccountsModule {
 public:
  AccountsModule(const Config& config, AccountsStores stores, const keys::SigningKeys& keys,
                 const keys::PasswordTransportKey& password_key);
  AccountsModule(const AccountsModule&) = delete;
  AccountsModule& operator=(const AccountsModule&) = delete;

  // /api/v1 (registration, sign-in, the caller's own account) and /api/v1/admin (users, audit).
  void AddRoutes(http::Router& router, const http::Renderer& renderer);

  const AccessTokens& Tokens() const { return tokens_; }
  Credentials& AccountCredentials() { return credentials_; }
  UserService& Users() { return users_; }
  SessionService& Sessions() { return sessions_; }
  SignInService& SignIn() { return sign_in_; }

 private:
  const keys::SigningKeys& keys_;
  const keys::PasswordTransportKey& password_key_;
  std::size_t max_params_;
  AccountsOptions options_;  // the services below keep a reference
  AccessTokens tokens_;
  Credentials credentials_;
  UserService users_;
  SessionService sessions_;
  SignInService sign_in_;
  RegistrationService registration_;
  AdminService admin_;
};

}  // namespace menshen::accounts
