#include "accounts/users/user_service.hpp"

#include <algorithm>

#include "accounts/identity/password_policy.hpp"
#include "accounts/users/user_repo.hpp"

namespace menshen::accounts {

Result<User> UserService::GetUser(std::string_view user_id) {
  std::optional<User> found;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto user = FindUserById(c, user_id);
    if (!user) return std::unexpected(user.error());
    found = std::move(*user);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!found || found->status == AccountStatus::kDeleted) return Fail(ErrorId::kAuthUserNotFound);
  return *found;
}

Result<User> UserService::UpdateProfile(const Principal& principal, std::span<const FieldUpdate> fields,
                                        const audit::RequestContext& context) {
  if (auto ok = CheckProfileUpdate(fields); !ok) return std::unexpected(ok.error());
  // Column names come from the fixed list of profile fields, never from the request.
  std::string sql = "UPDATE users SET updated_at = ?";
  store::sql::Params params{clock_.UnixSeconds()};
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

Status UserService::ChangePassword(const Principal& principal, std::string_view old_password,
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
  if (auto set = credentials_.SetPassword(*user, new_password, principal.session_id); !set) return set;
  audit_.Record(context,
                {.action = "password.change", .outcome = "success", .actor_id = user->id, .target_id = user->id});
  return {};
}

}  // namespace menshen::accounts
