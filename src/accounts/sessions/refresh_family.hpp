// One refresh-token family: the tokens that rotate out of one another within one session (accounts) or one
// grant (OAuth). Every use of a token marks it rotated and issues the next; a rotated token presented again
// means that someone else holds a copy, so the whole family ends (RFC 9700 4.14.2) and an audit event says
// so. Both modules use this one component; only their tables (RefreshFamilyTables) and their own checks
// between Present and Rotate (idle limits, scopes, the user's state) differ.
//
// Two concurrent uses of one token: the conditional update in Rotate lets exactly one win, on any database.
// The loser is treated as a reuse: its family ends, the winner's new token with it (RFC 9700 4.14.2: the
// server cannot tell which of two presenters is the legitimate client, so it ends the family rather than
// pick one; a client that retries without waiting for the answer signs in again).
#pragma once

#include <functional>

#include "accounts/sessions/refresh_token_table.hpp"
#include "audit/audit_log.hpp"

namespace menshen::accounts {

enum class RefreshState {
  kCurrent,  // may be rotated
  kUnknown,  // no such token, or another client's (left untouched: a client must not end a family it lacks)
  kEnded,    // its family has ended (revoked, or gone)
  kReused,   // it was rotated before: the family has just been ended
  kExpired,
};

struct PresentedRefresh {
  RefreshState state = RefreshState::kUnknown;
  RefreshToken token;  // empty when kUnknown
};

// Reads the token's family in the caller's transaction (keeping what the caller needs of it); false when the
// family has ended or does not exist.
using RefreshFamilyLoader = std::function<Result<bool>(store::sql::Connection&, const RefreshToken&)>;

struct RefreshReuse {
  std::string user_id;
  std::string family_id;
  std::string client_id;  // for an OAuth grant
  ErrorId answered = ErrorId::kTokenInvalid;
};

class RefreshFamily {
 public:
  RefreshFamily(const RefreshFamilyTables& tables, audit::AuditLog& audit) : table_(tables), audit_(audit) {}

  // The first token of a new family (a sign-in, a new grant).
  [[nodiscard]] Status Issue(store::sql::Connection& c, const RefreshToken& token) const {
    return table_.Insert(c, token);
  }
  // What the presented token is worth, in the order that matters: an unknown or foreign token is not touched;
  // an ended family is refused without an alarm; a rotated token ends its family (kReused); then expiry.
  [[nodiscard]] Result<PresentedRefresh> Present(store::sql::Connection& c, std::string_view token_hash,
                                                 std::string_view client_id, std::int64_t now,
                                                 const RefreshFamilyLoader& load_family) const;
  // Marks `current` rotated, by a conditional update whose result is checked, and issues `next`. False when
  // another use of `current` won the race: the family is then ended, as for a reuse.
  [[nodiscard]] Result<bool> Rotate(store::sql::Connection& c, const RefreshToken& current, const RefreshToken& next,
                                    std::int64_t now) const;
  // Ends the family (a reuse, an idle limit, a revocation); false when it had ended already.
  [[nodiscard]] Result<bool> End(store::sql::Connection& c, std::string_view family_id, std::int64_t now) const {
    return table_.EndFamily(c, family_id, now);
  }
  // After the transaction that ended a family for a reuse: the audit event, and a warning for the operator.
  void RecordReuse(const audit::RequestContext& context, const RefreshReuse& reuse) const;

  const RefreshTokenTable& Table() const { return table_; }

 private:
  RefreshTokenTable table_;
  audit::AuditLog& audit_;
};

}  // namespace menshen::accounts
