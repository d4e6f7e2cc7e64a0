#include "accounts/users/account_state.hpp"

namespace menshen::accounts {

bool PasswordExpired(const User& user, std::chrono::seconds max_age, std::int64_t now) {
  if (user.password_expires_at && *user.password_expires_at <= now) return true;
  const auto changed = user.password_changed_at.value_or(user.created_at);
  return max_age.count() > 0 && changed + max_age.count() <= now;
}

Status CheckCanSignIn(const User& user, std::chrono::seconds password_max_age, std::int64_t now) {
  switch (user.status) {
    case AccountStatus::kActive:
      break;
    case AccountStatus::kLocked:
      return Fail(ErrorId::kAccountLocked);
    case AccountStatus::kDisabled:
      return Fail(ErrorId::kAccountDisabled);
    case AccountStatus::kDeleted:
      return Fail(ErrorId::kAccountDeleted);
  }
  if (user.locked_until && *user.locked_until > now) return Fail(ErrorId::kAccountLocked);
  if (user.account_expires_at && *user.account_expires_at <= now) return Fail(ErrorId::kAccountExpired);
  if (PasswordExpired(user, password_max_age, now)) {
    return Fail(ErrorId::kPasswordExpired, "change it with POST /api/v1/auth/change-password");
  }
  return {};
}

}  // namespace menshen::accounts
