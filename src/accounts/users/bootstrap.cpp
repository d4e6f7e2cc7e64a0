#include "accounts/users/bootstrap.hpp"

#include <chrono>

namespace menshen::accounts {
namespace {

constexpr std::string_view kRootUsername = "root";

}  // namespace

Result<std::optional<CreatedRoot>> EnsureRootAdmin(store::sql::Database& db, const crypto::PasswordHasher& hasher,
                                                   Random& random, const Clock& clock) {
  bool exists = false;
  auto checked = db.Read([&](store::sql::Connection& c) -> Status {
    auto row = c.QueryOne("SELECT id FROM users WHERE role = 'root'");
    if (!row) return std::unexpected(row.error());
    exists = row->has_value();
    return {};
  });
  if (!checked) return std::unexpected(checked.error());
  if (exists) return std::nullopt;

  CreatedRoot root{std::string(kRootUsername), random.Token(18)};
  auto hash = hasher.Hash(root.password);
  if (!hash) return std::unexpected(hash.error());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  std::int64_t inserted = 0;
  auto written = db.Write([&](store::sql::Connection& c) -> Status {
    auto changed = c.Execute(
        "INSERT INTO users (id, username, password_hash, nickname, role, status, created_at, updated_at) "
        "SELECT ?, ?, ?, ?, 'root', 'active', ?, ? WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'root')",
        {random.Token(16), root.username, *hash, std::string("Root"), now, now});
    if (!changed) return std::unexpected(changed.error());
    inserted = *changed;
    return {};
  });
  if (!written) {
    // Another node won the race to insert the same username.
    if (store::sql::IsUniqueViolation(written.error())) return std::nullopt;
    return std::unexpected(written.error());
  }
  if (inserted == 0) return std::nullopt;
  return root;
}

}  // namespace menshen::accounts
