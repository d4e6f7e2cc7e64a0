// One authorization request on its way through the browser's pages: the checked request, its app, what its
// pages have learned so far. Kept with its step (Interactions) while a form is out, as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "oauth/authorize/authorize_request.hpp"
#include "oauth/authorize/flow/authorize_flow.hpp"
#include "oauth/model.hpp"

namespace menshen::oauth {

struct FlowState {
  AuthorizeRequest request;
  App app;
  std::string locale;                  // the pages' language tag, chosen when the request arrived
  std::optional<std::string> step_id;  // once a form has been shown
  Progress progress;
  std::string consent_session;  // the sign-in the consent page was shown to
  // The account whose expired password the password page is changing.
  std::optional<std::string> password_change_account;
};

// What a step keeps: everything but the app, which is looked up again when a form comes back.
nlohmann::json ToJson(const FlowState& state);
// The state a step kept, with the step's id (`id`); nullopt when it does not parse.
std::optional<FlowState> FlowStateFromJson(const nlohmann::json& step);

}  // namespace menshen::oauth
