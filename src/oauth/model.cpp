#include "oauth/model.hpp"

#include <algorithm>

namespace menshen::oauth {

std::string_view ToString(AppType type) {
  switch (type) {
    case AppType::kWeb:
      return "web";
    case AppType::kSpa:
      return "spa";
    case AppType::kNative:
      return "native";
    case AppType::kM2m:
      return "m2m";
  }
  return "web";
}

std::string_view ToString(AuthMethod method) {
  switch (method) {
    case AuthMethod::kClientSecretBasic:
      return "client_secret_basic";
    case AuthMethod::kClientSecretPost:
      return "client_secret_post";
    case AuthMethod::kNone:
      return "none";
  }
  return "none";
}

std::string_view ToString(GrantType grant) {
  switch (grant) {
    case GrantType::kAuthorizationCode:
      return "authorization_code";
    case GrantType::kRefreshToken:
      return "refresh_token";
    case GrantType::kClientCredentials:
      return "client_credentials";
    case GrantType::kPassword:
      return "password";
  }
  return "authorization_code";
}

std::optional<AppType> ParseAppType(std::string_view text) {
  for (auto type : {AppType::kWeb, AppType::kSpa, AppType::kNative, AppType::kM2m}) {
    if (ToString(type) == text) return type;
  }
  return std::nullopt;
}

std::optional<AuthMethod> ParseAuthMethod(std::string_view text) {
  for (auto method : {AuthMethod::kClientSecretBasic, AuthMethod::kClientSecretPost, AuthMethod::kNone}) {
    if (ToString(method) == text) return method;
  }
  return std::nullopt;
}

std::optional<GrantType> ParseGrantType(std::string_view text) {
  for (auto grant :
       {GrantType::kAuthorizationCode, GrantType::kRefreshToken, GrantType::kClientCredentials, GrantType::kPassword}) {
    if (ToString(grant) == text) return grant;
  }
  return std::nullopt;
}

bool IsPublic(AppType type) { return type == AppType::kSpa || type == AppType::kNative; }

bool App::Allows(GrantType grant) const { return std::ranges::find(grant_types, grant) != grant_types.end(); }

}  // namespace menshen::oauth
