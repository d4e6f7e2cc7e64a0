// HTTP binding of the accounts service under /api/v1: parse, validate, call, render.
#pragma once

#include "accounts/service.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "keys/password_transport_key.hpp"
#include "keys/signing_keys.hpp"

namespace menshen::accounts {

struct AccountsRouteDeps {
  AccountsService& service;
  const AccessTokens& tokens;
  const keys::SigningKeys& keys;
  const keys::PasswordTransportKey& password_key;
  const http::Renderer& renderer;
  std::size_t max_params = 100;
};

void AddAccountsRoutes(http::Router& router, AccountsRouteDeps deps);

// The caller behind `Authorization: Bearer <token>`: auth.login_required without one, token.* when it fails.
Result<Principal> Authenticate(const http::Request& request, const AccessTokens& tokens);

}  // namespace menshen::accounts
