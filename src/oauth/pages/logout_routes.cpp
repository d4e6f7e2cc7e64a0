// OpenID Connect RP-Initiated Logout 1.0 at /oauth/logout: the request is checked (a post_logout_redirect_uri
// must be registered for the client, exactly; otherwise an error page, never a redirect), then the user
// confirms on a page whose form carries a CSRF token, and only that post ends the sign-in.
#include <fmt/core.h>

#include <algorithm>

#include "oauth/authorize/redirect_uri.hpp"
#include "oauth/pages/page_helpers.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

class LogoutHandlers {
 public:
  explicit LogoutHandlers(PageRouteDeps deps) : d_(deps) {}

  http::Response Start(http::Request& request) {
    auto parameters = RequestParameters(request, d_.max_params);
    if (!parameters) return ErrorPage(d_, request, request.locale, parameters.error());
    const http::Fields& params = *parameters;
    const auto locale = Pages::LocaleFor(request, FormValue(params, "ui_locales", kMaxUiLocalesBytes));
    auto checked = Check(params);
    if (!checked) return ErrorPage(d_, request, locale, checked.error());
    checked->locale = locale;
    json state = {{"client_id", checked->client_id},
                  {"post_logout_redirect_uri", checked->redirect_uri ? json(*checked->redirect_uri) : json()},
                  {"state", checked->state ? json(*checked->state) : json()},
                  {"locale", locale == catalog::Locale::kEn ? "en" : "zh-CN"}};
    auto id = d_.interactions.Save("logout", state);
    if (!id) return ErrorPage(d_, request, locale, id.error());
    const auto key = BrowserCsrfKey(d_, request);
    json view = {{"interaction", *id},
                 {"csrf", CsrfToken(key.value, *id)},
                 {"client_name", checked->client_name.empty() ? json(false) : json(checked->client_name)}};
    std::vector<std::string> targets;
    if (checked->redirect_uri) targets.push_back(*checked->redirect_uri);
    auto response = d_.pages.Render("logout", locale, std::move(view), targets);
    SetCsrfCookie(d_, key, response);
    return response;
  }

  http::Response Confirm(http::Request& request) {
    auto form = PageForm(request, d_.max_params);
    if (!form) return ErrorPage(d_, request, request.locale, form.error());
    auto step = PostedStep(d_, request, *form, "logout");
    if (!step) return ErrorPage(d_, request, request.locale, step.error());
    const auto locale = catalog::ParseLocale(step->value("locale", "")).value_or(request.locale);
    auto finished = d_.interactions.Finish("logout", step->at("id").get<std::string>());
    if (!finished) return ErrorPage(d_, request, locale, finished.error());
    if (!*finished)
      return ErrorPage(d_, request, locale, Error{ErrorId::kTokenExpired, {}, "logout already confirmed"});
    const bool sign_out = FormValue(*form, "decision", 16).value_or("") == "logout";
    std::vector<std::string> cookies;
    if (sign_out) {
      auto session = CurrentSession(d_, request);
      if (!session) return ErrorPage(d_, request, locale, session.error());
      if (*session) {
        if (auto ended = d_.sessions.End(**session, ContextOf(request)); !ended) {
          return ErrorPage(d_, request, locale, ended.error());
        }
        // The apps' tokens of this sign-in end with it (their `sid` is this session).
        if (auto revoked = d_.user_tokens.RevokeSessionGrants((*session)->user.id, (*session)->session_id); !revoked) {
          return ErrorPage(d_, request, locale, revoked.error());
        }
      }
      cookies.push_back(d_.cookies.Clear(d_.cookies.Names().session));
    }
    http::Response response;
    if (const auto& uri = (*step)["post_logout_redirect_uri"]; uri.is_string()) {
      std::vector<std::pair<std::string, std::string>> params;
      if (const auto& state = (*step)["state"]; state.is_string())
        params.emplace_back("state", state.get<std::string>());
      response = SeeOther(WithQuery(uri.get<std::string>(), params));
    } else {
      response = sign_out ? d_.pages.Message(locale, "signed_out_heading", "signed_out_text")
                          : d_.pages.Message(locale, "logout_heading", "stayed_text");
    }
    for (auto& cookie : cookies) response.headers.emplace_back("Set-Cookie", std::move(cookie));
    return response;
  }

 private:
  struct Checked {
    std::string client_id;
    std::string client_name;
    std::optional<std::string> redirect_uri;
    std::optional<std::string> state;
    catalog::Locale locale = catalog::Locale::kZhCn;
  };

  Result<Checked> Check(const http::Fields& params) {
    for (const auto* name : {"id_token_hint", "client_id", "post_logout_redirect_uri", "state", "logout_hint"}) {
      if (std::ranges::count_if(params, [&](const auto& p) { return p.first == name; }) > 1) {
        return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("{} is repeated", name));
      }
    }
    Checked out;
    auto value = [&](std::string_view name, std::size_t max) -> Result<std::optional<std::string>> {
      for (const auto& [key, v] : params) {
        if (key != name || v.empty()) continue;
        if (v.size() > max) return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("{} is too long", name));
        return v;
      }
      return std::nullopt;
    };
    auto hint = value("id_token_hint", kMaxIdTokenHintBytes);
    auto client_id = value("client_id", 64);
    auto redirect = value("post_logout_redirect_uri", 2048);
    auto state = value("state", kMaxStateBytes);
    for (const auto* r : {&hint, &client_id, &redirect, &state}) {
      if (!*r) return std::unexpected(r->error());
    }
    out.state = *state;
    if (*client_id) out.client_id = **client_id;
    if (*hint) {
      auto claims = VerifyIdTokenHint(d_.keys, d_.clock, d_.flow.Issuer(), **hint);
      if (!claims) return std::unexpected(claims.error());
      if (claims->aud.empty()) return Fail(ErrorId::kOauth2InvalidRequest, "id_token_hint names no client");
      if (!out.client_id.empty() && std::ranges::find(claims->aud, out.client_id) == claims->aud.end()) {
        return Fail(ErrorId::kOauth2InvalidRequest, "client_id differs from the id_token_hint's audience");
      }
      if (out.client_id.empty()) out.client_id = claims->aud.front();
    }
    if (!out.client_id.empty()) {
      auto app = d_.apps.Find(out.client_id);
      if (!app) return std::unexpected(app.error());
      if (!*app) return Fail(ErrorId::kAppNotFound, "no such client");
      out.client_name = (*app)->name;
      if (*redirect) {
        const auto& registered = (*app)->post_logout_redirect_uris;
        if (std::ranges::find(registered, **redirect) == registered.end()) {
          return Fail(ErrorId::kOauth2RedirectUriMismatch, "post_logout_redirect_uri is not registered");
        }
        out.redirect_uri = **redirect;
      }
    } else if (*redirect) {
      // Without a client there is nothing to check the URI against (RP-Initiated Logout 1.0 section 3).
      return Fail(ErrorId::kOauth2RedirectUriMismatch, "post_logout_redirect_uri needs client_id or id_token_hint");
    }
    return out;
  }

  PageRouteDeps d_;
};

}  // namespace

void AddLogoutRoutes(http::Router& router, PageRouteDeps deps) {
  auto handlers = std::make_shared<LogoutHandlers>(deps);
  for (const auto method : {http::Method::kGet, http::Method::kPost}) {
    router.Add(method, "/oauth/logout", [handlers](http::Request& request) { return handlers->Start(request); });
  }
  router.Add(http::Method::kPost, "/oauth/logout/confirm",
             [handlers](http::Request& request) { return handlers->Confirm(request); });
}

}  // namespace menshen::oauth
