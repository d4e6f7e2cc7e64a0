// Start-up, first-run bootstrap, configuration and shutdown of the real binary.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

TEST(LifecycleTest, FirstStartCreatesRootOnceAndSecondStartDoesNot) {
  const auto data_dir = MakeTempDir("menshen-life");
  std::string password;
  {
    ServerProcess first({}, data_dir);
    ASSERT_TRUE(first.Started());
    password = first.RootPassword();
    EXPECT_GE(password.size(), 20u);
    EXPECT_EQ(first.Stop(SIGTERM), 0);
  }
  EXPECT_TRUE(std::filesystem::exists(data_dir / "menshen.db"));
  {
    ServerProcess second({}, data_dir);
    ASSERT_TRUE(second.Started());
    EXPECT_TRUE(second.RootPassword().empty());
    for (const auto& line : second.Lines()) EXPECT_EQ(line.find(password), std::string::npos);
  }
  std::filesystem::remove_all(data_dir);
}

TEST(LifecycleTest, SigtermWithIdleConnectionsExitsZeroQuickly) {
  ServerProcess server({"--set", "server.shutdown_deadline=3s"});
  ASSERT_TRUE(server.Started());
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 50; ++i) idle.push_back(std::make_unique<RawClient>(server.Port()));
  RawClient keep_alive(server.Port());
  ASSERT_TRUE(keep_alive.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(keep_alive.Read());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(SIGTERM, std::chrono::seconds(10)), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(keep_alive.WaitClosed(std::chrono::seconds(1)));
}

TEST(LifecycleTest, SigintAlsoStopsGracefully) {
  ServerProcess server;
  ASSERT_TRUE(server.Started());
  EXPECT_EQ(server.Stop(SIGINT), 0);
}

TEST(LifecycleTest, ProfileSelectionChangesTheNumbering) {
  ServerProcess server({"--set", "catalog.profile=open-platform"});
  ASSERT_TRUE(server.Started());
  const auto missing = Request(server.Port(), "GET", "/no/such");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["code"], 803);  // seed 001: 指定的对象不存在
  const auto ok = Request(server.Port(), "GET", "/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(json::parse(ok->body)["code"], 0);
}

TEST(LifecycleTest, OperatorProfileOverridesAndBrokenProfileFailsStartWithFileAndLine) {
  const auto dir = MakeTempDir("menshen-profiles");
  {
    std::ofstream broken(dir / "broken.toml");
    broken << "[profile]\nname = \"broken\"\n[[row]]\ncode = \n";
  }
  const auto data_dir = MakeTempDir("menshen-life");
  const auto [code, output] = RunMenshen({"serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir.string(), "--set",
                                          "catalog.profile_dir=" + dir.string(), "--set", "catalog.profile=broken"});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("broken.toml:4"), std::string::npos) << output;
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(data_dir);
}

TEST(LifecycleTest, ConfigCheckReportsEveryProblemWithLine) {
  const auto dir = MakeTempDir("menshen-config");
  const auto file = dir / "menshen.toml";
  {
    std::ofstream out(file);
    out << "[server]\nworker_threads = 0\nno_such_key = 1\n[catalog]\ndefault_locale = \"fr\"\n";
  }
  const auto [code, output] = RunMenshen({"config", "check", "--config", file.string()});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("menshen.toml:2"), std::string::npos) << output;
  EXPECT_NE(output.find("menshen.toml:3"), std::string::npos) << output;
  EXPECT_NE(output.find("menshen.toml:5"), std::string::npos) << output;
  std::filesystem::remove_all(dir);
}

TEST(LifecycleTest, ConfigCheckWarnsOfAPerNodeKvStoreUnderASharedDatabase) {
  const auto [code, output] = RunMenshen(
      {"config", "check", "--set", "database.url=postgres://db.internal/menshen", "--set", "kv.url=memory:"});
  EXPECT_EQ(code, 0) << output;  // a single node may run so: a warning, not a problem
  EXPECT_NE(output.find("warning: kv.url"), std::string::npos) << output;
  EXPECT_NE(output.find("configuration ok"), std::string::npos) << output;

  const auto [shared_code, shared_output] =
      RunMenshen({"config", "check", "--set", "database.url=postgres://db.internal/menshen", "--set",
                  "kv.url=redis://cache.internal:6379"});
  EXPECT_EQ(shared_code, 0) << shared_output;
  EXPECT_EQ(shared_output.find("warning"), std::string::npos) << shared_output;
}

TEST(LifecycleTest, ListenOnABusyPortFailsWithReason) {
  ServerProcess first;
  ASSERT_TRUE(first.Started());
  const auto data_dir = MakeTempDir("menshen-life");
  const auto [code, output] =
      RunMenshen({"serve", "--listen", "127.0.0.1:" + std::to_string(first.Port()), "--data-dir", data_dir.string()});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("cannot listen"), std::string::npos) << output;
  std::filesystem::remove_all(data_dir);
}

TEST(LifecycleTest, KeysRotateKeepsTheOldKeyPublished) {
  const auto data_dir = MakeTempDir("menshen-keys");
  std::string before;
  {
    ServerProcess server({}, data_dir);
    ASSERT_TRUE(server.Started());
    before = Request(server.Port(), "GET", "/.well-known/jwks.json")->body;
  }
  const auto [code, output] = RunMenshen({"keys", "rotate", "--alg", "ES256", "--data-dir", data_dir.string()});
  ASSERT_EQ(code, 0) << output;
  ServerProcess server({}, data_dir);
  ASSERT_TRUE(server.Started());
  const auto before_keys = json::parse(before)["keys"];
  const auto after_keys = json::parse(Request(server.Port(), "GET", "/.well-known/jwks.json")->body)["keys"];
  EXPECT_EQ(after_keys.size(), before_keys.size() + 1);
  for (const auto& key : before_keys) {
    EXPECT_NE(std::find(after_keys.begin(), after_keys.end(), key), after_keys.end()) << key;
  }
  EXPECT_EQ(RunMenshen({"keys", "rotate", "--alg", "HS256", "--data-dir", data_dir.string()}).first, 2);
  std::filesystem::remove_all(data_dir);
}

TEST(LifecycleTest, CatalogExportPrintsSeedTable) {
  const auto [code, output] = RunMenshen({"catalog", "export", "--profile", "idaas", "--format", "md"});
  EXPECT_EQ(code, 0);
  EXPECT_NE(output.find("2212"), std::string::npos);
  EXPECT_NE(output.find("不能删除 root 用户"), std::string::npos);
}

}  // namespace
}  // namespace menshen::testing
