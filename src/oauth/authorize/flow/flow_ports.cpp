#include "oauth/authorize/flow/flow_ports.hpp"

#include "oauth/authorize/flow/authorize_flow.hpp"

namespace menshen::oauth {
namespace {

constexpr std::string_view kStepKind = "authorize";

}  // namespace

Result<std::optional<App>> StoredFlowPorts::FindApp(std::string_view client_id) { return s_.apps.Find(client_id); }

Result<std::optional<BrowserSession>> StoredFlowPorts::FindSession(std::string_view secret) {
  return s_.sessions.Find(secret);
}

Result<accounts::Session> StoredFlowPorts::SignIn(std::string_view account, std::string_view password,
                                                  const audit::RequestContext& context) {
  return s_.sign_in.BrowserLogin(account, password, context);
}

Result<accounts::Session> StoredFlowPorts::ChangeExpiredPassword(std::string_view account,
                                                                 std::string_view old_password,
                                                                 std::string_view new_password,
                                                                 const audit::RequestContext& context) {
  return s_.sign_in.BrowserChangeExpiredPassword(account, old_password, new_password, context);
}

Result<FlowPorts::StartedSession> StoredFlowPorts::StartSession(const accounts::Session& session) {
  auto secret = s_.sessions.Start(session);
  if (!secret) return std::unexpected(secret.error());
  auto user = s_.users.GetUser(session.user_id);
  if (!user) return std::unexpected(user.error());
  return StartedSession{
      .session = {.user = std::move(*user), .session_id = session.id, .auth_time = session.created_at},
      .secret = std::move(*secret)};
}

Status StoredFlowPorts::EndSession(const BrowserSession& session, const audit::RequestContext& context) {
  return s_.sessions.End(session, context);
}

Result<std::string> StoredFlowPorts::HintSubject(std::string_view id_token_hint) {
  auto claims = VerifyIdTokenHint(s_.keys, s_.clock, s_.issuer, id_token_hint);
  if (!claims) return std::unexpected(claims.error());
  return std::move(claims->sub);
}

Result<bool> StoredFlowPorts::ConsentCovers(std::string_view user_id, std::string_view client_id,
                                            const std::vector<std::string>& scopes) {
  return s_.consents.Covers(user_id, client_id, scopes);
}

Status StoredFlowPorts::GrantConsent(std::string_view user_id, std::string_view client_id,
                                     const std::vector<std::string>& scopes) {
  return s_.consents.Grant(user_id, client_id, scopes);
}

Result<std::string> StoredFlowPorts::IssueCode(const CodeGrant& grant) { return s_.codes.Issue(grant); }

Result<std::string> StoredFlowPorts::SaveStep(const nlohmann::json& state) {
  return s_.interactions.Save(kStepKind, state);
}

Status StoredFlowPorts::ReplaceStep(std::string_view id, const nlohmann::json& state) {
  return s_.interactions.Replace(kStepKind, id, state);
}

Result<bool> StoredFlowPorts::FinishStep(std::string_view id) { return s_.interactions.Finish(kStepKind, id); }

}  // namespace menshen::oauth
