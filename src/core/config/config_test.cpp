#include "core/config/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "core/config/config_schema.hpp"
#include "core/config/config_warnings.hpp"

namespace menshen {
namespace {

using namespace std::chrono_literals;

// A fake environment so tests never read the real one.
struct FakeEnv {
  std::map<std::string, std::string> vars;
  std::function<const char*(const char*)> Lookup() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

class ConfigTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(std::string_view text) {
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("menshen_config_test_" + std::to_string(::getpid()) + ".toml");
};

std::vector<std::string> Formatted(const ConfigLoad& load) {
  std::vector<std::string> out;
  for (const ConfigProblem& problem : load.problems) out.push_back(FormatProblem(problem));
  return out;
}

std::string ReadSourceFile(const std::string& relative) {
  const char* root = std::getenv("MENSHEN_SOURCE_DIR");
  if (root == nullptr) return "(MENSHEN_SOURCE_DIR is not set)";
  std::ifstream in(std::filesystem::path(root) / relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Golden files are rewritten, instead of compared, when MENSHEN_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string& relative, const std::string& rendered) {
  const char* update = std::getenv("MENSHEN_UPDATE_GOLDEN");
  const char* root = std::getenv("MENSHEN_SOURCE_DIR");
  if (update != nullptr && std::string_view(update) == "1" && root != nullptr) {
    std::ofstream(std::filesystem::path(root) / relative, std::ios::binary) << rendered;
  }
  EXPECT_EQ(ReadSourceFile(relative), rendered) << relative << " is stale; rerun with MENSHEN_UPDATE_GOLDEN=1";
}

TEST_F(ConfigTest, DefaultsWithNoSources) {
  ConfigLoad load = LoadConfig({}, FakeEnv{}.Lookup(), {});
  EXPECT_TRUE(load.problems.empty());
  EXPECT_EQ(load.config, Config{});
  EXPECT_EQ(load.config.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(load.config.server.header_timeout, 10s);
  EXPECT_EQ(load.config.database.url, "sqlite:menshen.db");
}

TEST_F(ConfigTest, ReadsFileValues) {
  auto path = Write(R"(data_dir = "/srv/menshen"
[server]
listen = "[::1]:9000"
worker_threads = 8
header_timeout = "15s"
body_timeout = 2500
max_body_bytes = "4MiB"
max_header_bytes = 32768
trusted_proxies = ["10.0.0.0/8", "::1"]
[database]
url = "postgres://menshen@db/menshen"
[kv]
url = "redis://127.0.0.1:6379"
max_keys = 50
[catalog]
default_locale = "en"
[log]
level = "debug"
access_log = false
)");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  EXPECT_EQ(Formatted(load), std::vector<std::string>{});
  const Config& c = load.config;
  EXPECT_EQ(c.data_dir, "/srv/menshen");
  EXPECT_EQ(c.server.listen, "[::1]:9000");
  EXPECT_EQ(c.server.worker_threads, 8);
  EXPECT_EQ(c.server.header_timeout, 15s);
  EXPECT_EQ(c.server.body_timeout, 2500ms);
  EXPECT_EQ(c.server.max_body_bytes, 4u << 20);
  EXPECT_EQ(c.server.max_header_bytes, 32768u);
  EXPECT_EQ(c.server.trusted_proxies, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
  EXPECT_EQ(c.database.url, "postgres://menshen@db/menshen");
  EXPECT_EQ(c.kv.url, "redis://127.0.0.1:6379");
  EXPECT_EQ(c.kv.max_keys, 50u);
  EXPECT_EQ(c.catalog.default_locale, "en");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_FALSE(c.log.access_log);
  EXPECT_EQ(c.server.io_threads, ServerConfig{}.io_threads) << "keys not in the file keep their defaults";
}

TEST_F(ConfigTest, EnvOverridesFileAndCliOverridesEnv) {
  auto path =
      Write("data_dir = \"from-file\"\n[server]\nlisten = \"10.0.0.1:1\"\nworker_threads = 3\nio_threads = 2\n");
  FakeEnv env{{{"MENSHEN_SERVER_LISTEN", "10.0.0.2:2"},
               {"MENSHEN_SERVER_WORKER_THREADS", "5"},
               {"MENSHEN_DATA_DIR", "from-env"},
               {"MENSHEN_SERVER_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2"},
               {"MENSHEN_SERVER_IDLE_TIMEOUT", "2m"},
               {"MENSHEN_CATALOG_PROFILE", ""}}};
  ConfigLoad load = LoadConfig(path, env.Lookup(), {"server.worker_threads=7", "data_dir=from-cli"});
  EXPECT_EQ(Formatted(load), std::vector<std::string>{});
  EXPECT_EQ(load.config.server.io_threads, 2);         // file only
  EXPECT_EQ(load.config.server.listen, "10.0.0.2:2");  // env over file
  EXPECT_EQ(load.config.server.worker_threads, 7);     // cli over env
  EXPECT_EQ(load.config.data_dir, "from-cli");         // top-level key, cli over env
  EXPECT_EQ(load.config.server.trusted_proxies,
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));  // env list, comma-separated
  EXPECT_EQ(load.config.server.idle_timeout, 2min);               // env duration with unit
  EXPECT_EQ(load.config.catalog.profile, "menshen");              // empty variable is unset
}

TEST_F(ConfigTest, LooksUpOnlySchemaVariables) {
  std::vector<std::string> asked;
  auto spy = [&](const char* name) -> const char* {
    asked.emplace_back(name);
    return nullptr;
  };
  LoadConfig({}, spy, {});
  ASSERT_EQ(asked.size(), config::Schema().size() + config::RetiredKeys().size());
  EXPECT_NE(std::ranges::find(asked, "MENSHEN_DATA_DIR"), asked.end());
  EXPECT_NE(std::ranges::find(asked, "MENSHEN_CATALOG_PROFILE"), asked.end());
  EXPECT_NE(std::ranges::find(asked, "MENSHEN_SERVER_MAX_BODY_BYTES"), asked.end());
}

TEST_F(ConfigTest, CollectsEveryFileProblemWithItsLine) {
  auto path = Write(R"(data_dir = "var"
colour = "blue"
[server]
listen = "localhost"
worker_threads = 0
io_threads = "two"
header_timeout = "5 seconds"
body_timeout = 50
max_body_bytes = "2GiB"
max_uri_bytes = 1.5
trusted_proxies = ["10.0.0.1/8"]
speed = 3
[log]
level = "verbose"
[catalog]
default_locale = "fr"
[database]
url = "mysql://secret@db"
[metrics]
port = 9090
)");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  const std::string p = path.string();
  std::vector<std::string> expected{
      p + ":2: unknown key colour",
      p + ":4: server.listen: must be host:port, got \"localhost\"",
      p + ":5: server.worker_threads: must be 1..256, got 0",
      p + ":6: server.io_threads: must be an integer, got \"two\"",
      p + ":7: server.header_timeout: must be a duration (integer milliseconds, or like 500ms, 15s, 2m, 1h), got "
          "\"5 seconds\"",
      p + ":8: server.body_timeout: must be 100ms..1h, got 50ms",
      p + ":9: server.max_body_bytes: must be 1KiB..1GiB, got 2GiB",
      p + ":10: server.max_uri_bytes: must be a size (integer bytes, or like 512B, 16KiB, 1MiB, 1GiB), got a float",
      p + ":11: server.trusted_proxies: \"10.0.0.1/8\" has bits set past its prefix length (did you mean "
          "10.0.0.0/8?)",
      p + ":12: unknown key server.speed",
      p + ":14: log.level: must be one of trace, debug, info, warn, error, got \"verbose\"",
      p + ":16: catalog.default_locale: must be one of zh-CN, en, got \"fr\"",
      p + ":18: database.url: must start with sqlite:, postgres:// or postgresql://",
      p + ":19: unknown section [metrics]",
  };
  EXPECT_EQ(Formatted(load), expected);
  // Failed values keep their defaults.
  EXPECT_EQ(load.config, Config{});
}

TEST_F(ConfigTest, TrustProxyIsRefusedWithThePointerToTrustedProxies) {
  auto path = Write("[server]\ntrust_proxy = true\n");
  FakeEnv env{{{"MENSHEN_SERVER_TRUST_PROXY", "1"}}};
  ConfigLoad load = LoadConfig(path, env.Lookup(), {"server.trust_proxy=true"});
  ASSERT_EQ(load.problems.size(), 3u);
  EXPECT_EQ(load.problems[0].line, 2);
  EXPECT_EQ(load.problems[1].source, "env MENSHEN_SERVER_TRUST_PROXY");
  EXPECT_EQ(load.problems[2].source, "--set server.trust_proxy");
  for (const auto& text : Formatted(load)) {
    EXPECT_NE(text.find("server.trust_proxy: was replaced by server.trusted_proxies"), std::string::npos) << text;
  }
  EXPECT_TRUE(load.config.server.trusted_proxies.empty());
}

TEST_F(ConfigTest, TrustedProxiesTakeAListAndCheckEachEntry) {
  auto path = Write("[server]\ntrusted_proxies = [1, 2]\n");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(),
                               {"server.trusted_proxies=10.0.0.0/8, proxy.internal", "server.trusted_proxies=a,,b",
                                "server.trusted_proxies=192.0.2.0/33"});
  const std::string p = path.string();
  std::vector<std::string> expected{
      p + ":2: server.trusted_proxies: must be a list of strings (a TOML array, or comma-separated text), got an "
          "array",
      "--set server.trusted_proxies: server.trusted_proxies: \"proxy.internal\" is not an IP address or CIDR range",
      "--set server.trusted_proxies: server.trusted_proxies: must be a list of strings (a TOML array, or "
      "comma-separated text), got \"a,,b\"",
      "--set server.trusted_proxies: server.trusted_proxies: \"192.0.2.0/33\": the prefix length must be 0..32",
  };
  EXPECT_EQ(Formatted(load), expected);
  EXPECT_TRUE(load.config.server.trusted_proxies.empty());
  const auto cleared =
      LoadConfig(Write("[server]\ntrusted_proxies = [\"::1\"]\n"), FakeEnv{}.Lookup(), {"server.trusted_proxies="});
  EXPECT_EQ(Formatted(cleared), std::vector<std::string>{});
  EXPECT_TRUE(cleared.config.server.trusted_proxies.empty()) << "an empty override clears the list";
  const auto empty = LoadConfig(Write("[server]\ntrusted_proxies = []\n"), FakeEnv{}.Lookup(), {});
  EXPECT_EQ(Formatted(empty), std::vector<std::string>{});
}

TEST_F(ConfigTest, SecretsAreNotEchoed) {
  FakeEnv env{{{"MENSHEN_DATABASE_URL", "mysql://user:hunter2@db"}}};
  ConfigLoad load = LoadConfig({}, env.Lookup(), {"kv.url=memcached://user:hunter2@kv"});
  ASSERT_EQ(load.problems.size(), 2u);
  for (const std::string& text : Formatted(load)) EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
}

TEST_F(ConfigTest, EnvAndCliProblemsNameTheirSource) {
  FakeEnv env{{{"MENSHEN_SERVER_WORKER_QUEUE", "lots"}, {"MENSHEN_LOG_ACCESS_LOG", "maybe"}}};
  ConfigLoad load = LoadConfig(
      {}, env.Lookup(),
      {"server.max_params=0", "server.nope=1", "nosection.key=1", "server.listen", "server.max_header_bytes=512B"});
  std::vector<std::string> expected{
      "env MENSHEN_SERVER_WORKER_QUEUE: server.worker_queue: must be an integer, got \"lots\"",
      "env MENSHEN_LOG_ACCESS_LOG: log.access_log: must be true or false, got \"maybe\"",
      "--set server.max_params: server.max_params: must be 1..10000, got 0",
      "--set server.nope: unknown key server.nope",
      "--set nosection.key: unknown key nosection.key",
      "--set server.listen: expected section.key=value",
      "--set server.max_header_bytes: server.max_header_bytes: must be 1KiB..1MiB, got 512",
  };
  EXPECT_EQ(Formatted(load), expected);
}

TEST_F(ConfigTest, AccountRules) {
  FakeEnv env{{{"MENSHEN_ACCOUNTS_PHONE_DEFAULT_REGION", "US"}}};
  ConfigLoad good = LoadConfig({}, env.Lookup(), {"accounts.password_min_length=6", "accounts.password_min_score=0"});
  EXPECT_TRUE(good.problems.empty());
  EXPECT_EQ(good.config.accounts.phone_default_region, "US");
  EXPECT_EQ(good.config.accounts.password_min_length, 6);
  EXPECT_EQ(good.config.accounts.password_min_score, 0);
  EXPECT_EQ(good.config.accounts.username_min_length, 3);

  ConfigLoad bad =
      LoadConfig({}, nullptr,
                 {"accounts.password_min_length=5", "accounts.password_min_score=5", "accounts.phone_default_region=cn",
                  "accounts.username_min_length=10", "accounts.username_max_length=8"});
  std::vector<std::string> expected{
      "--set accounts.password_min_length: accounts.password_min_length: must be 6..128, got 5",
      "--set accounts.password_min_score: accounts.password_min_score: must be 0..4, got 5",
      "--set accounts.phone_default_region: accounts.phone_default_region: must be two upper-case letters such as "
      "CN or US, got \"cn\"",
      "config: accounts.username_max_length: must not be below accounts.username_min_length (10), got 8",
  };
  EXPECT_EQ(Formatted(bad), expected);
}

TEST_F(ConfigTest, BadValueLeavesTheLowerLayer) {
  auto path = Write("[server]\nworker_threads = 6\n");
  FakeEnv env{{{"MENSHEN_SERVER_WORKER_THREADS", "999"}}};
  ConfigLoad load = LoadConfig(path, env.Lookup(), {});
  EXPECT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.config.server.worker_threads, 6);
}

TEST_F(ConfigTest, TomlSyntaxErrorHasItsLine) {
  auto path = Write("[server]\nlisten = \"127.0.0.1:80\"\nworker_threads = = 3\n");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].source, path.string());
  EXPECT_EQ(load.problems[0].line, 3);
  EXPECT_EQ(load.config, Config{});
}

TEST_F(ConfigTest, SectionGivenAsScalarIsAProblem) {
  auto path = Write("server = 3\n");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  EXPECT_EQ(Formatted(load), std::vector<std::string>{path.string() + ":1: [server] must be a table, got integer"});
}

TEST_F(ConfigTest, DottedKeysAndNestedTables) {
  auto path = Write("log.level = \"warn\"\n[server.tls]\ncert = \"x.pem\"\n[[kv]]\nurl = \"memory:\"\n");
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  EXPECT_EQ(load.config.log.level, "warn");
  std::vector<std::string> expected{path.string() + ":2: unknown key server.tls",
                                    path.string() + ":4: [kv] must be a table, got array"};
  EXPECT_EQ(Formatted(load), expected);
}

TEST_F(ConfigTest, MissingAndOversizedFiles) {
  ConfigLoad missing = LoadConfig("/nonexistent/menshen.toml", FakeEnv{}.Lookup(), {});
  ASSERT_EQ(missing.problems.size(), 1u);
  EXPECT_EQ(missing.problems[0].source, "/nonexistent/menshen.toml");

  auto path = Write(std::string((1 << 20) + 1, '#'));
  ConfigLoad big = LoadConfig(path, FakeEnv{}.Lookup(), {});
  ASSERT_EQ(big.problems.size(), 1u);
  EXPECT_NE(big.problems[0].message.find("1 MiB"), std::string::npos);
}

TEST_F(ConfigTest, APerNodeKvStoreUnderASharedDatabaseIsWarnedAbout) {
  Config config;
  config.database.url = "postgres://menshen@db.internal/menshen";
  for (const char* kv : {"memory:", "sqlite:kv.db"}) {
    config.kv.url = kv;
    const auto warnings = ConfigWarnings(config);
    ASSERT_EQ(warnings.size(), 1u) << kv;
    EXPECT_TRUE(warnings[0].starts_with("kv.url: ")) << warnings[0];
    EXPECT_NE(warnings[0].find("single node"), std::string::npos) << warnings[0];
  }
  config.database.url = "postgresql://menshen@db.internal/menshen";
  EXPECT_EQ(ConfigWarnings(config).size(), 1u);
  config.kv.url = "redis://cache.internal:6379";
  EXPECT_TRUE(ConfigWarnings(config).empty());
  // One node on its own SQLite file: a per-node kv store is the right choice.
  config.database.url = "sqlite:menshen.db";
  config.kv.url = "memory:";
  EXPECT_TRUE(ConfigWarnings(config).empty());
  EXPECT_TRUE(ConfigWarnings(Config{}).empty());
}

TEST_F(ConfigTest, FormatProblemLeavesOutLineZero) {
  EXPECT_EQ(FormatProblem({"menshen.toml", 12, "server.worker_threads: must be 1..256, got 0"}),
            "menshen.toml:12: server.worker_threads: must be 1..256, got 0");
  EXPECT_EQ(FormatProblem({"env MENSHEN_X", 0, "bad"}), "env MENSHEN_X: bad");
}

TEST_F(ConfigTest, SchemaDefaultsPassTheirOwnChecks) {
  for (const config::Key& key : config::Schema()) {
    Config defaults;
    std::string literal = config::TomlLiteral(key, defaults);
    if (literal.size() >= 2 && literal.front() == '"') literal = literal.substr(1, literal.size() - 2);
    // A list is spelled as comma-separated text in an override: ["a", "b"] -> a, b.
    if (literal.starts_with('[')) std::erase_if(literal, [](char c) { return c == '[' || c == ']' || c == '"'; });
    ConfigLoad load = LoadConfig({}, {}, {config::DottedName(key) + "=" + literal});
    EXPECT_EQ(Formatted(load), std::vector<std::string>{}) << config::DottedName(key);
    EXPECT_EQ(load.config, Config{}) << config::DottedName(key);
  }
}

TEST_F(ConfigTest, DocsMatchSchema) { ExpectGolden("docs/configuration.md", RenderConfigDocs()); }

TEST_F(ConfigTest, ExampleMatchesSchema) { ExpectGolden("menshen.example.toml", RenderExampleConfig()); }

TEST_F(ConfigTest, ExampleUncommentedLoadsAsDefaults) {
  // Turn "# key = value" lines into settings; descriptions stay comments.
  std::istringstream lines(RenderExampleConfig());
  std::string example;
  for (std::string line; std::getline(lines, line);) {
    bool setting = line.starts_with("# ") && line.size() > 2 && std::islower(static_cast<unsigned char>(line[2])) &&
                   line.find(" = ") != std::string::npos;
    example += (setting ? line.substr(2) : line) + "\n";
  }
  ASSERT_NE(example.find("\nlisten = \"127.0.0.1:8080\""), std::string::npos);
  auto path = Write(example);
  ConfigLoad load = LoadConfig(path, FakeEnv{}.Lookup(), {});
  EXPECT_EQ(Formatted(load), std::vector<std::string>{});
  EXPECT_EQ(load.config, Config{});
}

}  // namespace
}  // namespace menshen
