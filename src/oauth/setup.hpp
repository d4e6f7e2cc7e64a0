// The OAuth module put together: its options read from the config, its services built on the shared stores
// and on the accounts module, and its routes (JSON endpoints and hosted pages) added.
#pragma once

#include <cstddef>
#include <string>

#include "accounts/setup.hpp"
#include "audit/audit_log.hpp"
#include "core/config/config.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/apps/app_service.hpp"
#include "oauth/authorize/auth_codes.hpp"
#include "oauth/authorize/browser_sessions.hpp"
#include "oauth/authorize/consents.hpp"
#include "oauth/authorize/flow/flow_ports.hpp"
#include "oauth/authorize/flow/sign_in_flow.hpp"
#include "oauth/authorize/interactions.hpp"
#include "oauth/pages/cookies.hpp"
#include "oauth/pages/pages.hpp"
#include "oauth/tokens/credential_grants.hpp"
#include "oauth/tokens/token_service.hpp"
#include "oauth/tokens/user_token_service.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {

AppsOptions AppsOptionsFrom(const Config& config);
TokenOptions TokenOptionsFrom(const Config& config, std::string issuer);
UserTokenOptions UserTokenOptionsFrom(const Config& config, std::string issuer);

// What the module reads and writes that other modules share.
struct OAuthStores {
  store::sql::Database& db;
  store::kv::Kv& kv;
  const keys::SigningKeys& keys;
  audit::AuditLog& audit;
  const Clock& clock;
  Random& random;
};

class OAuthModule {
 public:
  // `issuer`: the configured oauth.issuer, or the address the server listens on when none is configured.
  OAuthModule(const Config& config, OAuthStores stores, accounts::AccountsModule& accounts, std::string issuer);
  OAuthModule(const OAuthModule&) = delete;
  OAuthModule& operator=(const OAuthModule&) = delete;

  // /api/v1/admin/apps, the /oauth endpoints, discovery, and the hosted pages.
  void AddRoutes(http::Router& router, const http::Renderer& renderer);

  UserTokenService& UserTokens() { return user_tokens_; }

 private:
  OAuthStores stores_;
  accounts::AccountsModule& accounts_;
  std::size_t max_params_;
  AppsService apps_;
  TokenService tokens_;
  UserTokenService user_tokens_;
  GrantsEndWithCredentials grants_end_;
  AuthCodes codes_;
  BrowserSessions browser_sessions_;
  Consents consents_;
  Interactions interactions_;
  StoredFlowPorts flow_ports_;
  SignInFlow sign_in_flow_;
  Pages pages_;
  Cookies cookies_;
};

}  // namespace menshen::oauth
