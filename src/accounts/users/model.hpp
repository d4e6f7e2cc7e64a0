// What an account is, as the accounts service sees it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace menshen::accounts {

enum class Role { kUser, kAdmin, kRoot };
enum class AccountStatus { kActive, kLocked, kDisabled, kDeleted };

std::string_view ToString(Role role);
std::string_view ToString(AccountStatus status);
std::optional<Role> ParseRole(std::string_view text);
std::optional<AccountStatus> ParseAccountStatus(std::string_view text);

struct User {
  std::string id;
  std::optional<std::string> username;  // normalised key
  std::optional<std::string> username_display;
  std::optional<std::string> email;  // normalised key
  std::optional<std::string> email_display;
  std::optional<std::string> phone;  // E.164
  std::optional<std::string> password_hash;
  std::optional<std::string> nickname;
  std::optional<std::string> avatar;
  std::optional<std::string> introduction;
  std::optional<std::string> gender;
  std::optional<std::string> birthdate;
  Role role = Role::kUser;
  AccountStatus status = AccountStatus::kActive;
  std::optional<std::int64_t> locked_until;         // a temporary lock after repeated failures
  std::optional<std::int64_t> account_expires_at;   // the account may not sign in after this
  std::optional<std::int64_t> password_expires_at;  // the password must be changed after this
  std::optional<std::int64_t> password_changed_at;
  std::optional<std::int64_t> deleted_at;
  std::int64_t lockout_generation = 0;  // part of the sign-in throttle's keys; an unlock moves it on
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace menshen::accounts
