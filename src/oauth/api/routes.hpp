// HTTP binding of the oauth module: the applications admin API under /api/v1/admin/apps, the token,
// introspection, revocation and userinfo endpoints under /oauth, and the discovery documents under
// /.well-known.
#pragma once

#include "accounts/service.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "oauth/apps/app_service.hpp"
#include "oauth/authorize/auth_codes.hpp"
#include "oauth/tokens/token_service.hpp"
#include "oauth/tokens/user_token_service.hpp"

namespace menshen::oauth {

struct AppRouteDeps {
  AppsService& apps;
  const accounts::AccessTokens& tokens;  // who the caller is
  accounts::AccountsService& accounts;   // whether the caller is an administrator now
  const http::Renderer& renderer;
  std::size_t max_params = 100;
};

struct OAuthRouteDeps {
  AppsService& apps;
  TokenService& tokens;
  UserTokenService& user_tokens;
  AuthCodes& codes;  // the authorization_code grant's
  const http::Renderer& renderer;
  std::size_t max_params = 100;
  // The token and introspection endpoints answer from caches and the key-value store: inline only when that
  // store is in this process (http::InlineWhen).
  http::Dispatch token_dispatch = http::Dispatch::kWorker;
};

void AddAppRoutes(http::Router& router, AppRouteDeps deps);
void AddOAuthRoutes(http::Router& router, OAuthRouteDeps deps);

}  // namespace menshen::oauth
