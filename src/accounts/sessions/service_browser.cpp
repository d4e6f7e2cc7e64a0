// Sign-in for the hosted pages of the authorization server: their browser cookie stands for an accounts
// session, so that signing out, a password change and an administrator's lock end it like any other.
#include "accounts/service.hpp"
#include "accounts/sessions/idle_timeout.hpp"

namespace menshen::accounts {

Result<Session> AccountsService::BrowserLogin(std::string_view account, std::string_view password,
                                              const audit::RequestContext& context) {
  auto user = AdmitUser(account, password, context);
  if (!user) return std::unexpected(user.error());
  return OpenBrowserSession(*user, context, "hosted sign-in page");
}

Result<Session> AccountsService::BrowserChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                                              std::string_view new_password,
                                                              const audit::RequestContext& context) {
  auto user = ReplaceExpiredPassword(account, old_password, new_password, context);
  if (!user) return std::unexpected(user.error());
  return OpenBrowserSession(*user, context, "hosted sign-in page, with a password change");
}

Result<Session> AccountsService::OpenBrowserSession(const User& user, const audit::RequestContext& context,
                                                    std::string audit_detail) {
  auto session = OpenSession(user, context, std::nullopt);
  audit_.Record(context, {.action = "login",
                          .outcome = session ? "success" : std::string(ToString(session.error().id)),
                          .actor_id = user.id,
                          .target_id = user.id,
                          .detail = std::move(audit_detail)});
  return session;
}

Result<std::optional<User>> AccountsService::ActiveSessionUser(std::string_view session_id) {
  std::optional<Session> session;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto found = FindSession(c, session_id);
    if (!found) return std::unexpected(found.error());
    session = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  const auto now = Now();
  if (!session || session->revoked_at || session->expires_at <= now) return std::nullopt;
  if (IdleTooLong(session->last_used_at, now, options_.session_idle_timeout)) return std::nullopt;
  auto user = GetUser(session->user_id);
  if (!user && user.error().id == ErrorId::kAuthUserNotFound) return std::nullopt;
  if (!user) return std::unexpected(user.error());
  if (!CheckCanSignIn(*user)) return std::nullopt;
  // This use is activity: the idle limit counts from now. One write a second at most per session.
  if (session->last_used_at < now) {
    if (auto touched = db_.Write([&](store::sql::Connection& c) { return TouchSession(c, session->id, now); });
        !touched) {
      return std::unexpected(touched.error());
    }
  }
  return *user;
}

}  // namespace menshen::accounts
