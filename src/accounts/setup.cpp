#include "accounts/setup.hpp"

#include <chrono>

#include "accounts/api/admin_routes.hpp"
#include "accounts/api/routes.hpp"
#include "accounts/identity/rules_config.hpp"

namespace menshen::accounts {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

ThrottleOptions ThrottleOptionsFrom(const LoginConfig& login) {
  return ThrottleOptions{.max_failures = login.max_failures,
                         .lock_duration = duration_cast<seconds>(login.lock_duration),
                         .max_lock_duration = duration_cast<seconds>(login.max_lock_duration),
                         .max_account_failures = login.max_account_failures,
                         .familiar_ttl = duration_cast<seconds>(login.familiar_source_ttl),
                         .max_ip_failures = login.max_ip_failures,
                         .ip_window = duration_cast<seconds>(login.ip_window)};
}

}  // namespace

AccountsOptions OptionsFrom(const Config& config) {
  const auto& accounts = config.accounts;
  const auto& login = config.login;
  return AccountsOptions{.username = UsernamePolicyFrom(accounts),
                         .password = PasswordPolicyFrom(accounts),
                         .phone_region = accounts.phone_default_region,
                         .reveal_unknown_user = login.reveal_unknown_user,
                         .throttle = ThrottleOptionsFrom(login),
                         .session_ttl = duration_cast<seconds>(login.session_ttl),
                         .session_idle_timeout = duration_cast<seconds>(login.session_idle_timeout),
                         .max_sessions_per_user = login.max_sessions_per_user,
                         .password_max_age = duration_cast<seconds>(accounts.password_max_age),
                         .registration_enabled = accounts.registration_enabled,
                         .max_registrations_per_ip = accounts.max_registrations_per_ip,
                         .max_registrations_per_window = accounts.max_registrations_per_window,
                         .registration_window = duration_cast<seconds>(accounts.registration_window)};
}

NewUserRules NewUserRulesFrom(const Config& config) {
  return NewUserRules{.username = UsernamePolicyFrom(config.accounts),
                      .password = PasswordPolicyFrom(config.accounts),
                      .phone_region = config.accounts.phone_default_region};
}

AccessTokenOptions AccessTokenOptionsFrom(const Config& config) {
  return AccessTokenOptions{.ttl = duration_cast<seconds>(config.login.access_token_ttl)};
}

AccountsModule::AccountsModule(const Config& config, AccountsStores stores)
    : stores_(stores),
      max_params_(static_cast<std::size_t>(config.server.max_params)),
      tokens_(stores.keys, stores.kv, stores.clock, stores.random, AccessTokenOptionsFrom(config)),
      service_(stores.db, stores.kv, stores.hashing, tokens_, stores.audit, stores.clock, stores.random,
               OptionsFrom(config)),
      admin_(stores.db, stores.kv, service_, stores.hashing, stores.audit, stores.clock, stores.random,
             NewUserRulesFrom(config)) {}

void AccountsModule::AddRoutes(http::Router& router, const http::Renderer& renderer) {
  AddAccountsRoutes(router, AccountsRouteDeps{.service = service_,
                                              .tokens = tokens_,
                                              .keys = stores_.keys,
                                              .password_key = stores_.password_key,
                                              .renderer = renderer,
                                              .max_params = max_params_});
  AddAdminRoutes(router,
                 AdminRouteDeps{.service = admin_, .tokens = tokens_, .renderer = renderer, .max_params = max_params_});
}

}  // namespace menshen::accounts
