#include "oauth/apps/app_service.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "crypto/base64.hpp"
#include "oauth/apps/app_repo.hpp"
#include "oauth/apps/app_rules.hpp"
#include "oauth/apps/client_secret.hpp"

namespace menshen::oauth {
namespace {

std::unexpected<Error> Invalid(std::string why) { return Fail(ErrorId::kCommonInvalidParameter, std::move(why)); }

std::string EncodeCursor(const App& last) {
  const auto text = fmt::format("{}.{}", last.created_at, last.id);
  return Base64UrlEncode({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

Result<AppCursor> DecodeCursor(std::string_view cursor) {
  const auto text = crypto::Base64UrlDecode(cursor);
  const auto dot = text ? text->find('.') : std::string::npos;
  AppCursor out;
  if (dot == std::string::npos) return Invalid("cursor is not one this server handed out");
  const auto [end, ec] = std::from_chars(text->data(), text->data() + dot, out.created_at);
  if (ec != std::errc{} || end != text->data() + dot) return Invalid("cursor is not one this server handed out");
  out.id = text->substr(dot + 1);
  if (!IsAppId(out.id)) return Invalid("cursor is not one this server handed out");
  return out;
}

// Keeps the auth method in step with a changed type when the request did not name one.
void FollowType(App& app) {
  if (IsPublic(app.type)) {
    app.auth_method = AuthMethod::kNone;
  } else if (app.auth_method == AuthMethod::kNone) {
    app.auth_method = AuthMethod::kClientSecretBasic;
  }
}

// Gives a confidential app a secret when it has none and drops a public app's; the new secret, if any.
std::optional<std::string> SettleSecret(App& app, Random& random, std::int64_t now) {
  if (IsPublic(app.type)) {
    app.secret_hash.reset();
    app.secret_updated_at.reset();
    return std::nullopt;
  }
  if (app.secret_hash) return std::nullopt;
  auto secret = GenerateClientSecret(random);
  app.secret_hash = HashClientSecret(secret);
  app.secret_updated_at = now;
  return secret;
}

}  // namespace

Status CheckPasswordGrantWanted(const AppChanges& changes, bool password_grant_enabled) {
  if (password_grant_enabled || !changes.grant_types) return {};
  const auto password = [](const std::string& name) { return ParseGrantType(name) == GrantType::kPassword; };
  if (std::ranges::none_of(*changes.grant_types, password)) return {};
  return Invalid(
      "grant_types: the password grant is turned off on this server (RFC 9700 2.4: it must not be used); use "
      "authorization_code, or ask the operator to set oauth.password_grant_enabled");
}

Status ApplyChanges(const AppChanges& changes, App& app) {
  if (changes.name) {
    auto name = ParseAppName(*changes.name);
    if (!name) return std::unexpected(name.error());
    app.name = name->display;
    app.name_key = name->key;
  }
  if (changes.type) {
    auto type = ParseAppType(*changes.type);
    if (!type) return Fail(ErrorId::kAppTypeInvalid, "type must be web, spa, native or m2m");
    const bool changed = *type != app.type;
    app.type = *type;
    if (changed && !changes.auth_method) FollowType(app);
  }
  if (changes.description) {
    auto description = ParseDescription(*changes.description);
    if (!description) return std::unexpected(description.error());
    app.description = *description;
  }
  if (changes.auth_method) {
    auto method = ParseAuthMethod(*changes.auth_method);
    if (!method) {
      return Invalid("token_endpoint_auth_method must be client_secret_basic, client_secret_post or none");
    }
    app.auth_method = *method;
  }
  if (changes.grant_types) {
    app.grant_types.clear();
    for (const auto& name : *changes.grant_types) {
      auto grant = ParseGrantType(name);
      if (!grant) return Invalid(fmt::format("grant_types: unknown grant type \"{}\"", name));
      app.grant_types.push_back(*grant);
    }
  }
  if (changes.redirect_uris) app.redirect_uris = *changes.redirect_uris;
  if (changes.post_logout_redirect_uris) app.post_logout_redirect_uris = *changes.post_logout_redirect_uris;
  if (changes.scopes) app.scopes = *changes.scopes;
  if (changes.allowed_resources) app.allowed_resources = *changes.allowed_resources;
  if (changes.access_token_ttl) app.access_token_ttl = *changes.access_token_ttl;
  if (changes.refresh_token_ttl) app.refresh_token_ttl = *changes.refresh_token_ttl;
  if (changes.id_token_alg) {
    auto alg = ParseIdTokenAlg(*changes.id_token_alg);
    if (!alg) return std::unexpected(alg.error());
    app.id_token_alg = *alg;
  }
  return CheckApp(app);
}

std::int64_t AppsService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

void AppsService::Changed() {
  // The write has committed and cannot be undone here; a node that misses the bump reads again once the
  // store is back, because the generation it cached under is gone with its entries.
  if (auto bumped = cache_.Invalidate(); !bumped) {
    spdlog::warn("apps changed but the cache generation could not be bumped: {}", bumped.error().internal_detail);
  }
}

void AppsService::Audit(const audit::RequestContext& context, std::string action, const Error* error,
                        std::string_view actor_id, std::string_view target_id) {
  audit_.Record(context, audit::AuditEvent{.action = std::move(action),
                                           .outcome = error ? std::string(ToString(error->id)) : "success",
                                           .actor_id = std::string(actor_id),
                                           .target_id = std::string(target_id)});
}

Result<AppWithSecret> AppsService::Create(const AppChanges& changes, std::string_view actor_id,
                                          const audit::RequestContext& context) {
  if (!changes.name) return Fail(ErrorId::kAppNameInvalid, "name is required");
  if (!changes.type) return Fail(ErrorId::kAppTypeInvalid, "type is required (web, spa, native or m2m)");
  if (auto ok = CheckPasswordGrantWanted(changes, options_.password_grant_enabled); !ok) {
    return std::unexpected(ok.error());
  }
  App app;
  if (auto type = ParseAppType(*changes.type)) {
    app.type = *type;
    app.auth_method = DefaultAuthMethod(*type);
    app.grant_types = DefaultGrantTypes(*type);
  }
  if (auto applied = ApplyChanges(changes, app); !applied) return std::unexpected(applied.error());
  app.id = ids_.Next();
  app.created_by = std::string(actor_id);
  app.created_at = app.updated_at = Now();
  auto secret = SettleSecret(app, random_, app.created_at);
  auto inserted = db_.Write([&](store::sql::Connection& c) { return InsertApp(c, app); });
  Audit(context, "app.create", inserted ? nullptr : &inserted.error(), actor_id, app.id);
  if (!inserted) return std::unexpected(inserted.error());
  Changed();
  return AppWithSecret{std::move(app), std::move(secret)};
}

Result<AppCache::Shared> AppsService::FindShared(std::string_view id) {
  return cache_.FindShared(id, [this](std::string_view wanted) {
    return store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return FindApp(c, wanted); });
  });
}

Result<std::optional<App>> AppsService::Find(std::string_view id) {
  auto shared = FindShared(id);
  if (!shared) return std::unexpected(shared.error());
  return **shared;
}

Result<bool> AppsService::Exists(std::string_view id) {
  auto shared = FindShared(id);
  if (!shared) return std::unexpected(shared.error());
  return (*shared)->has_value();
}

Result<App> AppsService::Get(std::string_view id) {
  auto app = Find(id);
  if (!app) return std::unexpected(app.error());
  if (!*app) return Fail(ErrorId::kAppNotFound);
  return std::move(**app);
}

Result<AppPage> AppsService::List(std::optional<std::string_view> cursor, int limit) {
  if (limit < 1 || limit > kMaxPageSize) return Invalid(fmt::format("limit must be 1..{}", kMaxPageSize));
  std::optional<AppCursor> after;
  if (cursor) {
    auto decoded = DecodeCursor(*cursor);
    if (!decoded) return std::unexpected(decoded.error());
    after = std::move(*decoded);
  }
  // One more than asked tells whether another page follows.
  auto apps = store::sql::ReadValue(db_, [&](store::sql::Connection& c) { return ListApps(c, after, limit + 1); });
  if (!apps) return std::unexpected(apps.error());
  AppPage page;
  if (apps->size() > static_cast<std::size_t>(limit)) {
    apps->resize(static_cast<std::size_t>(limit));
    page.next_cursor = EncodeCursor(apps->back());
  }
  page.items = std::move(*apps);
  return page;
}

Result<AppWithSecret> AppsService::Update(std::string_view id, const AppChanges& changes, std::string_view actor_id,
                                          const audit::RequestContext& context) {
  AppWithSecret out;
  auto updated = db_.Write([&](store::sql::Connection& c) -> Status {
    auto found = FindApp(c, id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorId::kAppNotFound);
    App app = std::move(**found);
    if (auto ok = CheckPasswordGrantWanted(changes, options_.password_grant_enabled); !ok) return ok;
    if (auto applied = ApplyChanges(changes, app); !applied) return applied;
    app.updated_at = Now();
    out.client_secret = SettleSecret(app, random_, app.updated_at);
    auto written = UpdateApp(c, app);
    if (!written) return std::unexpected(written.error());
    out.app = std::move(app);
    return {};
  });
  Audit(context, "app.update", updated ? nullptr : &updated.error(), actor_id, id);
  if (!updated) return std::unexpected(updated.error());
  Changed();
  return out;
}

Status AppsService::Delete(std::string_view id, std::string_view actor_id, const audit::RequestContext& context) {
  auto deleted = store::sql::WriteValue(db_, [&](store::sql::Connection& c) { return DeleteApp(c, id); });
  Status result =
      !deleted ? Status(std::unexpected(deleted.error())) : (*deleted ? Status{} : Status(Fail(ErrorId::kAppNotFound)));
  Audit(context, "app.delete", result ? nullptr : &result.error(), actor_id, id);
  if (result) Changed();
  return result;
}

Result<std::string> AppsService::RotateSecret(std::string_view id, std::string_view actor_id,
                                              const audit::RequestContext& context) {
  std::string secret;
  auto rotated = db_.Write([&](store::sql::Connection& c) -> Status {
    auto found = FindApp(c, id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorId::kAppNotFound);
    App app = std::move(**found);
    if (IsPublic(app.type)) return Invalid("a public client has no secret");
    secret = GenerateClientSecret(random_);
    app.secret_hash = HashClientSecret(secret);
    app.updated_at = Now();
    app.secret_updated_at = app.updated_at;
    auto written = UpdateApp(c, app);
    if (!written) return std::unexpected(written.error());
    return {};
  });
  Audit(context, "app.secret.rotate", rotated ? nullptr : &rotated.error(), actor_id, id);
  if (!rotated) return std::unexpected(rotated.error());
  Changed();
  return secret;
}

Result<std::shared_ptr<const App>> AppsService::AuthenticateClient(const ClientCredentials& credentials) {
  auto shared = FindShared(credentials.client_id);
  if (!shared) return std::unexpected(shared.error());
  const std::optional<App>& found = **shared;
  // The same public detail for every failure: which part was wrong is for the log, not the caller.
  auto refuse = [](std::string why) { return Fail(ErrorId::kOauth2InvalidClient, {}, std::move(why)); };
  if (!found) {
    // Hash anyway, so that an unknown client takes as long as a wrong secret.
    (void)ClientSecretMatches(credentials.secret, std::string(64, '0'));
    return refuse("unknown client");
  }
  const App& app = *found;
  if (credentials.method != app.auth_method) {
    return refuse(
        fmt::format("client registered {}, used {}", ToString(app.auth_method), ToString(credentials.method)));
  }
  if (app.auth_method != AuthMethod::kNone &&
      (!app.secret_hash || !ClientSecretMatches(credentials.secret, *app.secret_hash))) {
    return refuse("wrong client secret");
  }
  // The cached entry itself, kept alive by the pointer: nothing is copied.
  return std::shared_ptr<const App>(*shared, &app);
}

}  // namespace menshen::oauth
