#include "accounts/api/admin_routes.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "accounts/api/route_helpers.hpp"
#include "accounts/identity/profile_fields.hpp"
#include "audit/page_cursor.hpp"

namespace menshen::accounts {
namespace {

using nlohmann::json;

// A PATCH member that is a string or null; present either way.
Result<std::optional<std::string>> NullableString(const json& value, std::string_view name) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) return Fail(ErrorId::kCommonInvalidParameter, fmt::format("{} must be a string", name));
  return value.get<std::string>();
}

Result<std::optional<std::int64_t>> NullableTime(const json& value, std::string_view name) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_number_integer()) {
    return Fail(ErrorId::kCommonInvalidParameter, fmt::format("{} must be Unix seconds or null", name));
  }
  return value.get<std::int64_t>();
}

Result<Role> RoleField(const json& value) {
  const auto role = value.is_string() ? ParseRole(value.get<std::string>()) : std::nullopt;
  if (!role) return Fail(ErrorId::kCommonInvalidParameter, "role must be user or admin");
  return *role;
}

Result<AdminPatch> ParsePatch(const json& body) {
  if (body.empty()) return Fail(ErrorId::kCommonMissingParameter, "nothing to update");
  AdminPatch patch;
  const auto profile_names = ProfileFieldNames();
  for (const auto& [name, value] : body.items()) {
    if (name == "username" || name == "email" || name == "phone") {
      auto parsed = NullableString(value, name);
      if (!parsed) return std::unexpected(parsed.error());
      (name == "username" ? patch.username : name == "email" ? patch.email : patch.phone) = std::move(*parsed);
    } else if (name == "role") {
      auto role = RoleField(value);
      if (!role) return std::unexpected(role.error());
      patch.role = *role;
    } else if (name == "account_expires_at" || name == "password_expires_at") {
      auto time = NullableTime(value, name);
      if (!time) return std::unexpected(time.error());
      (name == "account_expires_at" ? patch.account_expires_at : patch.password_expires_at) = *time;
    } else if (std::ranges::find(profile_names, name) != profile_names.end()) {
      auto text = NullableString(value, name);
      if (!text) return std::unexpected(text.error());
      patch.profile.emplace_back(name, text->value_or(""));
    } else {
      return Fail(ErrorId::kProfileFieldInvalid, name);
    }
  }
  return patch;
}

Result<CreateUserInput> ParseCreate(const json& body) {
  CreateUserInput input;
  auto& f = input.fields;
  for (auto [name, field] :
       {std::pair{"username", &f.username}, std::pair{"email", &f.email}, std::pair{"phone", &f.phone},
        std::pair{"password", &f.password}, std::pair{"nickname", &f.nickname}}) {
    auto value = StringField(body, name);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  if (const auto it = body.find("role"); it != body.end() && !it->is_null()) {
    auto role = RoleField(*it);
    if (!role) return std::unexpected(role.error());
    input.role = *role;
  }
  return input;
}

// The cursor and limit query parameters of every admin list.
struct PageRequest {
  std::optional<audit::PageCursor> after;
  int limit = audit::kDefaultPageSize;
};

Result<PageRequest> ParsePage(const http::Request& request) {
  PageRequest page;
  auto limit = audit::ParsePageLimit(request.QueryParam("limit"));
  if (!limit) return std::unexpected(limit.error());
  page.limit = *limit;
  if (const auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    auto decoded = audit::DecodeCursor(*cursor);
    if (!decoded) return std::unexpected(decoded.error());
    page.after = std::move(*decoded);
  }
  return page;
}

// {items, next_cursor}; a page asked for past the last record says so (pagination.no_more_records, 200).
template <class Item, class ToJson>
http::Response RenderPage(const http::Renderer& renderer, const http::Request& request, const PageRequest& asked,
                          const std::vector<Item>& items, const std::optional<audit::PageCursor>& next,
                          ToJson&& to_json) {
  json rendered = json::array();
  for (const auto& item : items) rendered.push_back(to_json(item));
  json data = {{"items", std::move(rendered)},
               {"next_cursor", next ? json(audit::EncodeCursor(*next)) : json(nullptr)}};
  if (items.empty() && asked.after) {
    return renderer.Fail(request, Error{ErrorId::kPaginationNoMoreRecords, {}, {}}, std::move(data));
  }
  return renderer.Ok(request, std::move(data));
}

json AuditJson(const audit::AuditRecord& record) {
  auto text = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  return {{"id", record.id},         {"created_at", record.created_at},       {"actor_id", text(record.actor_id)},
          {"action", record.action}, {"target_id", text(record.target_id)},   {"outcome", record.outcome},
          {"ip", text(record.ip)},   {"request_id", text(record.request_id)}, {"detail", text(record.detail)}};
}

void AddStateRoute(http::Router& router, const AdminRouteDeps& deps, std::string_view verb, StateChange change) {
  router.Add(http::Method::kPost, fmt::format("/api/v1/admin/users/{{id}}/{}", verb),
             [deps, change](http::Request& request) {
               return WithPrincipal(deps, request, [&](const Principal& principal) {
                 const auto id = request.PathParam("id").value_or("");
                 auto user = deps.service.ChangeState(principal, id, change, ContextOf(request));
                 if (!user) return deps.renderer.Fail(request, user.error());
                 return deps.renderer.Ok(request, AdminUserJson(*user));
               });
             });
}

}  // namespace

void AddAdminRoutes(http::Router& router, AdminRouteDeps deps) {
  router.Add(http::Method::kGet, "/api/v1/admin/users", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      if (auto ok = deps.service.Authorize(principal); !ok) return deps.renderer.Fail(request, ok.error());
      auto page = ParsePage(request);
      if (!page) return deps.renderer.Fail(request, page.error());
      auto search = ParseUserSearch(request.QueryParam("type"), request.QueryParam("query"));
      if (!search) return deps.renderer.Fail(request, search.error());
      auto users = deps.service.ListUsers(principal, *search, page->after, page->limit);
      if (!users) return deps.renderer.Fail(request, users.error());
      return RenderPage(deps.renderer, request, *page, users->items, users->next, AdminUserJson);
    });
  });

  router.Add(http::Method::kPost, "/api/v1/admin/users", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      return WithJson(deps, request, [&](const json& body) {
        auto input = ParseCreate(body);
        if (!input) return deps.renderer.Fail(request, input.error());
        auto user = deps.service.CreateUser(principal, *input, ContextOf(request));
        if (!user) return deps.renderer.Fail(request, user.error());
        return deps.renderer.Ok(request, AdminUserJson(*user), 201);
      });
    });
  });

  router.Add(http::Method::kPost, "/api/v1/admin/users/batch-get", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      if (auto ok = deps.service.Authorize(principal); !ok) return deps.renderer.Fail(request, ok.error());
      return WithJson(deps, request, [&](const json& body) {
        const auto it = body.find("ids");
        if (it == body.end() || it->is_null())
          return deps.renderer.Fail(request, ErrorId::kCommonMissingParameter, "ids");
        if (!it->is_array()) return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, "ids is an array");
        // Counted before anything else is looked at, so a huge list costs nothing.
        if (it->size() > kMaxBatchIds) {
          return deps.renderer.Fail(request, ErrorId::kPaginationBatchLimitExceeded,
                                    fmt::format("at most {} ids at once", kMaxBatchIds));
        }
        std::vector<std::string> ids;
        for (const auto& id : *it) {
          if (!id.is_string()) return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, "ids are strings");
          ids.push_back(id.get<std::string>());
        }
        auto found = deps.service.BatchGet(principal, ids);
        if (!found) return deps.renderer.Fail(request, found.error());
        json users = json::array();
        for (const auto& user : found->users) users.push_back(AdminUserJson(user));
        return deps.renderer.Ok(request, {{"items", std::move(users)}, {"missing", found->missing}});
      });
    });
  });

  router.Add(http::Method::kGet, "/api/v1/admin/users/{id}", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      auto user = deps.service.GetUser(principal, request.PathParam("id").value_or(""));
      if (!user) return deps.renderer.Fail(request, user.error());
      return deps.renderer.Ok(request, AdminUserJson(*user));
    });
  });

  router.Add(http::Method::kPatch, "/api/v1/admin/users/{id}", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      return WithJson(deps, request, [&](const json& body) {
        auto patch = ParsePatch(body);
        if (!patch) return deps.renderer.Fail(request, patch.error());
        auto user =
            deps.service.UpdateUser(principal, request.PathParam("id").value_or(""), *patch, ContextOf(request));
        if (!user) return deps.renderer.Fail(request, user.error());
        return deps.renderer.Ok(request, AdminUserJson(*user));
      });
    });
  });

  router.Add(http::Method::kDelete, "/api/v1/admin/users/{id}", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      auto deleted = deps.service.DeleteUser(principal, request.PathParam("id").value_or(""), ContextOf(request));
      if (!deleted) return deps.renderer.Fail(request, deleted.error());
      return deps.renderer.Ok(request, nullptr);
    });
  });

  AddStateRoute(router, deps, "lock", StateChange::kLock);
  AddStateRoute(router, deps, "unlock", StateChange::kUnlock);
  AddStateRoute(router, deps, "disable", StateChange::kDisable);
  AddStateRoute(router, deps, "enable", StateChange::kEnable);

  router.Add(http::Method::kPost, "/api/v1/admin/users/{id}/password", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      return WithJson(deps, request, [&](const json& body) {
        auto password = StringField(body, "password");
        if (!password) return deps.renderer.Fail(request, password.error());
        bool temporary = false;
        if (const auto it = body.find("temporary"); it != body.end() && !it->is_null()) {
          if (!it->is_boolean()) {
            return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, "temporary must be a boolean");
          }
          temporary = it->get<bool>();
        }
        auto reset = deps.service.ResetPassword(principal, request.PathParam("id").value_or(""), password->value_or(""),
                                                temporary, ContextOf(request));
        if (!reset) return deps.renderer.Fail(request, reset.error());
        return deps.renderer.Ok(request, nullptr);
      });
    });
  });

  router.Add(http::Method::kGet, "/api/v1/admin/audit-events", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      if (auto ok = deps.service.Authorize(principal); !ok) return deps.renderer.Fail(request, ok.error());
      auto page = ParsePage(request);
      if (!page) return deps.renderer.Fail(request, page.error());
      audit::AuditFilter filter;
      for (auto [name, field] : {std::pair{"actor_id", &filter.actor_id}, std::pair{"target_id", &filter.target_id},
                                 std::pair{"action", &filter.action}}) {
        const auto value = request.QueryParam(name).value_or("");
        if (value.size() > 64) return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, name);
        *field = std::string(value);
      }
      auto events = deps.service.ListAudit(principal, filter, page->after, page->limit);
      if (!events) return deps.renderer.Fail(request, events.error());
      return RenderPage(deps.renderer, request, *page, events->items, events->next, AuditJson);
    });
  });
}

}  // namespace menshen::accounts
