#include "oauth/authorize/browser_sessions.hpp"

#include "oauth/apps/client_secret.hpp"

namespace menshen::oauth {
namespace {

constexpr std::size_t kMaxSecretLength = 128;

}  // namespace

Result<std::string> BrowserSessions::Start(const accounts::Session& session) {
  auto secret = random_.Token(32);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto inserted = c.Execute(
        "INSERT INTO idp_sessions (secret_hash, session_id, user_id, auth_time, created_at) VALUES (?, ?, ?, ?, ?)",
        {HashClientSecret(secret), session.id, session.user_id, session.created_at, now});
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
  if (!written) return std::unexpected(written.error());
  return secret;
}

Result<std::optional<BrowserSession>> BrowserSessions::Find(std::string_view secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return std::nullopt;
  std::optional<store::sql::Row> row;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto found =
        c.QueryOne("SELECT session_id, auth_time FROM idp_sessions WHERE secret_hash = ?", {HashClientSecret(secret)});
    if (!found) return std::unexpected(found.error());
    row = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!row) return std::nullopt;
  auto user = accounts_.ActiveSessionUser(row->Text(0));
  if (!user) return std::unexpected(user.error());
  if (!*user) return std::nullopt;
  return BrowserSession{.user = std::move(**user), .session_id = row->Text(0), .auth_time = row->Int64(1)};
}

Status BrowserSessions::End(const BrowserSession& session, const audit::RequestContext& context) {
  auto deleted = db_.Write([&](store::sql::Connection& c) -> Status {
    auto done = c.Execute("DELETE FROM idp_sessions WHERE session_id = ?", {session.session_id});
    if (!done) return std::unexpected(done.error());
    return {};
  });
  if (!deleted) return std::unexpected(deleted.error());
  return accounts_.Logout(accounts::Principal{.user_id = session.user.id, .session_id = session.session_id}, false,
                          context);
}

Status BrowserSessions::Forget(std::string_view secret) {
  if (secret.empty() || secret.size() > kMaxSecretLength) return {};
  return db_.Write([&](store::sql::Connection& c) -> Status {
    auto done = c.Execute("DELETE FROM idp_sessions WHERE secret_hash = ?", {HashClientSecret(secret)});
    if (!done) return std::unexpected(done.error());
    return {};
  });
}

}  // namespace menshen::oauth
