// Profile updates and password changes: the parts of AccountsService where a signed-in user changes
// their own account.
#include <algorithm>

#include "accounts/identity/profile_fields.hpp"
#include "accounts/service.hpp"
#include "accounts/users/user_repo.hpp"

namespace menshen::accounts {

Result<User> AccountsService::UpdateProfile(const Principal& principal, std::span<const FieldUpdate> fields,
                                            const audit::RequestContext& context) {
  if (auto ok = CheckProfileUpdate(fields); !ok) return std::unexpected(ok.error());
  // Column names come from the fixed list of profile fields, never from the request.
  std::string sql = "UPDATE users SET updated_at = ?";
  store::sql::Params params{Now()};
  for (const auto& field : fields) {
    const auto names = ProfileFieldNames();
    const auto known = std::ranges::find(names, field.name);
    if (known == names.end()) return Fail(ErrorId::kProfileFieldInvalid, std::string(field.name));
    sql.append(", ").append(*known).append(" = ?");
    params.emplace_back(field.value.empty() ? store::sql::Value(nullptr) : store::sql::Value(std::string(field.value)));
  }
  sql.append(" WHERE id = ? AND status <> 'deleted'");
  params.emplace_back(principal.user_id);
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto changed = c.Execute(sql, params);
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return Fail(ErrorId::kAuthUserNotFound);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  audit_.Record(context, {.action = "profile.update",
                          .outcome = "success",
                          .actor_id = principal.user_id,
                          .target_id = principal.user_id});
  return GetUser(principal.user_id);
}

Status AccountsService::ChangePassword(const Principal& principal, std::string_view old_password,
                                       std::string_view new_password, const audit::RequestContext& context) {
  if (old_password.empty()) return Fail(ErrorId::kPasswordOldPasswordRequired);
  if (new_password.empty()) return Fail(ErrorId::kPasswordRequired, "new_password is required");
  auto user = GetUser(principal.user_id);
  if (!user) return std::unexpected(user.error());
  // The policy refuses an oversized new password before either hash is computed.
  if (auto ok = CheckPassword(new_password, options_.password, PersonalData(*user)); !ok) {
    return std::unexpected(ok.error());
  }
  if (old_password.size() > static_cast<std::size_t>(options_.password.max_length) * 4) {
    return Fail(ErrorId::kPasswordOldPasswordWrong);
  }
  if (!user->password_hash) return Fail(ErrorId::kAuthPasswordNotSet);
  auto matches = hashing_.Verify(old_password, *user->password_hash);
  if (!matches) return std::unexpected(matches.error());
  if (!*matches) {
    audit_.Record(context, {.action = "password.change",
                            .outcome = "password.old_password_wrong",
                            .actor_id = user->id,
                            .target_id = user->id});
    return Fail(ErrorId::kPasswordOldPasswordWrong);
  }
  if (auto set = SetPassword(*user, new_password, principal.session_id); !set) return set;
  audit_.Record(context,
                {.action = "password.change", .outcome = "success", .actor_id = user->id, .target_id = user->id});
  return {};
}

std::vector<std::string_view> AccountsService::PersonalData(const User& user) {
  std::vector<std::string_view> personal;
  for (const auto* value : {&user.username, &user.email, &user.nickname}) {
    if (*value) personal.push_back(**value);
  }
  return personal;
}

Result<std::vector<AfterCommit>> AccountsService::AnnounceCredentialChange(store::sql::Connection& c,
                                                                           const CredentialEvent& event,
                                                                           std::int64_t now) {
  std::vector<AfterCommit> after;
  for (auto* listener : credential_listeners_) {
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

Status AccountsService::SetPassword(const User& user, std::string_view new_password,
                                    std::optional<std::string_view> keep_session, bool must_change) {
  if (auto ok = CheckPassword(new_password, options_.password, PersonalData(user)); !ok) {
    return std::unexpected(ok.error());
  }
  auto hash = hashing_.Hash(new_password);
  if (!hash) return std::unexpected(hash.error());
  const auto now = Now();
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
    auto announced = AnnounceCredentialChange(c, {.user_id = user.id, .change = CredentialChange::kPassword}, now);
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

Status AccountsService::EndAllSessions(std::string_view user_id, CredentialChange why) {
  std::vector<std::string> ended;
  std::vector<AfterCommit> after;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    const auto now = Now();
    auto revoked = RevokeSessions(c, user_id, std::nullopt, now);
    if (!revoked) return std::unexpected(revoked.error());
    ended = std::move(*revoked);
    auto announced = AnnounceCredentialChange(c, {.user_id = std::string(user_id), .change = why}, now);
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
