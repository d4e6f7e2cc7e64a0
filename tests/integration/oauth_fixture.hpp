// What the OAuth integration tests share: one real server per test binary, signed in as root, and helpers
// for JSON admin calls and form-encoded token requests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {

using nlohmann::json;

inline std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(v >> shift) & 63];
    out += '=';
  }
  return out;
}

struct Reply {
  int status = 0;
  json body;
  RawResponse raw;
};

class OAuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The suites register more accounts from 127.0.0.1 than the per-address default allows.
    std::vector<std::string> args{"--set", "accounts.max_registrations_per_ip=0"};
    args.insert(args.end(), server_args_.begin(), server_args_.end());
    server_ = new ServerProcess(args);
    ASSERT_TRUE(server_->Started());
    std::string password;
    for (int i = 0; i < 100 && password.empty(); ++i) {
      password = server_->RootPassword();
      if (password.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_FALSE(password.empty());
    const auto login = Json("POST", "/api/v1/auth/login", {{"account", "root"}, {"password", password}});
    ASSERT_EQ(login.status, 200) << login.body;
    admin_token_ = login.body["data"]["access_token"].get<std::string>();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Reply Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& headers) {
    const auto response = Request(server_->Port(), method, path, body, headers);
    if (!response) return {};
    Reply reply{response->status, json::parse(response->body, nullptr, false), *response};
    return reply;
  }
  static Reply Json(const std::string& method, const std::string& path, const json& body = nullptr,
                    const std::string& token = {}) {
    std::string headers = "Content-Type: application/json\r\n";
    if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
    return Send(method, path, body.is_null() ? std::string{} : body.dump(), headers);
  }
  static Reply Admin(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Json(method, path, body, admin_token_);
  }
  static Reply Form(const std::string& path, const std::string& form, const std::string& extra_headers = {}) {
    return Send("POST", path, form, "Content-Type: application/x-www-form-urlencoded\r\n" + extra_headers);
  }
  static std::string BasicHeader(const std::string& id, const std::string& secret) {
    return "Authorization: Basic " + Base64(id + ":" + secret) + "\r\n";
  }
  // A machine-to-machine app with scopes; returns {client_id, client_secret}.
  static std::pair<std::string, std::string> CreateM2m(const std::string& name, json extra = json::object()) {
    json body = {{"name", name}, {"type", "m2m"}, {"scopes", {"orders.read", "orders.write"}}};
    body.update(extra);
    const auto created = Admin("POST", "/api/v1/admin/apps", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return {created.body["data"]["client_id"].get<std::string>(),
            created.body["data"].value("client_secret", std::string{})};
  }
  static Reply Token(const std::string& id, const std::string& secret, const std::string& form = {}) {
    return Form("/oauth/token", "grant_type=client_credentials" + form, BasicHeader(id, secret));
  }

  static inline ServerProcess* server_ = nullptr;
  // Extra `menshen serve` flags for the suite about to start (a suite sets them in its SetUpTestSuite).
  static inline std::vector<std::string> server_args_;
  static inline std::string admin_token_;
};

}  // namespace menshen::testing
