#include "accounts/api/route_helpers.hpp"

#include <fmt/core.h>

namespace menshen::accounts {

using nlohmann::json;

nlohmann::json UserJson(const User& user) {
  auto optional = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", user.id},
          {"username", optional(user.username_display ? user.username_display : user.username)},
          {"email", optional(user.email_display ? user.email_display : user.email)},
          {"phone", optional(user.phone)},
          {"nickname", optional(user.nickname)},
          {"avatar", optional(user.avatar)},
          {"introduction", optional(user.introduction)},
          {"gender", optional(user.gender)},
          {"birthdate", optional(user.birthdate)},
          {"role", ToString(user.role)},
          {"status", ToString(user.status)},
          {"created_at", user.created_at}};
}

nlohmann::json TokensJson(const TokenPair& pair) {
  return {{"access_token", pair.access_token},   {"token_type", "Bearer"},        {"expires_in", pair.expires_in},
          {"refresh_token", pair.refresh_token}, {"session_id", pair.session_id}, {"user", UserJson(pair.user)}};
}

Result<std::optional<std::string>> StringField(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return Fail(ErrorId::kCommonInvalidParameter, fmt::format("{} must be a string", name));
  return it->get<std::string>();
}

audit::RequestContext ContextOf(const http::Request& request) {
  return {request.client_ip, request.request_id, std::string(request.Header("user-agent").value_or(""))};
}

nlohmann::json AdminUserJson(const User& user) {
  auto optional = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
  auto out = UserJson(user);
  out["updated_at"] = user.updated_at;
  out["locked_until"] = optional(user.locked_until);
  out["account_expires_at"] = optional(user.account_expires_at);
  out["password_expires_at"] = optional(user.password_expires_at);
  out["password_changed_at"] = optional(user.password_changed_at);
  out["has_password"] = user.password_hash.has_value();
  out["deleted_at"] = optional(user.deleted_at);
  return out;
}

}  // namespace menshen::accounts
