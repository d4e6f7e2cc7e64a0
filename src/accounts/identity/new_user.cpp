#include "accounts/identity/new_user.hpp"

#include <string_view>
#include <vector>

#include "accounts/identity/profile_fields.hpp"

namespace menshen::accounts {

Result<User> PrepareNewUser(const RegisterInput& input, const NewUserRules& rules) {
  if (!input.username && !input.email && !input.phone) {
    return Fail(ErrorId::kCommonMissingParameter, "one of username, email or phone is required");
  }
  const bool has_password = input.password && !input.password->empty();
  if (rules.password_required && !has_password) return Fail(ErrorId::kPasswordRequired);
  User user;
  std::vector<std::string_view> personal;
  if (input.username) {
    auto parsed = ParseUsername(*input.username, rules.username);
    if (!parsed) return std::unexpected(parsed.error());
    user.username = parsed->key;
    user.username_display = parsed->display;
    personal.push_back(*input.username);
  }
  if (input.email) {
    auto parsed = ParseEmail(*input.email);
    if (!parsed) return std::unexpected(parsed.error());
    user.email = parsed->key;
    user.email_display = parsed->display;
    personal.push_back(*input.email);
  }
  if (input.phone) {
    auto parsed = NormalizePhone(*input.phone, rules.phone_region);
    if (!parsed) return std::unexpected(parsed.error());
    user.phone = *parsed;
    personal.push_back(*input.phone);
  }
  if (input.nickname) {
    if (auto ok = CheckNickname(*input.nickname); !ok) return std::unexpected(ok.error());
    user.nickname = *input.nickname;
    personal.push_back(*input.nickname);
  }
  // The policy refuses an oversized password here, before any hashing.
  if (has_password) {
    if (auto ok = CheckPassword(*input.password, rules.password, personal); !ok) return std::unexpected(ok.error());
  }
  return user;
}

}  // namespace menshen::accounts
