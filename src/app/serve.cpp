#include "app/serve.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <vector>

#include "accounts/setup.hpp"
#include "accounts/users/bootstrap.hpp"
#include "app/kv_storage.hpp"
#include "app/logging.hpp"
#include "app/metrics_listener.hpp"
#include "app/ops_routes.hpp"
#include "app/storage.hpp"
#include "catalog/catalog.hpp"
#include "core/config/config_warnings.hpp"
#include "crypto/hashing_pool.hpp"
#include "crypto/password.hpp"
#include "http/server/server.hpp"
#include "keys/key_encryption.hpp"
#include "keys/password_transport_key.hpp"
#include "keys/signing_keys.hpp"
#include "oauth/setup.hpp"
#include "store/sql/migrator.hpp"
#include "store/sql/postgres/pg_url.hpp"

namespace menshen::app {
namespace {

// "host:port" or "[v6]:port"; the config check has already validated the shape.
std::pair<std::string, std::uint16_t> SplitListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  return {host, static_cast<std::uint16_t>(std::stoi(listen.substr(colon + 1)))};
}

// The config check has parsed every entry already.
IpNetworks TrustedProxies(const std::vector<std::string>& entries) {
  auto networks = IpNetworks::Parse(entries);
  if (!networks) throw std::invalid_argument("server.trusted_proxies: " + networks.error());
  return std::move(*networks);
}

// RFC 6797: only where the issuer, the address users reach, is https. Sent over plain http it would be
// ignored by browsers (7.2) and would pin a development host to TLS. No includeSubDomains: the issuer's
// parent domain may well serve other hosts without TLS.
std::string StrictTransportSecurity(const Config& config) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(config.server.hsts_max_age).count();
  if (!config.oauth.issuer.starts_with("https://") || seconds == 0) return {};
  return fmt::format("max-age={}", seconds);
}

http::ServerOptions ServerOptionsFrom(const Config& config) {
  const auto [host, port] = SplitListen(config.server.listen);
  const auto& s = config.server;
  return http::ServerOptions{.host = host,
                             .port = port,
                             .io_threads = s.io_threads,
                             .header_timeout = s.header_timeout,
                             .body_timeout = s.body_timeout,
                             .idle_timeout = s.idle_timeout,
                             .shutdown_deadline = s.shutdown_deadline,
                             .max_header_bytes = s.max_header_bytes,
                             .max_uri_bytes = s.max_uri_bytes,
                             .max_body_bytes = s.max_body_bytes,
                             .max_connections = static_cast<std::size_t>(s.max_connections),
                             .max_connections_per_ip = static_cast<std::size_t>(s.max_connections_per_ip),
                             .first_byte_timeout = s.first_byte_timeout,
                             .trusted_proxies = TrustedProxies(s.trusted_proxies),
                             .strict_transport_security = StrictTransportSecurity(config)};
}

// The migrated database and the keys sealed in it: where `serve` and `keys rotate` both start.
// A failure's public detail names the step that failed.
struct Stores {
  std::unique_ptr<store::sql::Database> db;
  std::unique_ptr<keys::SigningKeys> keys;
  keys::PasswordTransportKey password_key;
};

Result<Stores> OpenStores(const Config& config, const Clock& clock, Random& random) {
  auto step_failed = [](std::string step, const Error& error) {
    return Fail(error.id, std::move(step), error.internal_detail);
  };
  auto opened = OpenMigratedDatabase(config, clock);
  if (!opened) return std::unexpected(opened.error());
  for (const auto version : opened->applied) spdlog::info("applied migration {}", version);
  auto& db = opened->db;
  auto kek = keys::KeyEncryptionKey::Load(config.security, config.data_dir, random);
  if (!kek) return step_failed("cannot load the key-encryption key", kek.error());
  auto keys = keys::SigningKeys::Open(*db, *kek, clock, random);
  if (!keys) return step_failed("cannot load the signing keys", keys.error());
  auto password_key = keys::PasswordTransportKey::Open(*db, *kek, random, clock);
  if (!password_key) return step_failed("cannot load the password transport key", password_key.error());
  return Stores{std::move(db), std::move(*keys), std::move(*password_key)};
}

// What a node does in the background once a minute. Another node's key rotation, and the end of a retired
// key's grace period, reach this process through a reload; a minute is far below any grace period. Refresh
// tokens long expired are deleted (every node may do it: a delete is idempotent).
std::jthread StartMaintenance(keys::SigningKeys& keys, accounts::SessionService& account_sessions,
                              oauth::UserTokenService& user_tokens) {
  return std::jthread([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, stop, std::chrono::minutes(1), [] { return false; }) && !stop.stop_requested()) {
      if (auto reloaded = keys.Reload(); !reloaded) {
        spdlog::warn("cannot reload the signing keys: {}", reloaded.error().internal_detail);
      }
      for (auto purged : {account_sessions.PurgeExpiredRefreshTokens(), user_tokens.PurgeExpiredRefreshTokens()}) {
        if (!purged) spdlog::warn("cannot purge expired refresh tokens: {}", purged.error().internal_detail);
      }
    }
  });
}

}  // namespace

int Serve(const Config& config) {
  SetupLogging(config.log.level);
  for (const auto& warning : ConfigWarnings(config)) spdlog::warn("{}", warning);
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);

  const auto catalog = catalog::Catalog::Load(config.catalog.profile, config.catalog.profile_dir);
  const auto default_locale = catalog::ParseLocale(config.catalog.default_locale).value_or(catalog::Locale::kZhCn);
  SystemClock clock;
  SystemRandom random;

  auto stores = OpenStores(config, clock, random);
  if (!stores) {
    spdlog::critical("{}: {}", stores.error().public_detail, stores.error().internal_detail);
    return 1;
  }
  auto& db = stores->db;
  auto& keys = stores->keys;
  const crypto::PasswordHasher hasher;
  auto root = accounts::EnsureRootAdmin(*db, hasher, random, clock);
  if (!root) {
    spdlog::critical("cannot create the root administrator: {}", root.error().internal_detail);
    return 1;
  }
  auto opened_kv = OpenKv(config, clock);
  if (!opened_kv) {
    spdlog::critical("{}: {}", opened_kv.error().public_detail, opened_kv.error().internal_detail);
    return 1;
  }
  store::kv::Kv& kv = **opened_kv;
  // Sized so that hashing memory stays bounded: threads x argon2id memory cost.
  crypto::HashingPool hashing(hasher, 2, 64);
  audit::AuditLog audit(*db, clock, random);
  const accounts::AccountsStores shared{
      .db = *db, .kv = kv, .hashing = hashing, .audit = audit, .clock = clock, .random = random};
  accounts::AccountsModule accounts(config, shared, *keys, stores->password_key);

  http::Router router;
  http::Metrics metrics;
  const http::Renderer renderer(catalog);
  std::optional<http::AccessLog> access_log;
  if (config.log.access_log) access_log.emplace(STDOUT_FILENO);
  http::Pipeline pipeline(router, renderer, metrics, access_log ? &*access_log : nullptr,
                          http::PipelineOptions{.max_params = static_cast<std::size_t>(config.server.max_params),
                                                .default_locale = default_locale});
  WorkerPool workers(static_cast<std::size_t>(config.server.worker_threads),
                     static_cast<std::size_t>(config.server.worker_queue));
  http::Server server(ServerOptionsFrom(config), pipeline, workers);
  AddOpsRoutes(router, OpsDeps{.renderer = renderer, .db = *db, .kv = kv, .clock = clock});
  std::optional<MetricsListener> metrics_listener;
  if (!config.server.metrics_listen.empty()) {
    const auto [metrics_host, metrics_port] = SplitListen(config.server.metrics_listen);
    metrics_listener.emplace(
        metrics_host, metrics_port, renderer, metrics,
        [&workers, &server] {
          return http::Gauges{.queue_depth = workers.QueueDepth(),
                              .busy_workers = workers.Busy(),
                              .open_connections = server.OpenConnections()};
        },
        workers, default_locale);
    if (auto listening = metrics_listener->Listen(); !listening) {
      spdlog::critical("cannot listen on {}: {}", config.server.metrics_listen, listening.error().internal_detail);
      return 1;
    }
  }

  accounts.AddRoutes(router, renderer);

  if (auto listening = server.Listen(); !listening) {
    spdlog::critical("cannot listen on {}: {}", config.server.listen, listening.error().internal_detail);
    return 1;
  }
  const auto [host, port] = SplitListen(config.server.listen);
  const std::string base_url =
      fmt::format("http://{}:{}", host.find(':') == std::string::npos ? host : "[" + host + "]", server.Port());

  // The OAuth routes come after Listen because the default issuer names the bound port; nothing is accepted
  // before Run.
  if (config.oauth.issuer.empty()) {
    spdlog::warn("oauth.issuer is not set: using {} (set it to the public https URL in production)", base_url);
  }
  oauth::OAuthModule oauth(
      config, oauth::OAuthStores{.db = *db, .kv = kv, .keys = *keys, .audit = audit, .clock = clock, .random = random},
      accounts, config.oauth.issuer.empty() ? base_url : config.oauth.issuer);
  oauth.AddRoutes(router, renderer);
  const auto maintenance = StartMaintenance(*keys, accounts.Sessions(), oauth.UserTokens());
  if (metrics_listener) {
    // Printed before the main line, which tells a supervisor the server is up.
    const auto metrics_host = SplitListen(config.server.metrics_listen).first;
    fmt::print("metrics endpoint: http://{}:{}/metrics\n",
               metrics_host.find(':') == std::string::npos ? metrics_host : "[" + metrics_host + "]",
               metrics_listener->Port());
    metrics_listener->Start();
  }
  fmt::print("menshen listening on {} (catalog profile {}, database {})\n", base_url, catalog.ProfileName(),
             store::sql::RedactUrl(config.database.url));
  if (*root) {
    fmt::print("root administrator created: username {} password {}\n", (*root)->username, (*root)->password);
    fmt::print("  (shown once and stored only as a hash; change it after the first login)\n");
  }
  std::fflush(stdout);

  server.Run();
  if (server.Forced()) {
    // Handlers still running hold on to connections that can no longer be served: leave without
    // unwinding them. Nothing is half-written, since every write is a transaction.
    spdlog::warn("stopped at the shutdown deadline");
    spdlog::default_logger()->flush();
    if (access_log) access_log->Flush();
    std::_Exit(0);
  }
  workers.Stop();
  spdlog::info("stopped");
  return 0;
}

int Migrate(const Config& config) {
  SetupLogging(config.log.level);
  SystemClock clock;
  auto opened = OpenMigratedDatabase(config, clock);
  if (!opened) {
    fmt::print(stderr, "{}: {}\n", opened.error().public_detail, opened.error().internal_detail);
    return 1;
  }
  auto state = store::sql::Migrator(*opened->db, Migrations(), clock).Inspect();
  fmt::print("applied {} migration(s); schema version {}\n", opened->applied.size(), state ? state->current : 0);
  return 0;
}

int RotateKeys(const Config& config, const std::string& alg_name) {
  SetupLogging(config.log.level);
  const auto alg = crypto::ParseAlg(alg_name);
  if (!alg) {
    fmt::print(stderr, "unknown algorithm {} (ES256, RS256 or EdDSA)\n", alg_name);
    return 2;
  }
  SystemClock clock;
  SystemRandom random;
  auto stores = OpenStores(config, clock, random);
  if (!stores) {
    fmt::print(stderr, "{}: {}\n", stores.error().public_detail, stores.error().internal_detail);
    return 1;
  }
  auto kid = stores->keys->Rotate(*alg);
  if (!kid) {
    fmt::print(stderr, "rotation failed: {}\n", kid.error().internal_detail);
    return 1;
  }
  fmt::print("new {} signing key {}; the previous key stays published for its grace period\n", alg_name, *kid);
  return 0;
}

}  // namespace menshen::app
