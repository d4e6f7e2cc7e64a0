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

#include "accounts/admin_routes.hpp"
#include "accounts/bootstrap.hpp"
#include "accounts/routes.hpp"
#include "accounts/rules_config.hpp"
#include "app/logging.hpp"
#include "app/metrics_listener.hpp"
#include "app/ops_routes.hpp"
#include "app/storage.hpp"
#include "catalog/catalog.hpp"
#include "crypto/hashing_pool.hpp"
#include "crypto/key_encryption.hpp"
#include "crypto/password.hpp"
#include "crypto/password_transport_key.hpp"
#include "crypto/signing_keys.hpp"
#include "http/server.hpp"
#include "oauth/credential_grants.hpp"
#include "oauth/page_routes.hpp"
#include "oauth/routes.hpp"
#include "store/kv/memory_kv.hpp"
#include "store/sql/migrator.hpp"

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

Status MigrateSchema(store::sql::Database& db, const Clock& clock) {
  store::sql::Migrator migrator(db, Migrations(), clock);
  auto applied = migrator.Migrate();
  if (!applied) return std::unexpected(applied.error());
  for (const auto version : *applied) spdlog::info("applied migration {}", version);
  return {};
}

// The path of an https://host/path issuer ("" for none): the prefix of the hosted pages' links.
std::string IssuerPath(const std::string& issuer) {
  const auto scheme = issuer.find("://");
  const auto slash = scheme == std::string::npos ? std::string::npos : issuer.find('/', scheme + 3);
  std::string path = slash == std::string::npos ? std::string{} : issuer.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

// The migrated database and the keys sealed in it: where `serve` and `keys rotate` both start.
// A failure's public detail names the step that failed.
struct Stores {
  std::unique_ptr<store::sql::Database> db;
  std::unique_ptr<crypto::SigningKeys> keys;
  crypto::PasswordTransportKey password_key;
};

Result<Stores> OpenStores(const Config& config, const Clock& clock, Random& random) {
  auto step_failed = [](std::string step, const Error& error) {
    return Fail(error.id, std::move(step), error.internal_detail);
  };
  auto db = OpenDatabase(config);
  if (!db) return step_failed("cannot open the database", db.error());
  if (auto migrated = MigrateSchema(**db, clock); !migrated) {
    return step_failed("cannot migrate the database", migrated.error());
  }
  auto kek = crypto::KeyEncryptionKey::Load(config.security, config.data_dir, random);
  if (!kek) return step_failed("cannot load the key-encryption key", kek.error());
  auto keys = crypto::SigningKeys::Open(**db, *kek, clock, random);
  if (!keys) return step_failed("cannot load the signing keys", keys.error());
  auto password_key = crypto::PasswordTransportKey::Open(**db, *kek, random, clock);
  if (!password_key) return step_failed("cannot load the password transport key", password_key.error());
  return Stores{std::move(*db), std::move(*keys), std::move(*password_key)};
}

// What a node does in the background once a minute. Another node's key rotation, and the end of a retired
// key's grace period, reach this process through a reload; a minute is far below any grace period. Refresh
// tokens long expired are deleted (every node may do it: a delete is idempotent).
std::jthread StartMaintenance(crypto::SigningKeys& keys, accounts::AccountsService& accounts,
                              oauth::UserTokenService& user_tokens) {
  return std::jthread([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, stop, std::chrono::minutes(1), [] { return false; }) && !stop.stop_requested()) {
      if (auto reloaded = keys.Reload(); !reloaded) {
        spdlog::warn("cannot reload the signing keys: {}", reloaded.error().internal_detail);
      }
      for (auto purged : {accounts.PurgeExpiredRefreshTokens(), user_tokens.PurgeExpiredRefreshTokens()}) {
        if (!purged) spdlog::warn("cannot purge expired refresh tokens: {}", purged.error().internal_detail);
      }
    }
  });
}

}  // namespace

int Serve(const Config& config) {
  SetupLogging(config.log.level);
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
  store::kv::MemoryKv kv(clock, config.kv.max_keys);
  // Sized so that hashing memory stays bounded: threads x argon2id memory cost.
  crypto::HashingPool hashing(hasher, 2, 64);
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  const auto& login = config.login;
  const accounts::AccessTokens access_tokens(
      *keys, kv, clock, random, accounts::AccessTokenOptions{.ttl = duration_cast<seconds>(login.access_token_ttl)});
  accounts::AuditLog audit(*db, clock, random);
  accounts::AccountsService accounts_service(
      *db, kv, hashing, access_tokens, audit, clock, random,
      accounts::AccountsOptions{.username = accounts::UsernamePolicyFrom(config.accounts),
                                .password = accounts::PasswordPolicyFrom(config.accounts),
                                .phone_region = config.accounts.phone_default_region,
                                .reveal_unknown_user = login.reveal_unknown_user,
                                .throttle = {.max_failures = login.max_failures,
                                             .lock_duration = duration_cast<seconds>(login.lock_duration),
                                             .max_lock_duration = duration_cast<seconds>(login.max_lock_duration),
                                             .max_account_failures = login.max_account_failures,
                                             .familiar_ttl = duration_cast<seconds>(login.familiar_source_ttl),
                                             .max_ip_failures = login.max_ip_failures,
                                             .ip_window = duration_cast<seconds>(login.ip_window)},
                                .session_ttl = duration_cast<seconds>(login.session_ttl),
                                .session_idle_timeout = duration_cast<seconds>(login.session_idle_timeout),
                                .max_sessions_per_user = login.max_sessions_per_user,
                                .password_max_age = duration_cast<seconds>(config.accounts.password_max_age),
                                .registration_enabled = config.accounts.registration_enabled,
                                .max_registrations_per_ip = config.accounts.max_registrations_per_ip,
                                .max_registrations_per_window = config.accounts.max_registrations_per_window,
                                .registration_window = duration_cast<seconds>(config.accounts.registration_window)});
  accounts::AdminService admin_service(*db, kv, accounts_service, hashing, audit, clock, random,
                                       accounts::NewUserRules{.username = accounts::UsernamePolicyFrom(config.accounts),
                                                              .password = accounts::PasswordPolicyFrom(config.accounts),
                                                              .phone_region = config.accounts.phone_default_region});

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
  AddOpsRoutes(router, OpsDeps{.renderer = renderer, .db = *db, .clock = clock});
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

  accounts::AddAccountsRoutes(
      router, accounts::AccountsRouteDeps{.service = accounts_service,
                                          .tokens = access_tokens,
                                          .keys = *keys,
                                          .password_key = stores->password_key,
                                          .renderer = renderer,
                                          .max_params = static_cast<std::size_t>(config.server.max_params)});
  accounts::AddAdminRoutes(router,
                           accounts::AdminRouteDeps{.service = admin_service,
                                                    .tokens = access_tokens,
                                                    .renderer = renderer,
                                                    .max_params = static_cast<std::size_t>(config.server.max_params)});

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
  oauth::AppsService apps_service(*db, kv, audit, clock, random,
                                  oauth::AppsOptions{.password_grant_enabled = config.oauth.password_grant_enabled});
  oauth::TokenService token_service(
      apps_service, *keys, kv, clock, random,
      oauth::TokenOptions{.issuer = config.oauth.issuer.empty() ? base_url : config.oauth.issuer,
                          .password_grant_enabled = config.oauth.password_grant_enabled});
  oauth::UserTokenService user_token_service(
      *db, kv, *keys, token_service, accounts_service, audit, clock, random,
      oauth::UserTokenOptions{.issuer = token_service.Options().issuer,
                              .refresh_idle_timeout = duration_cast<seconds>(config.oauth.refresh_token_idle_timeout)});
  // A password change or reset, and an account locked, disabled or deleted, end the user's OAuth grants too.
  oauth::GrantsEndWithCredentials grants_end(kv, clock);
  accounts_service.AddCredentialListener(grants_end);
  const auto maintenance = StartMaintenance(*keys, accounts_service, user_token_service);
  const auto max_params = static_cast<std::size_t>(config.server.max_params);
  oauth::AddAppRoutes(router, oauth::AppRouteDeps{.apps = apps_service,
                                                  .tokens = access_tokens,
                                                  .accounts = accounts_service,
                                                  .renderer = renderer,
                                                  .max_params = max_params});
  oauth::AuthCodes auth_codes(kv, random);
  oauth::AddOAuthRoutes(router, oauth::OAuthRouteDeps{.apps = apps_service,
                                                      .tokens = token_service,
                                                      .user_tokens = user_token_service,
                                                      .codes = auth_codes,
                                                      .renderer = renderer,
                                                      .max_params = max_params});
  // The hosted pages and the authorization endpoint. Cookies are Secure and __Host- when the issuer is https
  // (TLS ends at a proxy in front of this server, or in it).
  const auto issuer = token_service.Options().issuer;
  oauth::BrowserSessions browser_sessions(*db, accounts_service, clock, random);
  oauth::Consents consents(*db, clock);
  oauth::Interactions interactions(kv, random);
  oauth::Authorizer authorizer(consents, auth_codes, *keys, clock, issuer);
  const oauth::Pages pages(IssuerPath(issuer));
  const oauth::Cookies cookies(issuer.starts_with("https://"));
  const oauth::PageRouteDeps page_deps{.apps = apps_service,
                                       .accounts = accounts_service,
                                       .user_tokens = user_token_service,
                                       .authorizer = authorizer,
                                       .sessions = browser_sessions,
                                       .consents = consents,
                                       .interactions = interactions,
                                       .pages = pages,
                                       .cookies = cookies,
                                       .keys = *keys,
                                       .renderer = renderer,
                                       .clock = clock,
                                       .random = random,
                                       .max_params = max_params};
  oauth::AddAuthorizeRoutes(router, page_deps);
  oauth::AddLogoutRoutes(router, page_deps);
  if (metrics_listener) {
    // Printed before the main line, which tells a supervisor the server is up.
    const auto metrics_host = SplitListen(config.server.metrics_listen).first;
    fmt::print("metrics endpoint: http://{}:{}/metrics\n",
               metrics_host.find(':') == std::string::npos ? metrics_host : "[" + metrics_host + "]",
               metrics_listener->Port());
    metrics_listener->Start();
  }
  fmt::print("menshen listening on {} (catalog profile {}, database {})\n", base_url, catalog.ProfileName(),
             config.database.url);
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
  auto db = OpenDatabase(config);
  if (!db) {
    fmt::print(stderr, "cannot open the database: {}\n", db.error().internal_detail);
    return 1;
  }
  store::sql::Migrator migrator(**db, Migrations(), clock);
  auto applied = migrator.Migrate();
  if (!applied) {
    fmt::print(stderr, "migration failed: {}\n", applied.error().internal_detail);
    return 1;
  }
  auto state = migrator.Inspect();
  fmt::print("applied {} migration(s); schema version {}\n", applied->size(), state ? state->current : 0);
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
