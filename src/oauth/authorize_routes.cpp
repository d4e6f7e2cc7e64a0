// /oauth/authorize (RFC 6749 4.1, OpenID Connect Core 3.1.2) and the forms it may show: sign-in
// (/oauth/login), a password change when the password has expired (/oauth/password) and consent
// (/oauth/consent). A bad client or redirect URI gets an error page; once the redirect URI is known, every
// other outcome is a 303 to it.
#include <spdlog/spdlog.h>

#include "oauth/page_helpers.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

// One authorization request in the pages: the checked request, its app, the page locale and its step.
struct Flow {
  AuthorizeRequest request;
  App app;
  catalog::Locale locale = catalog::Locale::kZhCn;
  std::optional<std::string> step_id;  // once a form has been shown
  Progress progress;
  std::string consent_session;  // the sign-in the consent page was shown to
  // The account whose expired password the password page is changing.
  std::optional<std::string> password_change_account;
};

json StepState(const Flow& flow) {
  const auto optional = [](const std::optional<std::string>& value) { return value ? json(*value) : json(); };
  return {{"request", ToJson(flow.request)},
          {"locale", flow.locale == catalog::Locale::kEn ? "en" : "zh-CN"},
          {"signed_in_session", optional(flow.progress.signed_in_session)},
          {"consent_session", flow.consent_session},
          {"password_change_account", optional(flow.password_change_account)}};
}

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
    if (!checked) return SeeOther(d_.authorizer.ErrorRedirect(*target, checked.error()));
    Flow flow{.request = std::move(*checked), .app = std::move(**app), .locale = locale};
    auto session = CurrentSession(d_, request);
    if (!session) return FailFlow(flow, session.error());
    return Continue(request, flow, *session, {});
  }

  http::Response Login(http::Request& request) {
    auto resumed = Resume(request);
    if (!resumed) return ErrorPage(d_, request, request.locale, resumed.error());
    auto& [flow, form] = *resumed;
    const auto account = FormValue(form, "account", 256).value_or("");
    const auto password = FormValue(form, "password", 4096).value_or("");
    auto signed_in = d_.accounts.BrowserLogin(account, password, ContextOf(request));
    if (!signed_in && signed_in.error().id == ErrorId::kPasswordExpired) {
      // The password was right but is too old: the user sets a new one before going on.
      flow.password_change_account = account;
      if (auto saved = SaveStep(flow); !saved) return FailFlow(flow, saved.error());
      return PasswordPage(request, flow, {});
    }
    if (!signed_in) return LoginPage(request, flow, account, FormErrorText(request, flow, signed_in.error()));
    return SignedIn(request, flow, *signed_in);
  }

  // The password page's form: the expired password once more and the new one twice.
  http::Response ChangePassword(http::Request& request) {
    auto resumed = Resume(request);
    if (!resumed) return ErrorPage(d_, request, request.locale, resumed.error());
    auto& [flow, form] = *resumed;
    if (!flow.password_change_account) {
      return ErrorPage(d_, request, flow.locale, Error{ErrorId::kTokenExpired, {}, "no password change in this step"});
    }
    const auto old_password = FormValue(form, "old_password", 4096).value_or("");
    const auto new_password = FormValue(form, "new_password", 4096).value_or("");
    if (new_password != FormValue(form, "confirm_password", 4096).value_or("")) {
      return PasswordPage(request, flow, FormErrorText(request, flow, Error{ErrorId::kPasswordConfirmationMismatch}));
    }
    auto signed_in = d_.accounts.BrowserChangeExpiredPassword(*flow.password_change_account, old_password, new_password,
                                                              ContextOf(request));
    if (!signed_in) return PasswordPage(request, flow, FormErrorText(request, flow, signed_in.error()));
    return SignedIn(request, flow, *signed_in);
  }

  http::Response Consent(http::Request& request) {
    auto resumed = Resume(request);
    if (!resumed) return ErrorPage(d_, request, request.locale, resumed.error());
    auto& [flow, form] = *resumed;
    auto session = CurrentSession(d_, request);
    if (!session) return FailFlow(flow, session.error());
    const auto decision = FormValue(form, "decision", 16).value_or("");
    // The decision counts only for the sign-in the page was shown to; after a change of user it asks again.
    const bool same_user = *session && flow.consent_session == (*session)->session_id;
    if (!same_user) {
      flow.progress.consented = false;
    } else if (decision == "allow") {
      if (auto granted = d_.consents.Grant((*session)->user.id, flow.app.id, flow.request.scopes); !granted) {
        return FailFlow(flow, granted.error());
      }
      flow.progress.consented = true;
    } else if (decision == "deny") {
      return FailFlow(flow, Error{ErrorId::kOauth2AccessDenied, "the user denied the request", {}});
    }
    // Without a sign-in (it ended meanwhile) or a decision, the flow asks again.
    return Continue(request, flow, *session, {});
  }

 private:
  struct Resumed {
    Flow flow;
    http::Fields form;
  };

  // The flow a posted form belongs to.
  Result<Resumed> Resume(const http::Request& request) {
    auto form = PageForm(request, d_.max_params);
    if (!form) return std::unexpected(form.error());
    auto step = PostedStep(d_, request, *form, "authorize");
    if (!step) return std::unexpected(step.error());
    auto checked = AuthorizeRequestFromJson(step->value("request", json()));
    if (!checked) return Fail(ErrorId::kTokenExpired, {}, "an authorization step did not parse");
    auto app = d_.apps.Find(checked->client_id);
    if (!app) return std::unexpected(app.error());
    if (!*app) return Fail(ErrorId::kAppNotFound, "the client has been removed");
    Flow flow{.request = std::move(*checked),
              .app = std::move(**app),
              .locale = catalog::ParseLocale(step->value("locale", "")).value_or(request.locale),
              .step_id = step->at("id").get<std::string>()};
    if (const auto& sid = (*step)["signed_in_session"]; sid.is_string()) {
      flow.progress.signed_in_session = sid.get<std::string>();
    }
    flow.consent_session = step->value("consent_session", "");
    if (const auto& account = (*step)["password_change_account"]; account.is_string()) {
      flow.password_change_account = account.get<std::string>();
    }
    return Resumed{std::move(flow), std::move(*form)};
  }

  // The browser is signed in as `signed_in` (a session just opened on a form): its cookie, then the next step.
  http::Response SignedIn(const http::Request& request, Flow& flow, const accounts::Session& signed_in) {
    // A new sign-in replaces the browser's earlier one, which ends with it.
    if (auto earlier = CurrentSession(d_, request); earlier && *earlier) {
      // Logged, not refused: the new session is open and the earlier cookie is replaced either way; the
      // earlier session lives on only until its own end.
      if (auto ended = d_.sessions.End(**earlier, ContextOf(request)); !ended) {
        spdlog::warn("/oauth/authorize: the earlier browser session did not end: {}", ended.error().internal_detail);
      }
    }
    auto secret = d_.sessions.Start(signed_in);
    if (!secret) return FailFlow(flow, secret.error());
    flow.progress.signed_in_session = signed_in.id;
    flow.password_change_account.reset();
    if (auto saved = SaveStep(flow); !saved) return FailFlow(flow, saved.error());
    auto user = d_.accounts.GetUser(signed_in.user_id);
    if (!user) return FailFlow(flow, user.error());
    auto response = Continue(
        request, flow,
        BrowserSession{.user = std::move(*user), .session_id = signed_in.id, .auth_time = signed_in.created_at}, {});
    response.headers.emplace_back("Set-Cookie", d_.cookies.Set(d_.cookies.Names().session, *secret, false));
    return response;
  }

  // What a form shows for a failure: the catalog message in the page's locale, and what a password policy
  // asks for, which the user needs to pick a better one.
  std::string FormErrorText(const http::Request& request, const Flow& flow, const Error& error) const {
    if (d_.renderer.Catalog().Entry(error.id).status >= 500) {
      spdlog::warn("hosted sign-in failed: {} (request {})", error.internal_detail, request.request_id);
    }
    std::string text(d_.renderer.Catalog().Render(error.id, flow.locale).message);
    if (error.id == ErrorId::kPasswordPolicyViolation && !error.public_detail.empty()) {
      text.append(flow.locale == catalog::Locale::kEn ? ": " : "：").append(error.public_detail);
    }
    return text;
  }

  Status SaveStep(const Flow& flow) { return d_.interactions.Replace("authorize", *flow.step_id, StepState(flow)); }

  http::Response Continue(const http::Request& request, Flow& flow, const std::optional<BrowserSession>& session,
                          std::string error_text) {
    auto step = d_.authorizer.Next(flow.request, session, flow.progress);
    if (!step) return FailFlow(flow, step.error());
    switch (step->kind) {
      case StepKind::kRedirect:
        FinishStep(flow);
        return SeeOther(std::move(step->redirect_to));
      case StepKind::kSignIn:
        return LoginPage(request, flow, flow.request.login_hint.value_or(""), std::move(error_text));
      case StepKind::kConsent:
        return ConsentPage(request, flow, *session);
    }
    return FailFlow(flow, Error{ErrorId::kCommonInternalError, {}, "unknown step"});
  }

  // The step the flow's forms post to; saved when the first form is shown.
  Result<std::string> StepId(Flow& flow) {
    if (flow.step_id) return *flow.step_id;
    auto id = d_.interactions.Save("authorize", StepState(flow));
    if (!id) return std::unexpected(id.error());
    flow.step_id = *id;
    return *id;
  }

  http::Response LoginPage(const http::Request& request, Flow& flow, const std::string& account,
                           std::string error_text) {
    auto id = StepId(flow);
    if (!id) return FailFlow(flow, id.error());
    const auto key = BrowserCsrfKey(d_, request);
    json view = {{"interaction", *id},
                 {"csrf", CsrfToken(key.value, *id)},
                 {"account", account},
                 {"client_name", flow.app.name},
                 {"error", error_text.empty() ? json(false) : json(error_text)}};
    auto response = d_.pages.Render("login", flow.locale, std::move(view), {flow.request.redirect_uri});
    SetCsrfCookie(d_, key, response);
    return response;
  }

  http::Response PasswordPage(const http::Request& request, Flow& flow, std::string error_text) {
    const auto key = BrowserCsrfKey(d_, request);
    json view = {{"interaction", *flow.step_id},
                 {"csrf", CsrfToken(key.value, *flow.step_id)},
                 {"account", flow.password_change_account.value_or("")},
                 {"error", error_text.empty() ? json(false) : json(error_text)}};
    auto response = d_.pages.Render("password", flow.locale, std::move(view), {flow.request.redirect_uri});
    SetCsrfCookie(d_, key, response);
    return response;
  }

  http::Response ConsentPage(const http::Request& request, Flow& flow, const BrowserSession& session) {
    auto id = StepId(flow);
    if (!id) return FailFlow(flow, id.error());
    flow.consent_session = session.session_id;
    if (auto saved = SaveStep(flow); !saved) return FailFlow(flow, saved.error());
    const auto key = BrowserCsrfKey(d_, request);
    json view = {{"interaction", *id},
                 {"csrf", CsrfToken(key.value, *id)},
                 {"client_name", flow.app.name},
                 {"user_name", session.user.username_display.value_or(session.user.username.value_or(session.user.id))},
                 {"scopes", ScopeLines(d_.pages, flow.locale, flow.request.scopes)}};
    auto response = d_.pages.Render("consent", flow.locale, std::move(view), {flow.request.redirect_uri});
    SetCsrfCookie(d_, key, response);
    return response;
  }

  void FinishStep(const Flow& flow) {
    if (!flow.step_id) return;
    // Logged, not refused: the flow's answer is ready; a step left over expires with its short lifetime.
    if (auto finished = d_.interactions.Finish("authorize", *flow.step_id); !finished) {
      spdlog::warn("/oauth/authorize: step {} not finished: {}", *flow.step_id, finished.error().internal_detail);
    }
  }

  // An error once the redirect URI is known goes back to the client.
  http::Response FailFlow(const Flow& flow, const Error& error) {
    if (!error.internal_detail.empty()) {
      spdlog::info("/oauth/authorize {}: {}", ToString(error.id), error.internal_detail);
    }
    FinishStep(flow);
    return SeeOther(d_.authorizer.ErrorRedirect(ErrorTarget{flow.request.redirect_uri, flow.request.state}, error));
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
