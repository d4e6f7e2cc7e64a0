#include "oauth/apps/app_repo.hpp"

#include <nlohmann/json.hpp>

#include "oauth/apps/app_rules.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;
using store::sql::Row;
using store::sql::Value;

constexpr std::string_view kColumns =
    "id, name, name_key, type, description, redirect_uris, post_logout_redirect_uris, grant_types, scopes, "
    "token_endpoint_auth_method, secret_hash, access_token_ttl, refresh_token_ttl, created_by, created_at, "
    "updated_at, secret_updated_at, id_token_signed_response_alg, allowed_resources";

std::string ToJson(const std::vector<std::string>& list) { return json(list).dump(); }

std::string ToJson(const std::vector<GrantType>& grants) {
  json out = json::array();
  for (auto grant : grants) out.push_back(ToString(grant));
  return out.dump();
}

// Lists were written by ToJson; anything else read back is dropped rather than trusted.
std::vector<std::string> StringList(const std::string& text) {
  std::vector<std::string> out;
  const auto parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Value Nullable(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }
Value Nullable(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

App FromRow(const Row& row) {
  App app;
  app.id = row.Text(0);
  app.name = row.Text(1);
  app.name_key = row.Text(2);
  app.type = ParseAppType(row.Text(3)).value_or(AppType::kWeb);
  if (!row.IsNull(4)) app.description = row.Text(4);
  app.redirect_uris = StringList(row.Text(5));
  app.post_logout_redirect_uris = StringList(row.Text(6));
  for (const auto& name : StringList(row.Text(7))) {
    if (auto grant = ParseGrantType(name)) app.grant_types.push_back(*grant);
  }
  app.scopes = StringList(row.Text(8));
  // An unreadable method must never weaken authentication: treat it as needing a secret.
  app.auth_method = ParseAuthMethod(row.Text(9)).value_or(AuthMethod::kClientSecretBasic);
  if (!row.IsNull(10)) app.secret_hash = row.Text(10);
  app.access_token_ttl = row.Int64(11);
  app.refresh_token_ttl = row.Int64(12);
  if (!row.IsNull(13)) app.created_by = row.Text(13);
  app.created_at = row.Int64(14);
  app.updated_at = row.Int64(15);
  if (!row.IsNull(16)) app.secret_updated_at = row.Int64(16);
  // An unreadable alg falls back to the default rather than to something weaker.
  app.id_token_alg = crypto::ParseAlg(row.Text(17)).value_or(crypto::JwsAlg::kRs256);
  if (!CheckIdTokenAlg(app.id_token_alg)) app.id_token_alg = crypto::JwsAlg::kRs256;
  // An unreadable list reads as empty: no resource is allowed, never every one.
  app.allowed_resources = StringList(row.Text(18));
  return app;
}

Error NameTakenOr(const Error& error) {
  if (store::sql::IsUniqueViolation(error, "name_key")) return Error{ErrorId::kAppNameTaken, {}, {}};
  return error;
}

}  // namespace

Status InsertApp(store::sql::Connection& c, const App& app) {
  auto inserted = c.Execute(
      "INSERT INTO oauth_apps (id, name, name_key, type, description, redirect_uris, post_logout_redirect_uris, "
      "grant_types, scopes, token_endpoint_auth_method, secret_hash, secret_updated_at, access_token_ttl, "
      "refresh_token_ttl, created_by, created_at, updated_at, id_token_signed_response_alg, allowed_resources) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {app.id, app.name, app.name_key, std::string(ToString(app.type)), Nullable(app.description),
       ToJson(app.redirect_uris), ToJson(app.post_logout_redirect_uris), ToJson(app.grant_types), ToJson(app.scopes),
       std::string(ToString(app.auth_method)), Nullable(app.secret_hash), Nullable(app.secret_updated_at),
       app.access_token_ttl, app.refresh_token_ttl, app.created_by, app.created_at, app.updated_at,
       std::string(crypto::AlgName(app.id_token_alg)), ToJson(app.allowed_resources)});
  if (!inserted) return std::unexpected(NameTakenOr(inserted.error()));
  return {};
}

Result<std::optional<App>> FindApp(store::sql::Connection& c, std::string_view id) {
  auto row =
      c.QueryOne(std::string("SELECT ").append(kColumns).append(" FROM oauth_apps WHERE id = ?"), {std::string(id)});
  if (!row) return std::unexpected(row.error());
  if (!row->has_value()) return std::nullopt;
  return FromRow(**row);
}

Result<std::vector<App>> ListApps(store::sql::Connection& c, const std::optional<AppCursor>& after, int limit) {
  std::string sql = std::string("SELECT ").append(kColumns).append(" FROM oauth_apps");
  store::sql::Params params;
  if (after) {
    sql += " WHERE created_at < ? OR (created_at = ? AND id < ?)";
    params = {after->created_at, after->created_at, after->id};
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  auto rows = c.Query(sql, params);
  if (!rows) return std::unexpected(rows.error());
  std::vector<App> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(FromRow(row));
  return out;
}

Result<bool> UpdateApp(store::sql::Connection& c, const App& app) {
  auto changed = c.Execute(
      "UPDATE oauth_apps SET name = ?, name_key = ?, type = ?, description = ?, redirect_uris = ?, "
      "post_logout_redirect_uris = ?, grant_types = ?, scopes = ?, token_endpoint_auth_method = ?, "
      "secret_hash = ?, secret_updated_at = ?, "
      "access_token_ttl = ?, refresh_token_ttl = ?, updated_at = ?, id_token_signed_response_alg = ?, "
      "allowed_resources = ? WHERE id = ?",
      {app.name, app.name_key, std::string(ToString(app.type)), Nullable(app.description), ToJson(app.redirect_uris),
       ToJson(app.post_logout_redirect_uris), ToJson(app.grant_types), ToJson(app.scopes),
       std::string(ToString(app.auth_method)), Nullable(app.secret_hash), Nullable(app.secret_updated_at),
       app.access_token_ttl, app.refresh_token_ttl, app.updated_at, std::string(crypto::AlgName(app.id_token_alg)),
       ToJson(app.allowed_resources), app.id});
  if (!changed) return std::unexpected(NameTakenOr(changed.error()));
  return *changed == 1;
}

Result<bool> DeleteApp(store::sql::Connection& c, std::string_view id) {
  auto changed = c.Execute("DELETE FROM oauth_apps WHERE id = ?", {std::string(id)});
  if (!changed) return std::unexpected(changed.error());
  return *changed == 1;
}

}  // namespace menshen::oauth
