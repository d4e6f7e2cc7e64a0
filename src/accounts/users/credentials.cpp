#include "accounts/users/credentials.hpp"

#include "accounts/identity/password_policy.hpp"
#include "accounts/sessions/session_repo.hpp"
#include "accounts/users/user_repo.hpp"

namespace menshen::accounts {

std::vector<std::string_view> PersonalData(const User& user) {
  std::vector<std::string_view> personal;
  for (const auto* value : {&user.username, &user.email, &user.nickname}) {
    if (*value) personal.push_back(**value);
  }
  return personal;
}

Result<std::vector<AfterCommit>> Credentials::Announce(store::sql::Connection& c, const CredentialEvent& event,
                                                       std::int64_t now) {
  std::vector<AfterCommit> after;
  for (auto* listener : listeners_) {
    auto done = listener->InTransaction(c, event, now);
    if (!done) return std::unexpected(done.error());
    if (*done) after.push_back(std::move(*done));
  }
  return after;
}

namespace {

// Every action runs, even after one fails: one unreachable store must not spare the others' revocations.
// The first failure is returned, so that the caller answers with an error instead of a silent success.
Status RunAfterCommit(const std::vector<AfterCommit>& after) {
  Status first;
  for (const auto& action : after) {
    if (auto done = action(); !done && first) first = done;
  }
  return first;
}

}  // namespace

Status Credentials::SetPassword(const User& user, std::string_view new_password,
                                std::optional<std::string_view> keep_session, bool must_change) {
  if (auto ok = CheckPassword(new_password, options_.password, PersonalData(user)); !ok) {
    return std::unexpected(ok.error());
  }
  auto hash = hashing_.Hash(new_password);
  if (!hash) return std::unexpected(hash.error());
  const auto now = clock_.UnixSeconds();
  std::vector<std::string> ended;
  std::vector<AfterCommit> after;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    if (auto ok = UpdatePasswordHash(c, user.id, *hash, now); !ok) return ok;
    // A new password ends every other session: whoever knew the old one is signed out.
    auto sessions = ListActiveSessions(c, user.id, now);
    if (!sessions) return std::unexpected(sessions.error());
    for (const auto& session : *sessions) {
      if (keep_session && session.id == *keep_session) continue;
      auto revoked = RevokeSessions(c, user.id, session.id, now);
      if (!revoked) return std::unexpected(revoked.error());
      ended.insert(ended.end(), revoked->begin(), revoked->end());
    }
    // And the grants applications hold (RFC 9700 4.14.2), in the same transaction.
    auto announced = Announce(c, {.user_id = user.id, .change = CredentialChange::kPassword}, now);
    if (!announced) return std::unexpected(announced.error());
    after = std::move(*announced);
    // A temporary password set by an administrator is due at once: the user picks their own.
    const auto expires = must_change ? store::sql::Value(now) : store::sql::Value(nullptr);
    return store::sql::ToStatus(c.Execute("UPDATE users SET password_expires_at = ? WHERE id = ?", {expires, user.id}));
  });
  if (!written) return std::unexpected(written.error());
  const auto revoked = tokens_.RevokeSessions(ended);
  const auto refused = RunAfterCommit(after);
  return revoked ? refused : revoked;
}

Status Credentials::EndAllSessions(std::string_view user_id, CredentialChange why) {
  std::vector<std::string> ended;
  std::vector<AfterCommit> after;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    const auto now = clock_.UnixSeconds();
    auto revoked = RevokeSessions(c, user_id, std::nullopt, now);
    if (!revoked) return std::unexpected(revoked.error());
    ended = std::move(*revoked);
    auto announced = Announce(c, {.user_id = std::string(user_id), .change = why}, now);
    if (!announced) return std::unexpected(announced.error());
    after = std::move(*announced);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  const auto revoked = tokens_.RevokeSessions(ended);
  const auto refused = RunAfterCommit(after);
  return revoked ? refused : revoked;
}

}  // namespace menshen::accounts
