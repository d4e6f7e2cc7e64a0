// What the sign-in flow asks of the rest of the server: the app, the browser's sign-in, the accounts rules
// behind the forms, consents, codes and the form steps. An interface so that the flow's tests run without a
// database; StoredFlowPorts is the server's, over the services that keep these.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounts/signin/sign_in_service.hpp"
#include "accounts/users/user_service.hpp"
#include "audit/audit_log.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/apps/app_service.hpp"
#include "oauth/authorize/auth_codes.hpp"
#include "oauth/authorize/browser_sessions.hpp"
#include "oauth/authorize/consents.hpp"
#include "oauth/authorize/interactions.hpp"

namespace menshen::oauth {

class FlowPorts {
 public:
  struct StartedSession {
    BrowserSession session;
    std::string secret;  // the browser's new sign-in cookie
  };

  virtual ~FlowPorts() = default;

  [[nodiscard]] virtual Result<std::optional<App>> FindApp(std::string_view client_id) = 0;
  // The sign-in a browser's cookie secret stands for, while it lives.
  [[nodiscard]] virtual Result<std::optional<BrowserSession>> FindSession(std::string_view secret) = 0;
  // The sign-in form's credentials: the accounts session they open, or why not (password.expired when the
  // password is right but too old).
  [[nodiscard]] virtual Result<accounts::Session> SignIn(std::string_view account, std::string_view password,
                                                         const audit::RequestContext& context) = 0;
  [[nodiscard]] virtual Result<accounts::Session> ChangeExpiredPassword(std::string_view account,
                                                                        std::string_view old_password,
                                                                        std::string_view new_password,
                                                                        const audit::RequestContext& context) = 0;
  // Makes an accounts session just opened the browser's sign-in.
  [[nodiscard]] virtual Result<StartedSession> StartSession(const accounts::Session& session) = 0;
  // Ends a browser's sign-in and its accounts session.
  [[nodiscard]] virtual Status EndSession(const BrowserSession& session, const audit::RequestContext& context) = 0;
  // The subject of an id_token_hint we signed (oauth2.invalid_request otherwise).
  [[nodiscard]] virtual Result<std::string> HintSubject(std::string_view id_token_hint) = 0;
  [[nodiscard]] virtual Result<bool> ConsentCovers(std::string_view user_id, std::string_view client_id,
                                                   const std::vector<std::string>& scopes) = 0;
  [[nodiscard]] virtual Status GrantConsent(std::string_view user_id, std::string_view client_id,
                                            const std::vector<std::string>& scopes) = 0;
  [[nodiscard]] virtual Result<std::string> IssueCode(const CodeGrant& grant) = 0;
  // The flow's form step: stored (a new id), stored again, finished (true when this call finished it).
  [[nodiscard]] virtual Result<std::string> SaveStep(const nlohmann::json& state) = 0;
  [[nodiscard]] virtual Status ReplaceStep(std::string_view id, const nlohmann::json& state) = 0;
  [[nodiscard]] virtual Result<bool> FinishStep(std::string_view id) = 0;
};

class StoredFlowPorts final : public FlowPorts {
 public:
  struct Services {
    AppsService& apps;
    accounts::SignInService& sign_in;
    accounts::UserService& users;
    BrowserSessions& sessions;
    Consents& consents;
    AuthCodes& codes;
    Interactions& interactions;
    const keys::SigningKeys& keys;
    const Clock& clock;
    std::string issuer;
  };

  explicit StoredFlowPorts(Services services) : s_(std::move(services)) {}

  [[nodiscard]] Result<std::optional<App>> FindApp(std::string_view client_id) override;
  [[nodiscard]] Result<std::optional<BrowserSession>> FindSession(std::string_view secret) override;
  [[nodiscard]] Result<accounts::Session> SignIn(std::string_view account, std::string_view password,
                                                 const audit::RequestContext& context) override;
  [[nodiscard]] Result<accounts::Session> ChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                                                std::string_view new_password,
                                                                const audit::RequestContext& context) override;
  [[nodiscard]] Result<StartedSession> StartSession(const accounts::Session& session) override;
  [[nodiscard]] Status EndSession(const BrowserSession& session, const audit::RequestContext& context) override;
  [[nodiscard]] Result<std::string> HintSubject(std::string_view id_token_hint) override;
  [[nodiscard]] Result<bool> ConsentCovers(std::string_view user_id, std::string_view client_id,
                                           const std::vector<std::string>& scopes) override;
  [[nodiscard]] Status GrantConsent(std::string_view user_id, std::string_view client_id,
                                    const std::vector<std::string>& scopes) override;
  [[nodiscard]] Result<std::string> IssueCode(const CodeGrant& grant) override;
  [[nodiscard]] Result<std::string> SaveStep(const nlohmann::json& state) override;
  [[nodiscard]] Status ReplaceStep(std::string_view id, const nlohmann::json& state) override;
  [[nodiscard]] Result<bool> FinishStep(std::string_view id) override;

 private:
  Services s_;
};

}  // namespace menshen::oauth
