// The oauth_apps table, through store::sql.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oauth/model.hpp"
#include "store/sql/connection.hpp"

namespace menshen::oauth {

// Where a newest-first listing resumes: after the app created at `created_at` with `id`.
struct AppCursor {
  std::int64_t created_at = 0;
  std::string id;
};

// app.name_taken when the name key is in use.
Status InsertApp(store::sql::Connection& c, const App& app);
Result<std::optional<App>> FindApp(store::sql::Connection& c, std::string_view id);
// Newest first; at most `limit` apps after `after`.
Result<std::vector<App>> ListApps(store::sql::Connection& c, const std::optional<AppCursor>& after, int limit);
// Writes every field but id and created_*; app.name_taken as above; false when no such app.
Result<bool> UpdateApp(store::sql::Connection& c, const App& app);
Result<bool> DeleteApp(store::sql::Connection& c, std::string_view id);

}  // namespace menshen::oauth
