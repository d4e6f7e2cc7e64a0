// What a user has allowed an application: the scopes granted, remembered so that the consent page is shown
// only for scopes not yet granted (or when the client asks with prompt=consent).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {

class Consents {
 public:
  Consents(store::sql::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // True when every scope in `scopes` has been granted by the user to the client.
  Result<bool> Covers(std::string_view user_id, std::string_view client_id, const std::vector<std::string>& scopes);
  // Adds `scopes` to what the user has granted the client.
  Status Grant(std::string_view user_id, std::string_view client_id, const std::vector<std::string>& scopes);

 private:
  store::sql::Database& db_;
  const Clock& clock_;
};

}  // namespace menshen::oauth
