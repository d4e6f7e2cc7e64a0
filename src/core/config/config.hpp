// Server settings: built-in defaults < TOML file < MENSHEN_* environment < command-line overrides.
// One schema table (config_schema.cpp) drives parsing, checks and the generated docs.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace menshen {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  int io_threads = 2;
  int worker_threads = 2;
  int worker_queue = 1024;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds shutdown_deadline{10000};
  std::size_t max_header_bytes = 16384;
  std::size_t max_uri_bytes = 8192;
  std::size_t max_body_bytes = 1 << 20;
  int max_params = 100;
  int max_connections = 10000;
  // Connection limits, client addresses behind proxies, the metrics listener and HSTS (docs/security.md).
  int max_connections_per_ip = 100;
  std::chrono::milliseconds first_byte_timeout{5000};
  std::vector<std::string> trusted_proxies;  // addresses and CIDR ranges
  std::string metrics_listen;                // empty: no metrics listener
  std::chrono::milliseconds hsts_max_age{365LL * 24 * 3600 * 1000};
  bool operator==(const ServerConfig&) const = default;
};

struct DatabaseConfig {
  // A relative sqlite path lies inside data_dir (the application resolves it).
  std::string url = "sqlite:menshen.db";
  std::chrono::milliseconds busy_timeout{5000};
  int pool_size = 4;
  // PostgreSQL: how long a statement, a new connection and a wait for a free pooled connection may take.
  std::chrono::milliseconds statement_timeout{5000};
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds pool_timeout{2000};
  bool operator==(const DatabaseConfig&) const = default;
};

struct KvConfig {
  std::string url = "sqlite:kv.db";
  std::size_t max_keys = 1000000;
  // Redis: keys live under the prefix so that deployments can share a server; connections are pooled.
  std::string prefix = "menshen:";
  std::chrono::milliseconds timeout{1000};
  int pool_size = 8;
  bool operator==(const KvConfig&) const = default;
};

struct CatalogConfig {
  std::string profile = "menshen";
  std::string profile_dir;
  std::string default_locale = "zh-CN";
  bool operator==(const CatalogConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";
  bool access_log = true;
  bool operator==(const LogConfig&) const = default;
};

// The key-encryption key (base64) that protects signing keys at rest, or a file holding it.
struct SecurityConfig {
  std::string kek;
  std::string kek_file;
  bool operator==(const SecurityConfig&) const = default;
};

// Rules for account identifiers and passwords (lengths in characters, i.e. Unicode code points).
struct AccountsConfig {
  int username_min_length = 3;
  int username_max_length = 64;
  int password_min_length = 8;
  int password_min_score = 2;  // zxcvbn 0..4
  std::string phone_default_region = "CN";
  bool registration_enabled = true;
  int max_registrations_per_ip = 20;  // within registration_window; 0: no limit
  // Across all sources within registration_window: server-wide until user pools exist, then per pool.
  int max_registrations_per_window = 1000;
  std::chrono::milliseconds registration_window{3600 * 1000};
  std::chrono::milliseconds password_max_age{0};  // 0: passwords do not age
  bool operator==(const AccountsConfig&) const = default;
};

// Sign-in: brute-force limits, what errors may reveal, token and session lifetimes.
struct LoginConfig {
  bool reveal_unknown_user = false;  // true: separate "user not found" and "wrong password" answers
  int max_failures = 5;              // per (account, source) pair, then that pair is locked out
  std::chrono::milliseconds lock_duration{15 * 60 * 1000};
  // Sign-in throttling beyond the pair (docs/security.md): the cap of the doubling lock-outs, the limit
  // across unfamiliar sources, and how long a source that signed in stays familiar.
  std::chrono::milliseconds max_lock_duration{24LL * 3600 * 1000};
  int max_account_failures = 50;
  std::chrono::milliseconds familiar_source_ttl{90LL * 24 * 3600 * 1000};
  int max_ip_failures = 100;  // per client address within ip_window
  std::chrono::milliseconds ip_window{15 * 60 * 1000};
  std::chrono::milliseconds access_token_ttl{15 * 60 * 1000};
  std::chrono::milliseconds session_ttl{30LL * 24 * 3600 * 1000};
  int max_sessions_per_user = 100;  // the oldest end when a sign-in would open one more
  // A session (and the hosted pages' sign-in) unused this long ends; 0: only session_ttl ends it.
  std::chrono::milliseconds session_idle_timeout{7LL * 24 * 3600 * 1000};
  bool operator==(const LoginConfig&) const = default;
};

// The OAuth 2.0 authorization server.
struct OAuthConfig {
  std::string issuer;  // empty: http://<listen address> (development only)
  // The password grant (RFC 9700 2.4: MUST NOT be used) is refused and unadvertised unless this is on.
  bool password_grant_enabled = false;
  // A refresh token not used this long is refused; 0: only its lifetime ends it.
  std::chrono::milliseconds refresh_token_idle_timeout{15LL * 24 * 3600 * 1000};
  bool operator==(const OAuthConfig&) const = default;
};

struct Config {
  std::string data_dir = "var";
  ServerConfig server;
  DatabaseConfig database;
  KvConfig kv;
  CatalogConfig catalog;
  LogConfig log;
  SecurityConfig security;
  AccountsConfig accounts;
  LoginConfig login;
  OAuthConfig oauth;
  bool operator==(const Config&) const = default;
};

struct ConfigProblem {
  std::string source;  // file path, "env MENSHEN_X", or "--set a.b"
  int line = 0;        // 1-based line in a file; 0 when the source has no lines
  std::string message;
};

struct ConfigLoad {
  Config config;
  std::vector<ConfigProblem> problems;
};

// Reads `file` (empty path: no file), then the MENSHEN_* variables named by the schema through
// `getenv`, then `overrides` ("section.key=value" or "top_level_key=value"). Collects every problem
// rather than stopping at the first; a value that fails leaves what the lower layers set.
ConfigLoad LoadConfig(const std::filesystem::path& file, const std::function<const char*(const char*)>& getenv,
                      const std::vector<std::string>& overrides);

// "menshen.toml:12: server.worker_threads: must be 1..256, got 0"; the line is left out when 0.
std::string FormatProblem(const ConfigProblem& problem);

// Markdown reference of every key (docs/configuration.md).
std::string RenderConfigDocs();

// A TOML file listing every key commented out with its default (menshen.example.toml).
std::string RenderExampleConfig();

}  // namespace menshen
