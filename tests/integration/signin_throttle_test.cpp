// Sign-in throttling through the real binary: what one source's failures do to the account's owner elsewhere,
// lock-outs that grow, familiar sources past the account-wide limit, the operator's unlock of a running
// server, and the registration limits. Sources are told apart by connecting from 127.0.0.x.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "json_api.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kPassword = "plum orchard lantern 42";

// A server of its own per test, and calls from a chosen source address.
class Node {
 public:
  explicit Node(std::vector<std::string> args = {}) : server_(std::move(args)) {}
  bool Started() const { return server_.Started(); }
  ServerProcess& Server() { return server_; }
  std::pair<int, json> Login(const std::string& account, const std::string& password, const std::string& from) {
    return CallJson(server_.Port(), "POST", "/api/v1/auth/login", {{"account", account}, {"password", password}}, {},
                    from);
  }
  std::pair<int, json> Register(const std::string& username, const std::string& from = "127.0.0.1") {
    return CallJson(server_.Port(), "POST", "/api/v1/auth/register", {{"username", username}, {"password", kPassword}},
                    {}, from);
  }
  std::string RootPassword() {
    for (int i = 0; i < 100; ++i) {
      if (auto password = server_.RootPassword(); !password.empty()) return password;
      std::this_thread::sleep_for(20ms);
    }
    return {};
  }
  // `times` wrong passwords from `from`; the errors answered.
  std::vector<std::string> Guess(const std::string& account, const std::string& from, int times) {
    std::vector<std::string> errors;
    for (int i = 0; i < times; ++i) errors.push_back(Login(account, "wrong guess", from).second.value("error", ""));
    return errors;
  }

 private:
  ServerProcess server_;
};

std::vector<std::string> Repeat(const std::string& error, int times) { return std::vector<std::string>(times, error); }

TEST(SignInThrottleTest, OneSourceCannotLockRootOutForItsOwner) {
  Node node;
  ASSERT_TRUE(node.Started());
  const auto root_password = node.RootPassword();
  EXPECT_EQ(node.Guess("root", "127.0.0.2", 5), Repeat("auth.invalid_credentials", 5));
  const auto [refused_status, refused] = node.Login("root", root_password, "127.0.0.2");
  EXPECT_EQ(refused_status, 403) << refused;
  EXPECT_EQ(refused["error"], "account.temporarily_locked");
  EXPECT_EQ(refused["detail"], "too many failed sign-ins; try again in 15 minutes");
  // The owner, from another address, signs in as usual.
  const auto [status, login] = node.Login("root", root_password, "127.0.0.3");
  EXPECT_EQ(status, 200) << login;
}

TEST(SignInThrottleTest, TheAttackersSourceStaysThrottledWithGrowingDelays) {
  Node node({"--set", "login.max_failures=2", "--set", "login.lock_duration=2s"});
  ASSERT_TRUE(node.Started());
  ASSERT_EQ(node.Register("besieged").first, 201);
  EXPECT_EQ(node.Guess("besieged", "127.0.0.2", 2), Repeat("auth.invalid_credentials", 2));
  auto [status, refused] = node.Login("besieged", kPassword, "127.0.0.2");
  EXPECT_EQ(refused["error"], "account.temporarily_locked");
  EXPECT_EQ(refused["detail"], "too many failed sign-ins; try again in 2 seconds");
  std::this_thread::sleep_for(2200ms);
  // The first lock-out is over; the second, after two more failures, lasts twice as long.
  EXPECT_EQ(
      node.Guess("besieged", "127.0.0.2", 3),
      (std::vector<std::string>{"auth.invalid_credentials", "auth.invalid_credentials", "account.temporarily_locked"}));
  EXPECT_EQ(node.Login("besieged", kPassword, "127.0.0.2").second["detail"],
            "too many failed sign-ins; try again in 4 seconds");
  std::this_thread::sleep_for(2200ms);
  EXPECT_EQ(node.Login("besieged", kPassword, "127.0.0.2").second["error"], "account.temporarily_locked");
  // Meanwhile the owner was never kept out.
  EXPECT_EQ(node.Login("besieged", kPassword, "127.0.0.3").first, 200);
  std::this_thread::sleep_for(2000ms);
  EXPECT_EQ(node.Login("besieged", kPassword, "127.0.0.2").first, 200);
}

TEST(SignInThrottleTest, PastTheAccountLimitAFamiliarSourceStillSignsIn) {
  Node node({"--set", "login.max_failures=2", "--set", "login.max_account_failures=4"});
  ASSERT_TRUE(node.Started());
  ASSERT_EQ(node.Register("popular").first, 201);
  ASSERT_EQ(node.Login("popular", kPassword, "127.0.0.3").first, 200);  // the owner's usual address
  // Two strangers spend the account-wide allowance without either being locked out on its own.
  EXPECT_EQ(node.Guess("popular", "127.0.0.4", 2), Repeat("auth.invalid_credentials", 2));
  EXPECT_EQ(node.Guess("popular", "127.0.0.5", 2), Repeat("auth.invalid_credentials", 2));
  // A third, new address is refused even with the right password; the familiar one is not.
  const auto [stranger_status, stranger] = node.Login("popular", kPassword, "127.0.0.6");
  EXPECT_EQ(stranger_status, 403) << stranger;
  EXPECT_EQ(stranger["error"], "account.temporarily_locked");
  const auto [owner_status, owner] = node.Login("popular", kPassword, "127.0.0.3");
  EXPECT_EQ(owner_status, 200) << owner;
}

TEST(SignInThrottleTest, TheUnlockCommandFreesAnAccountOnARunningServer) {
  Node node;
  ASSERT_TRUE(node.Started());
  const auto root_password = node.RootPassword();
  const auto [s1, root_login] = node.Login("root", root_password, "127.0.0.3");
  ASSERT_EQ(s1, 200) << root_login;
  const auto root_token = root_login["data"]["access_token"].get<std::string>();
  const auto [s2, created] = node.Register("captive");
  ASSERT_EQ(s2, 201) << created;
  const auto id = created["data"]["id"].get<std::string>();
  // An administrator's lock, and a throttled source, on the same account; and root throttled from one source.
  ASSERT_EQ(CallJson(node.Server().Port(), "POST", "/api/v1/admin/users/" + id + "/lock", nullptr, root_token).first,
            200);
  node.Guess("captive", "127.0.0.2", 5);
  node.Guess("root", "127.0.0.2", 5);
  EXPECT_EQ(node.Login("captive", kPassword, "127.0.0.2").second["error"], "account.temporarily_locked");
  EXPECT_EQ(node.Login("root", root_password, "127.0.0.2").second["error"], "account.temporarily_locked");

  const auto data_dir = node.Server().DataDir().string();
  for (const auto* name : {"captive", "root"}) {
    const auto [code, output] = RunMenshen({"users", "unlock", name, "--data-dir", data_dir});
    EXPECT_EQ(code, 0) << output;
    EXPECT_NE(output.find("unlocked " + std::string(name)), std::string::npos) << output;
    EXPECT_NE(output.find("sign-in failure counters reset"), std::string::npos) << output;
  }
  EXPECT_NE(RunMenshen({"users", "unlock", "captive", "--data-dir", data_dir}).second.find("unlocked"),
            std::string::npos);
  const auto [unknown_code, unknown_output] = RunMenshen({"users", "unlock", "nobody_at_all", "--data-dir", data_dir});
  EXPECT_EQ(unknown_code, 1) << unknown_output;
  EXPECT_NE(unknown_output.find("no account named nobody_at_all"), std::string::npos) << unknown_output;

  const auto [captive_status, captive] = node.Login("captive", kPassword, "127.0.0.2");
  EXPECT_EQ(captive_status, 200) << captive;
  EXPECT_EQ(node.Login("root", root_password, "127.0.0.2").first, 200);
}

TEST(SignInThrottleTest, TheAdminUnlockAlsoEndsTheThrottle) {
  Node node;
  ASSERT_TRUE(node.Started());
  const auto [s1, root_login] = node.Login("root", node.RootPassword(), "127.0.0.3");
  ASSERT_EQ(s1, 200) << root_login;
  const auto [s2, created] = node.Register("helped");
  ASSERT_EQ(s2, 201) << created;
  node.Guess("helped", "127.0.0.2", 5);
  EXPECT_EQ(node.Login("helped", kPassword, "127.0.0.2").second["error"], "account.temporarily_locked");
  const auto path = "/api/v1/admin/users/" + created["data"]["id"].get<std::string>() + "/unlock";
  ASSERT_EQ(CallJson(node.Server().Port(), "POST", path, nullptr, root_login["data"]["access_token"]).first, 200);
  EXPECT_EQ(node.Login("helped", kPassword, "127.0.0.2").first, 200);
}

TEST(RegistrationLimitTest, OneAddressRegistersTwentyAnHourByDefault) {
  Node node;
  ASSERT_TRUE(node.Started());
  for (int i = 0; i < 20; ++i) {
    const auto [status, created] = node.Register("flood" + std::to_string(i), "127.0.0.2");
    ASSERT_EQ(status, 201) << i << created;
  }
  const auto [status, refused] = node.Register("flood20", "127.0.0.2");
  EXPECT_EQ(status, 429) << refused;
  EXPECT_EQ(refused["error"], "limit.registration_too_frequent");
  // Another address is not held back by the first one's limit.
  EXPECT_EQ(node.Register("neighbour", "127.0.0.3").first, 201);
}

TEST(RegistrationLimitTest, AllAddressesTogetherMeetThePoolLimit) {
  Node node({"--set", "accounts.max_registrations_per_window=3"});
  ASSERT_TRUE(node.Started());
  EXPECT_EQ(node.Register("first", "127.0.0.2").first, 201);
  EXPECT_EQ(node.Register("second", "127.0.0.3").first, 201);
  EXPECT_EQ(node.Register("third", "127.0.0.4").first, 201);
  const auto [status, refused] = node.Register("fourth", "127.0.0.5");
  EXPECT_EQ(status, 429) << refused;
  EXPECT_EQ(refused["error"], "limit.registration_too_frequent");
}

}  // namespace
}  // namespace menshen::testing
