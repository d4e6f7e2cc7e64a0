// The SQL of refresh-token families over one module's tables. Accounts (a session's tokens) and OAuth (a
// grant's tokens) keep twin tables, which a merge would need a data migration to join; a descriptor names
// them, and this one class writes the SQL for both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::accounts {

// One module's refresh-token tables. Trusted constants written into SQL, never input.
struct RefreshFamilyTables {
  // Columns: token_hash, <family_column>, [client_id,] issued_at, expires_at, rotated_at.
  std::string_view tokens;
  std::string_view family_column;
  // The family table: id, revoked_at.
  std::string_view families;
  // "session" or "grant": what an audit record calls a family.
  std::string_view family_noun;
  // The tokens name the client they were issued to (RFC 6749 6: a refresh token is bound to its client).
  bool client_bound = false;
  // Ending the family deletes its tokens at once; otherwise they stay, refused by the family, until purged.
  bool tokens_end_with_family = false;
};

// The refresh tokens of menshen's own API sessions.
inline constexpr RefreshFamilyTables kSessionRefreshTables{
    .tokens = "refresh_tokens", .family_column = "session_id", .families = "sessions", .family_noun = "session"};

struct RefreshToken {
  std::string token_hash;  // SHA-256 hex of the token (HashRefreshToken)
  std::string family_id;   // the session or grant
  std::string client_id;   // empty unless the tables are client-bound
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> rotated_at;
};

class RefreshTokenTable {
 public:
  explicit RefreshTokenTable(const RefreshFamilyTables& tables);

  [[nodiscard]] Status Insert(store::sql::Connection& c, const RefreshToken& token) const;
  [[nodiscard]] Result<std::optional<RefreshToken>> Find(store::sql::Connection& c, std::string_view token_hash) const;
  // Marks the token used, only if it was not already: true for exactly one of many concurrent callers.
  [[nodiscard]] Result<bool> MarkRotated(store::sql::Connection& c, std::string_view token_hash,
                                         std::int64_t now) const;
  // Ends the family (deleting its tokens when the tables say so); false when it was unknown or already ended.
  [[nodiscard]] Result<bool> EndFamily(store::sql::Connection& c, std::string_view family_id, std::int64_t now) const;
  // Deletes up to `limit` tokens that expired before `before`; how many it deleted.
  [[nodiscard]] Result<std::int64_t> DeleteExpired(store::sql::Connection& c, std::int64_t before, int limit) const;

  const RefreshFamilyTables& Tables() const { return tables_; }

 private:
  RefreshFamilyTables tables_;
  std::string insert_, find_, mark_rotated_, end_family_, delete_family_tokens_, delete_expired_;
};

}  // namespace menshen::accounts
