#include "oauth/authorize/flow/sign_in_flow.hpp"

#include <spdlog/spdlog.h>

namespace menshen::oauth {
namespace {

std::int64_t Seconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

std::string DisplayName(const accounts::User& user) {
  return user.username_display.value_or(user.username.value_or(user.id));
}

}  // namespace

Result<FlowState> SignInFlow::Resume(const nlohmann::json& step) {
  auto state = FlowStateFromJson(step);
  if (!state) return Fail(ErrorId::kTokenExpired, {}, "an authorization step did not parse");
  auto app = ports_.FindApp(state->request.client_id);
  if (!app) return std::unexpected(app.error());
  if (!*app) return Fail(ErrorId::kAppNotFound, "the client has been removed");
  state->app = std::move(**app);
  return std::move(*state);
}

FlowAnswer SignInFlow::Next(FlowState& state, const FlowEvent& event, const Browser& browser) {
  return std::visit([&](const auto& happened) { return On(state, happened, browser); }, event);
}

FlowAnswer SignInFlow::On(FlowState& state, const Arrived&, const Browser& browser) {
  auto session = BrowserSignIn(browser);
  if (!session) return ErrorToClient(state, session.error());
  return Decide(state, *session);
}

FlowAnswer SignInFlow::On(FlowState& state, const SignInSubmitted& event, const Browser& browser) {
  auto signed_in = ports_.SignIn(event.account, event.password, browser.context);
  if (!signed_in && signed_in.error().id == ErrorId::kPasswordExpired) {
    // The password was right but is too old: the user sets a new one before going on.
    state.password_change_account = event.account;
    return Show(state, ShowPage{.page = Page::kPasswordChange, .account = event.account}, true);
  }
  if (!signed_in) {
    return Show(state, ShowPage{.page = Page::kSignIn, .account = event.account, .error = signed_in.error()}, false);
  }
  return SignedIn(state, *signed_in, browser);
}

FlowAnswer SignInFlow::On(FlowState& state, const PasswordChangeSubmitted& event, const Browser& browser) {
  if (!state.password_change_account) {
    return {.step = ShowErrorPage{Error{ErrorId::kTokenExpired, {}, "no password change in this step"}}};
  }
  ShowPage again{.page = Page::kPasswordChange, .account = *state.password_change_account};
  if (event.new_password != event.confirmation) {
    again.error = Error{ErrorId::kPasswordConfirmationMismatch, {}, {}};
    return Show(state, std::move(again), false);
  }
  auto signed_in = ports_.ChangeExpiredPassword(*state.password_change_account, event.old_password, event.new_password,
                                                browser.context);
  if (!signed_in) {
    again.error = signed_in.error();
    return Show(state, std::move(again), false);
  }
  return SignedIn(state, *signed_in, browser);
}

FlowAnswer SignInFlow::On(FlowState& state, const ConsentSubmitted& event, const Browser& browser) {
  auto session = BrowserSignIn(browser);
  if (!session) return ErrorToClient(state, session.error());
  // The decision counts only for the sign-in the page was shown to; after a change of user it asks again.
  if (!*session || state.consent_session != (*session)->session_id) {
    state.progress.consented = false;
    return Decide(state, *session);
  }
  switch (event.decision) {
    case ConsentDecision::kAllow:
      if (auto granted = ports_.GrantConsent((*session)->user.id, state.app.id, state.request.scopes); !granted) {
        return ErrorToClient(state, granted.error());
      }
      state.progress.consented = true;
      break;
    case ConsentDecision::kDeny:
      return ErrorToClient(state, Error{ErrorId::kOauth2AccessDenied, "the user denied the request", {}});
    case ConsentDecision::kNone:
      break;  // no decision: the flow asks again
  }
  return Decide(state, *session);
}

FlowAnswer SignInFlow::Decide(FlowState& state, const std::optional<BrowserSession>& session) {
  const auto& request = state.request;
  std::optional<std::string> hint_subject;
  if (request.id_token_hint) {
    auto subject = ports_.HintSubject(*request.id_token_hint);
    if (!subject) return ErrorToClient(state, subject.error());
    hint_subject = std::move(*subject);
  }
  if (NeedsSignIn(request, session, state.progress, hint_subject, Seconds(clock_))) {
    // prompt=none shows no page: the client hears why instead (OpenID Connect Core 3.1.2.6).
    if (request.prompt.none)
      return ErrorToClient(state, Error{ErrorId::kAuthLoginRequired, "the user is not signed in", {}});
    return Show(state, ShowPage{.page = Page::kSignIn, .account = request.login_hint.value_or("")}, false);
  }
  bool ask = false;
  switch (ConsentFor(request, state.progress)) {
    case ConsentCheck::kGiven:
      break;
    case ConsentCheck::kAsk:
      ask = true;
      break;
    case ConsentCheck::kCheckStored: {
      auto covered = ports_.ConsentCovers(session->user.id, request.client_id, request.scopes);
      if (!covered) return ErrorToClient(state, covered.error());
      ask = !*covered;
      break;
    }
  }
  if (ask) {
    if (request.prompt.none) {
      return ErrorToClient(state, Error{ErrorId::kOauth2ConsentRequired, "the user has not consented", {}});
    }
    state.consent_session = session->session_id;
    return Show(state, ShowPage{.page = Page::kConsent, .user_name = DisplayName(session->user)}, true);
  }
  return Code(state, *session);
}

FlowAnswer SignInFlow::SignedIn(FlowState& state, const accounts::Session& signed_in, const Browser& browser) {
  // A new sign-in replaces the browser's earlier one, which ends with it. Fails closed: an earlier sign-in
  // left alive would keep its access tokens working after the browser moved on to another.
  auto earlier = BrowserSignIn(browser);
  if (!earlier) return ErrorToClient(state, earlier.error());
  if (*earlier) {
    if (auto ended = ports_.EndSession(**earlier, browser.context); !ended) return ErrorToClient(state, ended.error());
  }
  auto started = ports_.StartSession(signed_in);
  if (!started) return ErrorToClient(state, started.error());
  state.progress.signed_in_session = signed_in.id;
  state.password_change_account.reset();
  if (state.step_id) {
    if (auto saved = ports_.ReplaceStep(*state.step_id, ToJson(state)); !saved) {
      return ErrorToClient(state, saved.error());
    }
  }
  auto answer = Decide(state, started->session);
  answer.new_session_secret = std::move(started->secret);
  return answer;
}

FlowAnswer SignInFlow::Code(FlowState& state, const BrowserSession& session) {
  // The step ends before the code is issued, and only the request that ended it gets one: a form posted
  // twice at once must not yield two codes.
  if (state.step_id) {
    auto finished = ports_.FinishStep(*state.step_id);
    if (!finished) return ErrorToClient(state, finished.error());
    state.step_id.reset();
    if (!*finished) return {.step = ShowErrorPage{Error{ErrorId::kTokenExpired, {}, "the step ended meanwhile"}}};
  }
  auto code = ports_.IssueCode(GrantFor(state.request, session));
  if (!code) return ErrorToClient(state, code.error());
  return {.step = RedirectWithCode{CodeRedirectUri(issuer_, state.request, *code)}};
}

FlowAnswer SignInFlow::Show(FlowState& state, ShowPage page, bool store_state) {
  // The page's form posts back to the step, which is stored when the first form is shown and again when
  // the flow has learned something the next form needs.
  if (!state.step_id) {
    auto id = ports_.SaveStep(ToJson(state));
    if (!id) return ErrorToClient(state, id.error());
    state.step_id = std::move(*id);
  } else if (store_state) {
    if (auto saved = ports_.ReplaceStep(*state.step_id, ToJson(state)); !saved) {
      return ErrorToClient(state, saved.error());
    }
  }
  page.interaction = *state.step_id;
  return {.step = std::move(page)};
}

FlowAnswer SignInFlow::ErrorToClient(FlowState& state, Error error) {
  if (state.step_id) {
    // Logged, not failed on: the error goes to the client either way, and a step left behind can only be
    // posted from the same browser (CSRF) until its lifetime ends, where it meets the same checks again.
    if (auto finished = ports_.FinishStep(*state.step_id); !finished) {
      spdlog::warn("an authorization step was not finished: {}", finished.error().internal_detail);
    }
    state.step_id.reset();
  }
  return {.step = RedirectWithError{ErrorTarget{state.request.redirect_uri, state.request.state}, std::move(error)}};
}

Result<std::optional<BrowserSession>> SignInFlow::BrowserSignIn(const Browser& browser) {
  if (!browser.session_secret) return std::nullopt;
  return ports_.FindSession(*browser.session_secret);
}

}  // namespace menshen::oauth
