#include "oauth/setup.hpp"

#include <chrono>

#include "oauth/api/routes.hpp"
#include "oauth/pages/page_routes.hpp"

namespace menshen::oauth {
namespace {

// The path of an https://host/path issuer ("" for none): the prefix of the hosted pages' links.
std::string IssuerPath(const std::string& issuer) {
  const auto scheme = issuer.find("://");
  const auto slash = scheme == std::string::npos ? std::string::npos : issuer.find('/', scheme + 3);
  std::string path = slash == std::string::npos ? std::string{} : issuer.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

AppsOptions AppsOptionsFrom(const Config& config) {
  return AppsOptions{.password_grant_enabled = config.oauth.password_grant_enabled};
}

TokenOptions TokenOptionsFrom(const Config& config, std::string issuer) {
  return TokenOptions{.issuer = std::move(issuer), .password_grant_enabled = config.oauth.password_grant_enabled};
}

UserTokenOptions UserTokenOptionsFrom(const Config& config, std::string issuer) {
  return UserTokenOptions{.issuer = std::move(issuer),
                          .refresh_idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(
                              config.oauth.refresh_token_idle_timeout)};
}

OAuthModule::OAuthModule(const Config& config, OAuthStores stores, accounts::AccountsModule& accounts,
                         std::string issuer)
    : stores_(stores),
      accounts_(accounts),
      max_params_(static_cast<std::size_t>(config.server.max_params)),
      apps_(stores.db, stores.kv, stores.audit, stores.clock, stores.random, AppsOptionsFrom(config)),
      tokens_(apps_, stores.keys, stores.kv, stores.clock, stores.random, TokenOptionsFrom(config, issuer)),
      user_tokens_(stores.db, stores.kv, stores.keys, tokens_, accounts.SignIn(), stores.audit, stores.clock,
                   stores.random, UserTokenOptionsFrom(config, issuer)),
      grants_end_(stores.kv, stores.clock),
      codes_(stores.kv, stores.random),
      browser_sessions_(stores.db, accounts.Sessions(), stores.clock, stores.random),
      consents_(stores.db, stores.clock),
      interactions_(stores.kv, stores.random),
      flow_ports_({.apps = apps_,
                   .sign_in = accounts.SignIn(),
                   .users = accounts.Users(),
                   .sessions = browser_sessions_,
                   .consents = consents_,
                   .codes = codes_,
                   .interactions = interactions_,
                   .keys = stores.keys,
                   .clock = stores.clock,
                   .issuer = issuer}),
      sign_in_flow_(flow_ports_, stores.clock, issuer),
      pages_(IssuerPath(issuer)),
      // Secure and __Host- cookies when the issuer is https (TLS ends at a proxy in front, or in this server).
      cookies_(issuer.starts_with("https://")) {
  // A password change or reset, and an account locked, disabled or deleted, end the user's OAuth grants too.
  accounts.AccountCredentials().AddListener(grants_end_);
}

void OAuthModule::AddRoutes(http::Router& router, const http::Renderer& renderer) {
  AddAppRoutes(router, AppRouteDeps{.apps = apps_,
                                    .tokens = accounts_.Tokens(),
                                    .users = accounts_.Users(),
                                    .renderer = renderer,
                                    .max_params = max_params_});
  AddOAuthRoutes(router, OAuthRouteDeps{.apps = apps_,
                                        .tokens = tokens_,
                                        .user_tokens = user_tokens_,
                                        .codes = codes_,
                                        .renderer = renderer,
                                        .max_params = max_params_,
                                        .token_dispatch = http::InlineWhen(stores_.kv.InProcess())});
  const PageRouteDeps page_deps{.apps = apps_,
                                .user_tokens = user_tokens_,
                                .flow = sign_in_flow_,
                                .sessions = browser_sessions_,
                                .consents = consents_,
                                .interactions = interactions_,
                                .pages = pages_,
                                .cookies = cookies_,
                                .keys = stores_.keys,
                                .renderer = renderer,
                                .clock = stores_.clock,
                                .random = stores_.random,
                                .max_params = max_params_};
  AddAuthorizeRoutes(router, page_deps);
  AddLogoutRoutes(router, page_deps);
}

}  // namespace menshen::oauth
