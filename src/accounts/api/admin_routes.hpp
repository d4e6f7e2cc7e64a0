// HTTP binding of the administration of accounts under /api/v1/admin.
#pragma once

#include "accounts/admin/admin_service.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "http/render.hpp"
#include "http/router.hpp"

namespace menshen::accounts {

struct AdminRouteDeps {
  AdminService& service;
  const AccessTokens& tokens;
  const http::Renderer& renderer;
  std::size_t max_params = 100;
};

void AddAdminRoutes(http::Router& router, AdminRouteDeps deps);

}  // namespace menshen::accounts
