#include "oauth/authorize/consents.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace menshen::oauth {
namespace {

using nlohmann::json;

std::set<std::string> Granted(const std::optional<store::sql::Row>& row) {
  std::set<std::string> out;
  if (!row) return out;
  const auto parsed = json::parse(row->Text(0), nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.insert(item.get<std::string>());
  }
  return out;
}

constexpr std::string_view kSelect = "SELECT scopes FROM oauth_consents WHERE user_id = ? AND client_id = ?";

}  // namespace

Result<bool> Consents::Covers(std::string_view user_id, std::string_view client_id,
                              const std::vector<std::string>& scopes) {
  std::optional<store::sql::Row> row;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto found = c.QueryOne(kSelect, {std::string(user_id), std::string(client_id)});
    if (!found) return std::unexpected(found.error());
    row = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!row) return false;
  const auto granted = Granted(row);
  return std::ranges::all_of(scopes, [&](const std::string& s) { return granted.contains(s); });
}

Status Consents::Grant(std::string_view user_id, std::string_view client_id, const std::vector<std::string>& scopes) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  return db_.Write([&](store::sql::Connection& c) -> Status {
    auto found = c.QueryOne(kSelect, {std::string(user_id), std::string(client_id)});
    if (!found) return std::unexpected(found.error());
    auto granted = Granted(*found);
    granted.insert(scopes.begin(), scopes.end());
    const auto text = json(std::vector<std::string>(granted.begin(), granted.end())).dump();
    auto written = found->has_value()
                       ? c.Execute(
                             "UPDATE oauth_consents SET scopes = ?, granted_at = ? WHERE user_id = ? AND "
                             "client_id = ?",
                             {text, now, std::string(user_id), std::string(client_id)})
                       : c.Execute(
                             "INSERT INTO oauth_consents (user_id, client_id, scopes, granted_at) VALUES "
                             "(?, ?, ?, ?)",
                             {std::string(user_id), std::string(client_id), text, now});
    if (!written) return std::unexpected(written.error());
    return {};
  });
}

}  // namespace menshen::oauth
