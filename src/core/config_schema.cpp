#include "core/config_schema.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace menshen::config {
namespace {

using std::chrono::milliseconds;

template <auto kMember>
FieldRef Top(Config& config) {
  return &(config.*kMember);
}

template <auto kSection, auto kMember>
FieldRef In(Config& config) {
  return &(config.*kSection.*kMember);
}

constexpr std::int64_t kMs = 1;
constexpr std::int64_t kHour = 3'600'000 * kMs;
constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;
constexpr std::int64_t kGiB = 1024 * kMiB;

constexpr std::array<std::string_view, 5> kLogLevels{"trace", "debug", "info", "warn", "error"};
constexpr std::array<std::string_view, 2> kLocales{"zh-CN", "en"};

constexpr std::string_view kListenForm = "host:port; host is IPv4, [IPv6] or a name; port 0..65535";
constexpr std::string_view kNotEmpty = "not empty";

const std::array kSchema{
    Key{.name = "data_dir",
        .check = CheckNotEmpty,
        .form = kNotEmpty,
        .description = "Directory for the server's own files; relative paths start at the working directory.",
        .field = Top<&Config::data_dir>},

    Key{.section = "server",
        .name = "listen",
        .check = CheckListen,
        .form = kListenForm,
        .description = "Address the HTTP server binds to.",
        .field = In<&Config::server, &ServerConfig::listen>},
    Key{.section = "server",
        .name = "io_threads",
        .type = KeyType::kInt,
        .min = 1,
        .max = 256,
        .description = "Threads that do network I/O and run the handlers that answer from memory.",
        .field = In<&Config::server, &ServerConfig::io_threads>},
    Key{.section = "server",
        .name = "worker_threads",
        .type = KeyType::kInt,
        .min = 1,
        .max = 256,
        .description = "Threads that run request handlers.",
        .field = In<&Config::server, &ServerConfig::worker_threads>},
    Key{.section = "server",
        .name = "worker_queue",
        .type = KeyType::kInt,
        .min = 1,
        .max = 1'000'000,
        .description = "Requests that may wait for a worker; beyond it the server answers 503.",
        .field = In<&Config::server, &ServerConfig::worker_queue>},
    Key{.section = "server",
        .name = "header_timeout",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "Time allowed to receive a request's headers.",
        .field = In<&Config::server, &ServerConfig::header_timeout>},
    Key{.section = "server",
        .name = "body_timeout",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "Time allowed to receive a request's body.",
        .field = In<&Config::server, &ServerConfig::body_timeout>},
    Key{.section = "server",
        .name = "idle_timeout",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "How long a keep-alive connection may wait for its next request.",
        .field = In<&Config::server, &ServerConfig::idle_timeout>},
    Key{.section = "server",
        .name = "shutdown_deadline",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "On shutdown, time given to requests in flight before connections are cut.",
        .field = In<&Config::server, &ServerConfig::shutdown_deadline>},
    Key{.section = "server",
        .name = "max_header_bytes",
        .type = KeyType::kSize,
        .min = kKiB,
        .max = kMiB,
        .description = "Largest request head (request line and headers).",
        .field = In<&Config::server, &ServerConfig::max_header_bytes>},
    Key{.section = "server",
        .name = "max_uri_bytes",
        .type = KeyType::kSize,
        .min = 256,
        .max = kMiB,
        .description = "Longest request target.",
        .field = In<&Config::server, &ServerConfig::max_uri_bytes>},
    Key{.section = "server",
        .name = "max_body_bytes",
        .type = KeyType::kSize,
        .min = kKiB,
        .max = kGiB,
        .description = "Largest request body.",
        .field = In<&Config::server, &ServerConfig::max_body_bytes>},
    Key{.section = "server",
        .name = "max_params",
        .type = KeyType::kInt,
        .min = 1,
        .max = 10'000,
        .description = "Most query or form parameters in one request.",
        .field = In<&Config::server, &ServerConfig::max_params>},
    Key{.section = "server",
        .name = "max_connections",
        .type = KeyType::kInt,
        .min = 1,
        .max = 1'000'000,
        .description = "Most open client connections; further ones wait in the accept queue.",
        .field = In<&Config::server, &ServerConfig::max_connections>},
    // Connection limits, client addresses behind proxies, the metrics listener and HSTS (docs/security.md).
    Key{.section = "server",
        .name = "max_connections_per_ip",
        .type = KeyType::kInt,
        .min = 1,
        .max = 1'000'000,
        .description = "Most open connections from one client address (trusted proxies excepted); further ones "
                       "are closed at once.",
        .field = In<&Config::server, &ServerConfig::max_connections_per_ip>},
    Key{.section = "server",
        .name = "first_byte_timeout",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "How long a new connection may wait before sending its first byte.",
        .field = In<&Config::server, &ServerConfig::first_byte_timeout>},
    Key{.section = "server",
        .name = "trusted_proxies",
        .type = KeyType::kList,
        .check = CheckIpNetwork,
        .form = "IP addresses and CIDR ranges, such as [\"10.0.0.0/8\", \"2001:db8::/32\"]",
        .description = "Proxies whose X-Forwarded-For is believed: the client address is the rightmost one in it "
                       "that is not a trusted proxy. Empty: the header is ignored.",
        .field = In<&Config::server, &ServerConfig::trusted_proxies>},
    Key{.section = "server",
        .name = "metrics_listen",
        .check = CheckListenOrEmpty,
        .form = "empty, or host:port as for server.listen",
        .description = "Address of a second listener that serves only GET /metrics. Empty: metrics are not served.",
        .field = In<&Config::server, &ServerConfig::metrics_listen>},
    Key{.section = "server",
        .name = "hsts_max_age",
        .type = KeyType::kDuration,
        .min = 0,
        .max = 2 * 8760 * kHour,
        .description = "max-age of the Strict-Transport-Security header sent when oauth.issuer is https; 0: none.",
        .field = In<&Config::server, &ServerConfig::hsts_max_age>},

    Key{.section = "database",
        .name = "url",
        .check = CheckDatabaseUrl,
        .form = "sqlite:PATH, postgres://... or postgresql://...",
        .secret = true,
        .description = "Database; a relative sqlite path lies inside data_dir.",
        .field = In<&Config::database, &DatabaseConfig::url>},
    Key{.section = "database",
        .name = "busy_timeout",
        .type = KeyType::kDuration,
        .min = 100 * kMs,
        .max = kHour,
        .description = "How long a statement waits for a locked database.",
        .field = In<&Config::database, &DatabaseConfig::busy_timeout>},
    Key{.section = "database",
        .name = "pool_size",
        .type = KeyType::kInt,
        .min = 1,
        .max = 256,
        .description = "Database connections per process.",
        .field = In<&Config::database, &DatabaseConfig::pool_size>},

    Key{.section = "kv",
        .name = "url",
        .check = CheckKvUrl,
        .form = "memory: or redis://HOST[:PORT]",
        .secret = true,
        .description = "Store for codes, nonces, counters and revocations.",
        .field = In<&Config::kv, &KvConfig::url>},
    Key{.section = "kv",
        .name = "max_keys",
        .type = KeyType::kInt,
        .min = 1,
        .max = 100'000'000,
        .description = "Most keys the in-process store holds.",
        .field = In<&Config::kv, &KvConfig::max_keys>},

    Key{.section = "catalog",
        .name = "profile",
        .check = CheckNotEmpty,
        .form = kNotEmpty,
        .description = "Error numbering profile that responses speak.",
        .field = In<&Config::catalog, &CatalogConfig::profile>},
    Key{.section = "catalog",
        .name = "profile_dir",
        .description = "Directory of extra profile files; empty for none.",
        .field = In<&Config::catalog, &CatalogConfig::profile_dir>},
    Key{.section = "catalog",
        .name = "default_locale",
        .type = KeyType::kEnum,
        .allowed = kLocales,
        .description = "Message language when Accept-Language names none we have.",
        .field = In<&Config::catalog, &CatalogConfig::default_locale>},

    Key{.section = "log",
        .name = "level",
        .type = KeyType::kEnum,
        .allowed = kLogLevels,
        .description = "Least severe log level written.",
        .field = In<&Config::log, &LogConfig::level>},
    Key{.section = "log",
        .name = "access_log",
        .type = KeyType::kBool,
        .description = "Log one line per request.",
        .field = In<&Config::log, &LogConfig::access_log>},

    Key{.section = "security",
        .name = "kek",
        .secret = true,
        .description = "Key-encryption key (base64) for signing keys at rest; prefer the environment.",
        .field = In<&Config::security, &SecurityConfig::kek>},
    Key{.section = "security",
        .name = "kek_file",
        .description = "File holding the key-encryption key, instead of kek.",
        .field = In<&Config::security, &SecurityConfig::kek_file>},

    Key{.section = "accounts",
        .name = "username_min_length",
        .type = KeyType::kInt,
        .min = 1,
        .max = 64,
        .description = "Fewest characters in a username, counted after normalisation.",
        .field = In<&Config::accounts, &AccountsConfig::username_min_length>},
    Key{.section = "accounts",
        .name = "username_max_length",
        .type = KeyType::kInt,
        .min = 1,
        .max = 255,
        .description = "Most characters in a username; not below username_min_length.",
        .field = In<&Config::accounts, &AccountsConfig::username_max_length>},
    Key{.section = "accounts",
        .name = "password_min_length",
        .type = KeyType::kInt,
        .min = 6,
        .max = 128,
        .description = "Fewest characters in a new password (some platforms migrating users need 6).",
        .field = In<&Config::accounts, &AccountsConfig::password_min_length>},
    Key{.section = "accounts",
        .name = "password_min_score",
        .type = KeyType::kInt,
        .min = 0,
        .max = 4,
        .description = "Least zxcvbn strength score (0 guessable .. 4 very strong) of a new password.",
        .field = In<&Config::accounts, &AccountsConfig::password_min_score>},
    Key{.section = "accounts",
        .name = "phone_default_region",
        .check = CheckRegionCode,
        .form = "two upper-case letters (ISO 3166-1 alpha-2)",
        .description = "Region a phone number without a + country code is read in.",
        .field = In<&Config::accounts, &AccountsConfig::phone_default_region>},
    Key{.section = "accounts",
        .name = "registration_enabled",
        .type = KeyType::kBool,
        .description = "Whether people may register themselves (administrators can always create accounts).",
        .field = In<&Config::accounts, &AccountsConfig::registration_enabled>},
    Key{.section = "accounts",
        .name = "max_registrations_per_ip",
        .type = KeyType::kInt,
        .min = 0,
        .max = 1'000'000,
        .description = "Registration attempts from one client address within registration_window; 0: no limit.",
        .field = In<&Config::accounts, &AccountsConfig::max_registrations_per_ip>},
    Key{.section = "accounts",
        .name = "max_registrations_per_window",
        .type = KeyType::kInt,
        .min = 0,
        .max = 100'000'000,
        .description = "Registration attempts from all addresses together within registration_window (server-wide "
                       "until user pools exist, then per pool); 0: no limit.",
        .field = In<&Config::accounts, &AccountsConfig::max_registrations_per_window>},
    Key{.section = "accounts",
        .name = "registration_window",
        .type = KeyType::kDuration,
        .min = 1000 * kMs,
        .max = 24 * kHour,
        .description = "Window of the registration counts.",
        .field = In<&Config::accounts, &AccountsConfig::registration_window>},
    Key{.section = "accounts",
        .name = "password_max_age",
        .type = KeyType::kDuration,
        .min = 0,
        .max = 3650 * 24 * kHour,
        .description = "A password older than this must be changed before the next sign-in; 0: passwords do "
                       "not age.",
        .field = In<&Config::accounts, &AccountsConfig::password_max_age>},

    Key{.section = "login",
        .name = "reveal_unknown_user",
        .type = KeyType::kBool,
        .description = "Answer unknown accounts and wrong passwords with separate codes (lets callers probe "
                       "which accounts exist).",
        .field = In<&Config::login, &LoginConfig::reveal_unknown_user>},
    Key{.section = "login",
        .name = "max_failures",
        .type = KeyType::kInt,
        .min = 1,
        .max = 100,
        .description = "Failed sign-ins to one account from one client address before that address is locked "
                       "out of that account.",
        .field = In<&Config::login, &LoginConfig::max_failures>},
    Key{.section = "login",
        .name = "lock_duration",
        .type = KeyType::kDuration,
        .min = 1000 * kMs,
        .max = 24 * kHour,
        .description = "How long the first lock-out of an (account, address) pair lasts, doubled at each "
                       "further one (also the window of the failure counts).",
        .field = In<&Config::login, &LoginConfig::lock_duration>},
    Key{.section = "login",
        .name = "max_lock_duration",
        .type = KeyType::kDuration,
        .min = 1000 * kMs,
        .max = 30 * 24 * kHour,
        .description = "Longest lock-out of an (account, address) pair, however often it repeats.",
        .field = In<&Config::login, &LoginConfig::max_lock_duration>},
    Key{.section = "login",
        .name = "max_account_failures",
        .type = KeyType::kInt,
        .min = 1,
        .max = 1'000'000,
        .description = "Failed sign-ins to one account from all addresses within lock_duration, after which "
                       "only addresses that signed in to it before are let through.",
        .field = In<&Config::login, &LoginConfig::max_account_failures>},
    Key{.section = "login",
        .name = "familiar_source_ttl",
        .type = KeyType::kDuration,
        .min = kHour,
        .max = 3650 * 24 * kHour,
        .description = "How long an address stays familiar to an account after a successful sign-in from it.",
        .field = In<&Config::login, &LoginConfig::familiar_source_ttl>},
    Key{.section = "login",
        .name = "max_ip_failures",
        .type = KeyType::kInt,
        .min = 1,
        .max = 1'000'000,
        .description = "Failed sign-ins from one client address within ip_window before it is refused.",
        .field = In<&Config::login, &LoginConfig::max_ip_failures>},
    Key{.section = "login",
        .name = "ip_window",
        .type = KeyType::kDuration,
        .min = 1000 * kMs,
        .max = 24 * kHour,
        .description = "Window of the per-address failure count.",
        .field = In<&Config::login, &LoginConfig::ip_window>},
    Key{.section = "login",
        .name = "access_token_ttl",
        .type = KeyType::kDuration,
        .min = 1000 * kMs,
        .max = 24 * kHour,
        .description = "Lifetime of an access token.",
        .field = In<&Config::login, &LoginConfig::access_token_ttl>},
    Key{.section = "login",
        .name = "session_ttl",
        .type = KeyType::kDuration,
        .min = kHour,
        .max = 365 * 24 * kHour,
        .description = "Lifetime of a session and of its refresh tokens.",
        .field = In<&Config::login, &LoginConfig::session_ttl>},
    Key{.section = "login",
        .name = "max_sessions_per_user",
        .type = KeyType::kInt,
        .min = 1,
        .max = 10'000,
        .description = "Sessions one user may have at once; a sign-in beyond it ends the oldest.",
        .field = In<&Config::login, &LoginConfig::max_sessions_per_user>},
    Key{.section = "login",
        .name = "session_idle_timeout",
        .type = KeyType::kDuration,
        .min = 0,
        .max = 365 * 24 * kHour,
        .description = "A session whose refresh token is not used this long ends (the hosted pages' sign-in too, "
                       "counted from its last page); its access tokens live on until they expire. 0: only "
                       "session_ttl ends a session.",
        .field = In<&Config::login, &LoginConfig::session_idle_timeout>},

    Key{.section = "oauth",
        .name = "issuer",
        .check = CheckIssuer,
        .form = "empty, or an https URL (http only to a loopback host) without query or fragment",
        .description = "The authorization server's issuer identifier: the `iss` of its tokens and the base of the "
                       "discovery document's URLs. Empty: http:// and the listen address, for development.",
        .field = In<&Config::oauth, &OAuthConfig::issuer>},
    Key{.section = "oauth",
        .name = "password_grant_enabled",
        .type = KeyType::kBool,
        .description = "Serve the resource owner password credentials grant to apps that list it. RFC 9700 2.4 "
                       "says it MUST NOT be used: off, it is not advertised, apps cannot ask for it and the token "
                       "endpoint answers unsupported_grant_type.",
        .field = In<&Config::oauth, &OAuthConfig::password_grant_enabled>},
    Key{.section = "oauth",
        .name = "refresh_token_idle_timeout",
        .type = KeyType::kDuration,
        .min = 0,
        .max = 365 * 24 * kHour,
        .description = "An application's refresh token not used this long is refused (invalid_grant), however "
                       "long its lifetime. 0: only the app's refresh_token_lifetime ends it.",
        .field = In<&Config::oauth, &OAuthConfig::refresh_token_idle_timeout>},
};

std::string Upper(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string CheckRange(const Key& key, std::int64_t value) {
  if (value >= key.min && value <= key.max) return {};
  return fmt::format("must be {}..{}, got {}", FormatNumber(key.type, key.min), FormatNumber(key.type, key.max),
                     FormatNumber(key.type, value));
}

std::string CheckAllowed(const Key& key, const std::string& value) {
  if (std::ranges::find(key.allowed, value) != key.allowed.end()) return {};
  std::string list;
  for (std::string_view allowed : key.allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", allowed);
  return fmt::format("must be one of {}, got \"{}\"", list, value);
}

// Stores a checked value in the field; the range check has made narrowing safe.
struct Store {
  const Value& value;
  void operator()(std::string* field) const { *field = std::get<std::string>(value); }
  void operator()(bool* field) const { *field = std::get<bool>(value); }
  void operator()(int* field) const { *field = static_cast<int>(std::get<std::int64_t>(value)); }
  void operator()(std::size_t* field) const { *field = static_cast<std::size_t>(std::get<std::int64_t>(value)); }
  void operator()(milliseconds* field) const { *field = milliseconds{std::get<std::int64_t>(value)}; }
  void operator()(std::vector<std::string>* field) const { *field = std::get<std::vector<std::string>>(value); }
};

// The inverse of Store, for docs and the example file.
struct Literal {
  KeyType type;
  std::string operator()(std::string* field) const { return fmt::format("\"{}\"", *field); }
  std::string operator()(bool* field) const { return *field ? "true" : "false"; }
  std::string operator()(int* field) const { return fmt::format("{}", *field); }
  std::string operator()(std::size_t* field) const { return Number(static_cast<std::int64_t>(*field)); }
  std::string operator()(milliseconds* field) const { return Number(field->count()); }
  std::string operator()(std::vector<std::string>* field) const {
    std::string list;
    for (const auto& item : *field) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", item);
    return "[" + list + "]";
  }
  std::string Number(std::int64_t value) const {
    std::string text = FormatNumber(type, value);
    return ParseInteger(text) ? text : fmt::format("\"{}\"", text);
  }
};

}  // namespace

constexpr std::array kRetired{
    RetiredKey{"server", "trust_proxy",
               "was replaced by server.trusted_proxies: list the addresses or CIDR ranges of the proxies in front of "
               "this server, such as [\"10.0.0.0/8\"] (believing X-Forwarded-For from anyone let clients choose "
               "their own address)"},
};

std::span<const Key> Schema() { return kSchema; }

std::span<const RetiredKey> RetiredKeys() { return kRetired; }

const Key* FindKey(std::string_view section, std::string_view name) {
  auto it = std::ranges::find_if(kSchema, [&](const Key& key) { return key.section == section && key.name == name; });
  return it == kSchema.end() ? nullptr : &*it;
}

bool IsSection(std::string_view name) {
  return !name.empty() && std::ranges::any_of(kSchema, [&](const Key& key) { return key.section == name; });
}

std::string DottedName(const Key& key) {
  return key.section.empty() ? std::string(key.name) : fmt::format("{}.{}", key.section, key.name);
}

std::string EnvName(const Key& key) {
  return key.section.empty() ? "MENSHEN_" + Upper(key.name)
                             : fmt::format("MENSHEN_{}_{}", Upper(key.section), Upper(key.name));
}

std::expected<void, std::string> ApplyValue(const Key& key, const RawValue& raw, Config& config) {
  auto value = ConvertValue(key.type, raw, key.secret);
  if (!value) return std::unexpected(value.error());
  std::string problem;
  if (const auto* number = std::get_if<std::int64_t>(&*value)) {
    problem = CheckRange(key, *number);
  } else if (const auto* text = std::get_if<std::string>(&*value)) {
    if (key.type == KeyType::kEnum) problem = CheckAllowed(key, *text);
    if (problem.empty() && key.check != nullptr) {
      problem = key.check(*text);
      if (!problem.empty() && !key.secret) problem += fmt::format(", got \"{}\"", *text);
    }
  } else if (const auto* items = std::get_if<std::vector<std::string>>(&*value); items && key.check != nullptr) {
    // Each item's complaint names the item.
    for (const auto& item : *items) {
      if (problem = key.check(item); !problem.empty()) break;
    }
  }
  if (!problem.empty()) return std::unexpected(problem);
  std::visit(Store{*value}, key.field(config));
  return {};
}

std::string TomlLiteral(const Key& key, Config& config) { return std::visit(Literal{key.type}, key.field(config)); }

}  // namespace menshen::config
