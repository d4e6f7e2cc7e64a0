// The applications admin API: admin or root accounts only, the catalog envelope, app.* errors.
#include <fmt/core.h>

#include <charconv>

#include "accounts/api/routes.hpp"
#include "http/json_body.hpp"
#include "oauth/api/routes.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;

json AppJson(const App& app, const std::optional<std::string>& secret = std::nullopt) {
  json grants = json::array();
  for (auto grant : app.grant_types) grants.push_back(ToString(grant));
  json out = {{"id", app.id},
              {"client_id", app.id},
              {"name", app.name},
              {"type", ToString(app.type)},
              {"description", app.description ? json(*app.description) : json(nullptr)},
              {"redirect_uris", app.redirect_uris},
              {"post_logout_redirect_uris", app.post_logout_redirect_uris},
              {"grant_types", std::move(grants)},
              {"scopes", app.scopes},
              {"allowed_resources", app.allowed_resources},
              {"token_endpoint_auth_method", ToString(app.auth_method)},
              {"access_token_lifetime", app.access_token_ttl},
              {"refresh_token_lifetime", app.refresh_token_ttl},
              {"id_token_signed_response_alg", crypto::AlgName(app.id_token_alg)},
              {"secret_updated_at", app.secret_updated_at ? json(*app.secret_updated_at) : json(nullptr)},
              {"created_by", app.created_by},
              {"created_at", app.created_at},
              {"updated_at", app.updated_at}};
  if (secret) out["client_secret"] = *secret;
  return out;
}

Result<std::string> String(const json& value, const std::string& name) {
  if (!value.is_string()) return Fail(ErrorId::kCommonInvalidParameter, name + " must be a string");
  return value.get<std::string>();
}

Result<std::vector<std::string>> StringList(const json& value, const std::string& name) {
  if (!value.is_array()) return Fail(ErrorId::kCommonInvalidParameter, name + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) return Fail(ErrorId::kCommonInvalidParameter, name + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::int64_t> Seconds(const json& value, const std::string& name) {
  if (!value.is_number_integer()) return Fail(ErrorId::kCommonInvalidParameter, name + " must be whole seconds");
  return value.get<std::int64_t>();
}

// Reads the members of a create or update body; an unknown member is refused rather than ignored, so a
// misspelt field never looks as if it had been saved.
Result<AppChanges> ParseChanges(const json& body) {
  AppChanges changes;
  for (const auto& [name, value] : body.items()) {
    auto set_string = [&](std::optional<std::string>& field) -> Status {
      auto text = String(value, name);
      if (!text) return std::unexpected(text.error());
      field = std::move(*text);
      return {};
    };
    auto set_list = [&](std::optional<std::vector<std::string>>& field) -> Status {
      auto list = StringList(value, name);
      if (!list) return std::unexpected(list.error());
      field = std::move(*list);
      return {};
    };
    auto set_seconds = [&](std::optional<std::int64_t>& field) -> Status {
      auto seconds = Seconds(value, name);
      if (!seconds) return std::unexpected(seconds.error());
      field = *seconds;
      return {};
    };
    Status done;
    if (name == "name") {
      done = set_string(changes.name);
    } else if (name == "type") {
      done = value.is_string() ? set_string(changes.type)
                               : Status(Fail(ErrorId::kAppTypeInvalid, "type must be a string"));
    } else if (name == "description") {
      if (value.is_null()) {
        changes.description = "";
      } else {
        done = set_string(changes.description);
      }
    } else if (name == "redirect_uris") {
      done = set_list(changes.redirect_uris);
    } else if (name == "post_logout_redirect_uris") {
      done = set_list(changes.post_logout_redirect_uris);
    } else if (name == "grant_types") {
      done = set_list(changes.grant_types);
    } else if (name == "scopes") {
      done = set_list(changes.scopes);
    } else if (name == "allowed_resources") {
      done = set_list(changes.allowed_resources);
    } else if (name == "token_endpoint_auth_method") {
      done = set_string(changes.auth_method);
    } else if (name == "access_token_lifetime") {
      done = set_seconds(changes.access_token_ttl);
    } else if (name == "refresh_token_lifetime") {
      done = set_seconds(changes.refresh_token_ttl);
    } else if (name == "id_token_signed_response_alg") {
      done = set_string(changes.id_token_alg);
    } else {
      return Fail(ErrorId::kCommonInvalidParameter, fmt::format("unknown field {}", name));
    }
    if (!done) return std::unexpected(done.error());
  }
  return changes;
}

// A response that carries a client secret must not be kept by any cache.
http::Response NoStore(http::Response response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

audit::RequestContext ContextOf(const http::Request& request) {
  return {request.client_ip, request.request_id, std::string(request.Header("user-agent").value_or(""))};
}

// Runs `fn` with the caller's user id when the bearer token belongs to an active admin or root account. The
// role and state are read from the database, not the token, so a demoted or locked administrator's unexpired
// token grants nothing.
template <class Fn>
http::Response AsAdmin(const AppRouteDeps& deps, http::Request& request, Fn&& fn) {
  auto principal = accounts::Authenticate(request, deps.tokens);
  if (!principal) {
    auto response = deps.renderer.Fail(request, principal.error());
    response.headers.emplace_back("WWW-Authenticate", principal.error().id == ErrorId::kAuthLoginRequired
                                                          ? "Bearer"
                                                          : "Bearer error=\"invalid_token\"");
    return response;
  }
  auto actor = deps.accounts.GetUser(principal->user_id);
  if (!actor) return deps.renderer.Fail(request, actor.error());
  if (actor->status != accounts::AccountStatus::kActive) {
    return deps.renderer.Fail(request, ErrorId::kAuthzForbidden, "the account is not active");
  }
  if (actor->role != accounts::Role::kAdmin && actor->role != accounts::Role::kRoot) {
    return deps.renderer.Fail(request, ErrorId::kAuthzForbidden, "administrators only");
  }
  return fn(principal->user_id);
}

template <class Fn>
http::Response WithChanges(const AppRouteDeps& deps, http::Request& request, Fn&& fn) {
  auto body = http::ParseJsonObject(request, deps.max_params);
  if (!body) return deps.renderer.Fail(request, body.error());
  if (request.method == http::Method::kPatch && body->empty()) {
    return deps.renderer.Fail(request, ErrorId::kCommonMissingParameter, "nothing to update");
  }
  auto changes = ParseChanges(*body);
  if (!changes) return deps.renderer.Fail(request, changes.error());
  return fn(*changes);
}

Result<int> PageLimit(const http::Request& request) {
  const auto text = request.QueryParam("limit");
  if (!text) return kDefaultPageSize;
  int limit = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    return Fail(ErrorId::kCommonInvalidParameter, fmt::format("limit must be 1..{}", kMaxPageSize));
  }
  return limit;
}

}  // namespace

void AddAppRoutes(http::Router& router, AppRouteDeps deps) {
  constexpr std::string_view kApps = "/api/v1/admin/apps";
  const std::string one = std::string(kApps) + "/{id}";

  router.Add(http::Method::kPost, std::string(kApps), [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string& actor) {
      return WithChanges(deps, request, [&](const AppChanges& changes) {
        auto created = deps.apps.Create(changes, actor, ContextOf(request));
        if (!created) return deps.renderer.Fail(request, created.error());
        return NoStore(deps.renderer.Ok(request, AppJson(created->app, created->client_secret), 201));
      });
    });
  });

  router.Add(http::Method::kGet, std::string(kApps), [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string&) {
      auto limit = PageLimit(request);
      if (!limit) return deps.renderer.Fail(request, limit.error());
      auto cursor = request.QueryParam("cursor");
      if (cursor && cursor->empty()) cursor.reset();
      auto page = deps.apps.List(cursor, *limit);
      if (!page) return deps.renderer.Fail(request, page.error());
      json items = json::array();
      for (const auto& app : page->items) items.push_back(AppJson(app));
      return deps.renderer.Ok(request, {{"items", std::move(items)},
                                        {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json(nullptr)}});
    });
  });

  // Updating or deleting "the collection" names no app: the seeds' "app id required".
  for (auto method : {http::Method::kPatch, http::Method::kDelete}) {
    router.Add(method, std::string(kApps), [deps](http::Request& request) {
      return AsAdmin(deps, request, [&](const std::string&) {
        return deps.renderer.Fail(request, ErrorId::kAppIdRequired, "put the app id in the path");
      });
    });
  }

  router.Add(http::Method::kGet, one, [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string&) {
      auto app = deps.apps.Get(request.PathParam("id").value_or(""));
      if (!app) return deps.renderer.Fail(request, app.error());
      return deps.renderer.Ok(request, AppJson(*app));
    });
  });

  router.Add(http::Method::kPatch, one, [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string& actor) {
      return WithChanges(deps, request, [&](const AppChanges& changes) {
        auto updated = deps.apps.Update(request.PathParam("id").value_or(""), changes, actor, ContextOf(request));
        if (!updated) return deps.renderer.Fail(request, updated.error());
        auto response = deps.renderer.Ok(request, AppJson(updated->app, updated->client_secret));
        return updated->client_secret ? NoStore(std::move(response)) : response;
      });
    });
  });

  router.Add(http::Method::kDelete, one, [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string& actor) {
      if (auto deleted = deps.apps.Delete(request.PathParam("id").value_or(""), actor, ContextOf(request)); !deleted) {
        return deps.renderer.Fail(request, deleted.error());
      }
      return deps.renderer.Ok(request, nullptr);
    });
  });

  router.Add(http::Method::kPost, one + "/secret", [deps](http::Request& request) {
    return AsAdmin(deps, request, [&](const std::string& actor) {
      const auto id = request.PathParam("id").value_or("");
      auto secret = deps.apps.RotateSecret(id, actor, ContextOf(request));
      if (!secret) return deps.renderer.Fail(request, secret.error());
      return NoStore(deps.renderer.Ok(request, {{"client_id", id}, {"client_secret", *secret}}));
    });
  });
}

}  // namespace menshen::oauth
