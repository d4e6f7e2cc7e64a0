// A real server for the tests of users' OAuth tokens, signed in as root, with the calls they make: register a
// user, make an app with the password grant (turned on for these servers), ask for and refresh tokens,
// introspect them and call userinfo.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "oauth_fixture.hpp"

namespace menshen::testing {

using nlohmann::json;

inline constexpr const char* kPassword = "plum orchard lantern 42";
inline const json kUserScopes = {"openid", "profile", "email", "phone"};

inline std::string Basic(const std::string& id, const std::string& secret) {
  return "Authorization: Basic " + Base64(id + ":" + secret) + "\r\n";
}

// One server, signed in as root, with the calls these tests make.
class Node {
 public:
  // The password grant is off by default (RFC 9700 2.4); these servers turn it on for the tests that use it.
  explicit Node(std::vector<std::string> args = {}) : server_(WithPasswordGrant(std::move(args))) {
    EXPECT_TRUE(server_.Started());
    std::string password;
    for (int i = 0; i < 100 && password.empty(); ++i) {
      password = server_.RootPassword();
      if (password.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto login = Json("POST", "/api/v1/auth/login", {{"account", "root"}, {"password", password}});
    EXPECT_EQ(login.status, 200) << login.body;
    admin_token_ = login.body["data"].value("access_token", "");
  }

  static std::vector<std::string> WithPasswordGrant(std::vector<std::string> args) {
    args.insert(args.begin(), {"--set", "oauth.password_grant_enabled=true"});
    return args;
  }

  std::uint16_t Port() const { return server_.Port(); }
  std::string Issuer() const { return "http://127.0.0.1:" + std::to_string(Port()); }

  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& headers) const {
    const auto response = Request(Port(), method, path, body, headers);
    if (!response) return {};
    return Reply{response->status, json::parse(response->body, nullptr, false), *response};
  }
  Reply Json(const std::string& method, const std::string& path, const json& body = nullptr,
             const std::string& token = {}) const {
    std::string headers = "Content-Type: application/json\r\n";
    if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
    return Send(method, path, body.is_null() ? std::string{} : body.dump(), headers);
  }
  Reply Admin(const std::string& method, const std::string& path, const json& body = nullptr) const {
    return Json(method, path, body, admin_token_);
  }
  Reply Form(const std::string& path, const std::string& form, const std::string& extra_headers = {}) const {
    return Send("POST", path, form, "Content-Type: application/x-www-form-urlencoded\r\n" + extra_headers);
  }

  std::string Register(const std::string& username, json extra = json::object()) const {
    json body = {{"username", username}, {"password", kPassword}};
    body.update(extra);
    const auto created = Json("POST", "/api/v1/auth/register", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.body["data"].value("id", "");
  }
  // A web app with the password and refresh_token grants; {client_id, client_secret}.
  std::pair<std::string, std::string> PasswordApp(const std::string& name, json extra = json::object()) const {
    json body = {
        {"name", name}, {"type", "web"}, {"grant_types", {"password", "refresh_token"}}, {"scopes", kUserScopes}};
    body.update(extra);
    const auto created = Admin("POST", "/api/v1/admin/apps", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.body["data"].value("client_id", ""), created.body["data"].value("client_secret", "")};
  }
  Reply Password(const std::pair<std::string, std::string>& app, const std::string& username,
                 const std::string& password, const std::string& more = {}) const {
    return Form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password + more,
                Basic(app.first, app.second));
  }
  Reply Refresh(const std::pair<std::string, std::string>& app, const std::string& token,
                const std::string& more = {}) const {
    return Form("/oauth/token", "grant_type=refresh_token&refresh_token=" + token + more, Basic(app.first, app.second));
  }
  Reply Introspect(const std::pair<std::string, std::string>& app, const std::string& token,
                   const std::string& more = {}) const {
    return Form("/oauth/introspect", "token=" + token + more, Basic(app.first, app.second));
  }
  Reply UserInfo(const std::string& token) const {
    return Send("GET", "/oauth/userinfo", "", "Authorization: Bearer " + token + "\r\n");
  }

 private:
  ServerProcess server_;
  std::string admin_token_;
};

}  // namespace menshen::testing
