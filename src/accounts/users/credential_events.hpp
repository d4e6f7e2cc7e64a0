// What other modules learn when a user's credentials change or the account is taken away. The OAuth module
// ends the user's grants then (RFC 9700 4.14.2), but accounts knows nothing of OAuth: the application wires
// a listener in, and the accounts service calls it inside the transaction that makes the change.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace menshen::accounts {

enum class CredentialChange { kPassword, kLocked, kDisabled, kDeleted };

inline std::string_view ToString(CredentialChange change) {
  switch (change) {
    case CredentialChange::kPassword:
      return "password";
    case CredentialChange::kLocked:
      return "locked";
    case CredentialChange::kDisabled:
      return "disabled";
    case CredentialChange::kDeleted:
      return "deleted";
  }
  return "changed";
}

struct CredentialEvent {
  std::string user_id;
  CredentialChange change = CredentialChange::kPassword;
  // Applications (client ids) whose grants survive the change. Empty: every grant ends. No endpoint sets it
  // yet; it is the seam for a product that lets a user keep named applications signed in.
  std::vector<std::string> keep_client_ids;
};

// What a listener does once the transaction has committed (e.g. refusing access tokens in store::kv).
using AfterCommit = std::function<Status()>;

class CredentialEvents {
 public:
  virtual ~CredentialEvents() = default;
  // Runs inside the transaction that changes the account, so that the listener's writes commit or roll
  // back with the change. An error rolls the change back.
  virtual Result<AfterCommit> InTransaction(store::sql::Connection& c, const CredentialEvent& event,
                                            std::int64_t now) = 0;
};

}  // namespace menshen::accounts
