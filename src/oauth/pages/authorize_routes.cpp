// /oauth/authorize (RFC 6749 4.1, OpenID Connect Core 3.1.2) and the forms it may show: sign-in
// (/oauth/login), a password change when the password has expired (/oauth/password) and consent
// (/oauth/consent). Each handler parses its request into an event of the sign-in flow (sign_in_flow.hpp)
// and renders the flow's answer. A bad client or redirect URI gets an error page; once the redirect URI is
// known, every other outcome is a 303 to it.
#include <spdlog/spdlog.h>

#include "oauth/authorize/flow/sign_in_flow.hpp"
#include "oauth/pages/page_helpers.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

template <class... Cases>
struct Overloaded : Cases... {
  using Cases::operator()...;
};

std::string LocaleTag(catalog::Locale locale) { return locale == catalog::Locale::kEn ? "en" : "zh-CN"; }

std::vector<json> ScopeLines(const Pages& pages, catalog::Locale locale, const std::vector<std::string>& scopes) {
  std::vector<json> out;
  for (const auto& scope : scopes) {
    const auto key = "scope_" + scope;
    auto text = pages.Text(locale, key);
    out.push_back(json{{"text", text == key ? scope : text}});
  }
  return out;
}

class AuthorizeHandlers {
 public:
  explicit AuthorizeHandlers(PageRouteDeps deps) : d_(deps) {}

  http::Response Authorize(http::Request& request) {
    auto parameters = RequestParameters(request, d_.max_params);
    if (!parameters) return ErrorPage(d_, request, request.locale, parameters.error());
    const http::Fields& params = *parameters;
    const auto locale = Pages::LocaleFor(request, FormValue(params, "ui_locales", kMaxUiLocalesBytes));
    auto client_id = ClientIdOf(params);
    if (!client_id) return ErrorPage(d_, request, locale, client_id.error());
    auto app = d_.apps.Find(*client_id);
    if (!app) return ErrorPage(d_, request, locale, app.error());
    if (!*app) return ErrorPage(d_, request, locale, Error{ErrorId::kAppNotFound, "no such client", {}});
    auto target = CheckRedirect(**app, params);
    if (!target) return ErrorPage(d_, request, locale, target.error());
    auto checked = ParseAuthorizeRequest(**app, *target, params);
    if (!checked) return ErrorRedirect(d_, request, *target, checked.error());
    FlowState state{.request = std::move(*checked), .app = std::move(**app), .locale = LocaleTag(locale)};
    return Render(request, state, Arrived{});
  }

  http::Response Login(http::Request& request) {
    return OnForm(request, [](const http::Fields& form) -> FlowEvent {
      return SignInSubmitted{.account = FormValue(form, "account", 256).value_or(""),
                             .password = FormValue(form, "password", 4096).value_or("")};
    });
  }

  // The password page's form: the expired password once more and the new one twice.
  http::Response ChangePassword(http::Request& request) {
    return OnForm(request, [](const http::Fields& form) -> FlowEvent {
      return PasswordChangeSubmitted{.old_password = FormValue(form, "old_password", 4096).value_or(""),
                                     .new_password = FormValue(form, "new_password", 4096).value_or(""),
                                     .confirmation = FormValue(form, "confirm_password", 4096).value_or("")};
    });
  }

  http::Response Consent(http::Request& request) {
    return OnForm(request, [](const http::Fields& form) -> FlowEvent {
      const auto decision = FormValue(form, "decision", 16).value_or("");
      return ConsentSubmitted{decision == "allow"  ? ConsentDecision::kAllow
                              : decision == "deny" ? ConsentDecision::kDeny
                                                   : ConsentDecision::kNone};
    });
  }

 private:
  // A form of the flow: the step it belongs to, then its event.
  template <class ToEvent>
  http::Response OnForm(const http::Request& request, ToEvent to_event) {
    auto form = PageForm(request, d_.max_params);
    if (!form) return ErrorPage(d_, request, request.locale, form.error());
    auto step = PostedStep(d_, request, *form, "authorize");
    if (!step) return ErrorPage(d_, request, request.locale, step.error());
    auto state = d_.flow.Resume(*step);
    if (!state) return ErrorPage(d_, request, request.locale, state.error());
    return Render(request, *state, to_event(*form));
  }

  http::Response Render(const http::Request& request, FlowState& state, const FlowEvent& event) {
    auto answer =
        d_.flow.Next(state, event, Browser{Cookies::Read(request, d_.cookies.Names().session), ContextOf(request)});
    const auto locale = catalog::ParseLocale(state.locale).value_or(request.locale);
    // One case per kind of step, so that a new kind does not compile until it is rendered.
    auto response =
        std::visit(Overloaded{[&](const ShowPage& page) { return PageFor(request, state, locale, page); },
                              [](RedirectWithCode& code) { return SeeOther(std::move(code.location)); },
                              [&](const RedirectWithError& redirect) {
                                return ErrorRedirect(d_, request, redirect.target, redirect.error);
                              },
                              [&](const ShowErrorPage& page) { return ErrorPage(d_, request, locale, page.error); }},
                   answer.step);
    if (answer.new_session_secret) {
      response.headers.emplace_back("Set-Cookie",
                                    d_.cookies.Set(d_.cookies.Names().session, *answer.new_session_secret, false));
    }
    return response;
  }

  http::Response PageFor(const http::Request& request, const FlowState& state, catalog::Locale locale,
                         const ShowPage& page) {
    const auto key = BrowserCsrfKey(d_, request);
    json view = {{"interaction", page.interaction}, {"csrf", CsrfToken(key.value, page.interaction)}};
    std::string_view name;
    switch (page.page) {
      case Page::kSignIn:
        name = "login";
        view.update({{"account", page.account}, {"client_name", state.app.name}});
        break;
      case Page::kPasswordChange:
        name = "password";
        view["account"] = page.account;
        break;
      case Page::kConsent:
        name = "consent";
        view.update({{"client_name", state.app.name},
                     {"user_name", page.user_name},
                     {"scopes", ScopeLines(d_.pages, locale, state.request.scopes)}});
        break;
    }
    if (page.page != Page::kConsent) {
      view["error"] = page.error ? json(FormErrorText(request, locale, *page.error)) : json(false);
    }
    auto response = d_.pages.Render(name, locale, std::move(view), {state.request.redirect_uri});
    SetCsrfCookie(d_, key, response);
    return response;
  }

  // What a form shows for a failure: the catalog message in the page's locale, and what a password policy
  // asks for, which the user needs to pick a better one.
  std::string FormErrorText(const http::Request& request, catalog::Locale locale, const Error& error) const {
    if (d_.renderer.Catalog().Entry(error.id).status >= 500) {
      spdlog::warn("hosted sign-in failed: {} (request {})", error.internal_detail, request.request_id);
    }
    std::string text(d_.renderer.Catalog().Render(error.id, locale).message);
    if (error.id == ErrorId::kPasswordPolicyViolation && !error.public_detail.empty()) {
      text.append(locale == catalog::Locale::kEn ? ": " : "：").append(error.public_detail);
    }
    return text;
  }

  PageRouteDeps d_;
};

}  // namespace

void AddAuthorizeRoutes(http::Router& router, PageRouteDeps deps) {
  auto handlers = std::make_shared<AuthorizeHandlers>(deps);
  for (const auto method : {http::Method::kGet, http::Method::kPost}) {
    router.Add(method, "/oauth/authorize", [handlers](http::Request& request) { return handlers->Authorize(request); });
  }
  router.Add(http::Method::kPost, "/oauth/login",
             [handlers](http::Request& request) { return handlers->Login(request); });
  router.Add(http::Method::kPost, "/oauth/password",
             [handlers](http::Request& request) { return handlers->ChangePassword(request); });
  router.Add(http::Method::kPost, "/oauth/consent",
             [handlers](http::Request& request) { return handlers->Consent(request); });
  const auto& pages = deps.pages;
  router.Add(
      http::Method::kGet, "/oauth/static/menshen.css",
      [&pages](http::Request&) {
        http::Response response;
        response.content_type = "text/css; charset=utf-8";
        response.body = pages.Stylesheet();
        response.headers.emplace_back("Cache-Control", "public, max-age=3600");
        response.headers.emplace_back("X-Content-Type-Options", "nosniff");
        return response;
      },
      http::Dispatch::kInline);
}

}  // namespace menshen::oauth
