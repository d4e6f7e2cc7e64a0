#include "accounts/users/model.hpp"

namespace menshen::accounts {

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kUser:
      return "user";
    case Role::kAdmin:
      return "admin";
    case Role::kRoot:
      return "root";
  }
  return "user";
}

std::string_view ToString(AccountStatus status) {
  switch (status) {
    case AccountStatus::kActive:
      return "active";
    case AccountStatus::kLocked:
      return "locked";
    case AccountStatus::kDisabled:
      return "disabled";
    case AccountStatus::kDeleted:
      return "deleted";
  }
  return "active";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto role : {Role::kUser, Role::kAdmin, Role::kRoot}) {
    if (ToString(role) == text) return role;
  }
  return std::nullopt;
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view text) {
  for (const auto status :
       {AccountStatus::kActive, AccountStatus::kLocked, AccountStatus::kDisabled, AccountStatus::kDeleted}) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

}  // namespace menshen::accounts
