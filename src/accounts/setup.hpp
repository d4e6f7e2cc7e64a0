// The accounts module put together: its options read from the config, its services built on the shared
// stores, and its routes added. app/ decides only the order in which modules are set up.
#pragma once

#include <cstddef>

#include "accounts/admin/admin_service.hpp"
#include "accounts/service.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "audit/audit_log.hpp"
#include "core/config.hpp"
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

// What the module reads and writes that other modules share.
struct AccountsStores {
  store::sql::Database& db;
  store::kv::Kv& kv;
  const keys::SigningKeys& keys;
  const keys::PasswordTransportKey& password_key;
  crypto::HashingPool& hashing;
  audit::AuditLog& audit;
  const Clock& clock;
  Random& random;
};

class AccountsModule {
 public:
  AccountsModule(const Config& config, AccountsStores stores);
  AccountsModule(const AccountsModule&) = delete;
  AccountsModule& operator=(const AccountsModule&) = delete;

  // /api/v1 (registration, sign-in, the caller's own account) and /api/v1/admin (users, audit).
  void AddRoutes(http::Router& router, const http::Renderer& renderer);

  AccountsService& Service() { return service_; }
  const AccessTokens& Tokens() const { return tokens_; }

 private:
  AccountsStores stores_;
  std::size_t max_params_;
  AccessTokens tokens_;
  AccountsService service_;
  AdminService admin_;
};

}  // namespace menshen::accounts
