// The authorization request's way through the browser (OpenID Connect Core 3.1.2), as a state machine:
// given the flow's state and what just happened, SignInFlow answers with the next step: a page to show (with
// what the page needs), a redirect to the client (a code or an error), or the error page. The HTTP binding
// (authorize_routes.cpp) only parses requests and renders answers, so a new step (an MFA page, an upstream
// IdP) is an event and a page here, and its template.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/clock.hpp"
#include "oauth/authorize/flow/flow_ports.hpp"
#include "oauth/authorize/flow/flow_state.hpp"

namespace menshen::oauth {

// What just happened.
struct Arrived {};  // a checked request arrived at the authorization endpoint
struct SignInSubmitted {
  std::string account;
  std::string password;
};
struct PasswordChangeSubmitted {
  std::string old_password;
  std::string new_password;
  std::string confirmation;
};
enum class ConsentDecision { kNone, kAllow, kDeny };
struct ConsentSubmitted {
  ConsentDecision decision = ConsentDecision::kNone;
};
using FlowEvent = std::variant<Arrived, SignInSubmitted, PasswordChangeSubmitted, ConsentSubmitted>;

// The browser the event came from.
struct Browser {
  std::optional<std::string> session_secret;  // its sign-in cookie
  audit::RequestContext context;
};

// The answers.
enum class Page { kSignIn, kPasswordChange, kConsent };
struct ShowPage {
  Page page = Page::kSignIn;
  std::string interaction;     // the step the page's form posts back
  std::string account;         // sign-in and password change: the account field
  std::string user_name;       // consent: who is asked
  std::optional<Error> error;  // the form's last failure
};
struct RedirectWithCode {
  std::string location;  // the client's redirect URI with the code
};
// The error goes back to the client's redirect URI (RFC 6749 4.1.2.1).
struct RedirectWithError {
  ErrorTarget target;
  Error error;
};
// The error is shown in the browser: the form's step is over, so nothing is sent to the client.
struct ShowErrorPage {
  Error error;
};
struct FlowAnswer {
  std::variant<ShowPage, RedirectWithCode, RedirectWithError, ShowErrorPage> step;
  std::optional<std::string> new_session_secret;  // a sign-in on a form: the browser's new cookie
};

class SignInFlow {
 public:
  SignInFlow(FlowPorts& ports, const Clock& clock, std::string issuer)
      : ports_(ports), clock_(clock), issuer_(std::move(issuer)) {}

  // The flow a posted form's step (as Interactions keeps it, with its `id`) belongs to: token.expired when
  // the step does not parse, app.not_found when the client has been removed meanwhile.
  [[nodiscard]] Result<FlowState> Resume(const nlohmann::json& step);
  // The next step of `state` after `event`; `state` learns what the event taught.
  FlowAnswer Next(FlowState& state, const FlowEvent& event, const Browser& browser);

  const std::string& Issuer() const { return issuer_; }

 private:
  FlowAnswer On(FlowState& state, const Arrived& event, const Browser& browser);
  FlowAnswer On(FlowState& state, const SignInSubmitted& event, const Browser& browser);
  FlowAnswer On(FlowState& state, const PasswordChangeSubmitted& event, const Browser& browser);
  FlowAnswer On(FlowState& state, const ConsentSubmitted& event, const Browser& browser);

  // Sign in, consent, or the code, for a browser signed in as `session`.
  FlowAnswer Decide(FlowState& state, const std::optional<BrowserSession>& session);
  // The browser has just signed in on a form: it ends the earlier sign-in and goes on as `signed_in`.
  FlowAnswer SignedIn(FlowState& state, const accounts::Session& signed_in, const Browser& browser);
  FlowAnswer Code(FlowState& state, const BrowserSession& session);
  FlowAnswer Show(FlowState& state, ShowPage page, bool store_state);
  // An error once the redirect URI is known goes back to the client, and the step is over.
  FlowAnswer ErrorToClient(FlowState& state, Error error);
  [[nodiscard]] Result<std::optional<BrowserSession>> BrowserSignIn(const Browser& browser);

  FlowPorts& ports_;
  const Clock& clock_;
  std::string issuer_;
};

}  // namespace menshen::oauth
