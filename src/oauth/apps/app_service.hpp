// Applications (OAuth clients): registration by administrators, secret rotation, and client
// authentication for the token endpoints. Plain synchronous C++; routes bind it to HTTP.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "oauth/apps/app_cache.hpp"
#include "oauth/apps/app_id.hpp"
#include "oauth/apps/client_auth.hpp"
#include "oauth/model.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {

// A create or update request: an absent member keeps what is there (or takes the default on create).
// Enumerations arrive as the API spells them and are checked here.
struct AppChanges {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<std::string> description;  // "" clears it
  std::optional<std::vector<std::string>> redirect_uris;
  std::optional<std::vector<std::string>> post_logout_redirect_uris;
  std::optional<std::vector<std::string>> grant_types;
  std::optional<std::vector<std::string>> scopes;
  std::optional<std::vector<std::string>> allowed_resources;  // RFC 8707 resource indicators
  std::optional<std::string> auth_method;
  std::optional<std::int64_t> access_token_ttl;
  std::optional<std::int64_t> refresh_token_ttl;
  std::optional<std::string> id_token_alg;  // "RS256" or "ES256"
};

// An app and, when one was just made, its client secret in the clear: shown once, never again.
struct AppWithSecret {
  App app;
  std::optional<std::string> client_secret;
};

struct AppsOptions {
  // Whether an app may list the password grant (oauth.password_grant_enabled; RFC 9700 2.4).
  bool password_grant_enabled = false;
};

struct AppPage {
  std::vector<App> items;
  std::optional<std::string> next_cursor;  // opaque; absent on the last page
};

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

class AppsService {
 public:
  // `kv` carries the apps' cache generation between nodes.
  AppsService(store::sql::Database& db, store::kv::Kv& kv, audit::AuditLog& audit, const Clock& clock, Random& random,
              AppsOptions options = {})
      : db_(db), audit_(audit), clock_(clock), random_(random), ids_(clock, random), cache_(kv), options_(options) {}

  Result<AppWithSecret> Create(const AppChanges& changes, std::string_view actor_id,
                               const audit::RequestContext& context);
  // app.not_found when there is no such app.
  Result<App> Get(std::string_view id);
  // Newest first. A cursor that was not handed out by List is common.invalid_parameter.
  Result<AppPage> List(std::optional<std::string_view> cursor, int limit);
  // A confidential app that had no secret (it was public) gets one, returned like on create.
  Result<AppWithSecret> Update(std::string_view id, const AppChanges& changes, std::string_view actor_id,
                               const audit::RequestContext& context);
  Status Delete(std::string_view id, std::string_view actor_id, const audit::RequestContext& context);
  // A new secret; the old one stops working at once. common.invalid_parameter for a public client.
  Result<std::string> RotateSecret(std::string_view id, std::string_view actor_id,
                                   const audit::RequestContext& context);

  // The app the credentials prove, or oauth2.invalid_client: unknown client, wrong secret, or a method
  // other than the one the app registered. The cache's own entry, shared: a later write does not change it.
  Result<std::shared_ptr<const App>> AuthenticateClient(const ClientCredentials& credentials);
  // The app, or nullopt when it is gone; served from the cache (see AppCache).
  Result<std::optional<App>> Find(std::string_view id);
  // Whether the app is still registered, without copying it.
  Result<bool> Exists(std::string_view id);

 private:
  Result<AppCache::Shared> FindShared(std::string_view id);
  std::int64_t Now() const;
  // After a committed write: every node reads the apps again.
  void Changed();
  void Audit(const audit::RequestContext& context, std::string action, const Error* error, std::string_view actor_id,
             std::string_view target_id);

  store::sql::Database& db_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  AppIds ids_;
  AppCache cache_;
  AppsOptions options_;
};

// A create or update that asks for the password grant while the server has it turned off:
// common.invalid_parameter naming the setting. Apps that listed it before keep it (the token endpoint refuses
// the grant anyway), so that they can still be edited.
Status CheckPasswordGrantWanted(const AppChanges& changes, bool password_grant_enabled);

// Applies `changes` to `app` with the field rules (name, type, description, enumerations); CheckApp then
// judges the whole. Exposed for tests.
Status ApplyChanges(const AppChanges& changes, App& app);

}  // namespace menshen::oauth
