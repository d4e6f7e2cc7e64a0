#include "oauth/tokens/userinfo_claims.hpp"

#include <algorithm>

namespace menshen::oauth {
namespace {

bool Has(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::ranges::find(scopes, scope) != scopes.end();
}

void Put(nlohmann::json& out, const char* name, const std::optional<std::string>& value) {
  if (value && !value->empty()) out[name] = *value;
}

}  // namespace

const std::vector<std::string>& UserInfoClaimNames() {
  static const std::vector<std::string> names = {"sub",     "name",           "nickname",     "preferred_username",
                                                 "picture", "gender",         "birthdate",    "updated_at",
                                                 "email",   "email_verified", "phone_number", "phone_number_verified"};
  return names;
}

nlohmann::json UserInfoClaims(const accounts::User& user, const std::vector<std::string>& scopes) {
  nlohmann::json out = {{"sub", user.id}};
  if (Has(scopes, "profile")) {
    // menshen keeps one display name, the nickname: it answers both name and nickname.
    Put(out, "name", user.nickname);
    Put(out, "nickname", user.nickname);
    Put(out, "preferred_username", user.username_display ? user.username_display : user.username);
    Put(out, "picture", user.avatar);
    Put(out, "gender", user.gender);
    Put(out, "birthdate", user.birthdate);
    out["updated_at"] = user.updated_at;
  }
  // No address has been proven yet (there is no verification flow), so neither is reported as verified.
  if (Has(scopes, "email") && user.email) {
    out["email"] = user.email_display.value_or(*user.email);
    out["email_verified"] = false;
  }
  if (Has(scopes, "phone") && user.phone) {
    out["phone_number"] = *user.phone;  // stored in E.164
    out["phone_number_verified"] = false;
  }
  return out;
}

}  // namespace menshen::oauth
