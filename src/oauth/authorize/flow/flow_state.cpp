#include "oauth/authorize/flow/flow_state.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

json Optional(const std::optional<std::string>& value) { return value ? json(*value) : json(); }

std::optional<std::string> OptionalString(const json& step, std::string_view key) {
  const auto it = step.find(key);
  if (it == step.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

json ToJson(const FlowState& state) {
  return {{"request", ToJson(state.request)},
          {"locale", state.locale},
          {"signed_in_session", Optional(state.progress.signed_in_session)},
          {"consent_session", state.consent_session},
          {"password_change_account", Optional(state.password_change_account)}};
}

std::optional<FlowState> FlowStateFromJson(const json& step) {
  if (!step.is_object()) return std::nullopt;
  auto request = AuthorizeRequestFromJson(step.value("request", json()));
  auto id = OptionalString(step, "id");
  if (!request || !id) return std::nullopt;
  // Member by member: g++ 12 at -O3 misreads the optionals of one aggregate initializer as maybe uninitialized.
  FlowState state{.request = std::move(*request), .step_id = std::move(id)};
  state.locale = OptionalString(step, "locale").value_or("");
  state.progress.signed_in_session = OptionalString(step, "signed_in_session");
  state.consent_session = OptionalString(step, "consent_session").value_or("");
  state.password_change_account = OptionalString(step, "password_change_account");
  return state;
}

}  // namespace menshen::oauth
