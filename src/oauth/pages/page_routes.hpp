// HTTP binding of the hosted pages: /oauth/authorize (GET and POST), the sign-in and consent forms it shows,
// RP-initiated logout (/oauth/logout) and the pages' stylesheet.
#pragma once

#include "core/random.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "oauth/apps/app_service.hpp"
#include "oauth/authorize/browser_sessions.hpp"
#include "oauth/authorize/consents.hpp"
#include "oauth/authorize/flow/sign_in_flow.hpp"
#include "oauth/authorize/interactions.hpp"
#include "oauth/pages/cookies.hpp"
#include "oauth/pages/pages.hpp"
#include "oauth/tokens/user_tokens.hpp"

namespace menshen::oauth {

struct PageRouteDeps {
  AppsService& apps;
  UserTokens& user_tokens;  // a logout ends the grants of its sign-in
  SignInFlow& flow;         // the authorization request's steps
  BrowserSessions& sessions;
  Consents& consents;
  Interactions& interactions;
  const Pages& pages;
  const Cookies& cookies;
  const keys::SigningKeys& keys;
  const http::Renderer& renderer;
  const Clock& clock;
  Random& random;
  std::size_t max_params = 100;
};

void AddAuthorizeRoutes(http::Router& router, PageRouteDeps deps);
void AddLogoutRoutes(http::Router& router, PageRouteDeps deps);

}  // namespace menshen::oauth
