// The authorization server's sign-in in a browser (the IdP session): an opaque 256-bit cookie secret, kept
// only as its SHA-256, that names one accounts session. Whatever ends that session ends this sign-in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/service.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/sql/database.hpp"

namespace menshen::oauth {

struct BrowserSession {
  accounts::User user;
  std::string session_id;
  std::int64_t auth_time = 0;  // when the user proved the password
};

class BrowserSessions {
 public:
  BrowserSessions(store::sql::Database& db, accounts::AccountsService& accounts, const Clock& clock, Random& random)
      : db_(db), accounts_(accounts), clock_(clock), random_(random) {}

  // Binds a new cookie secret to an accounts session that has just been opened; returns the secret.
  Result<std::string> Start(const accounts::Session& session);
  // The sign-in a cookie stands for, while its accounts session lives and the account may sign in.
  Result<std::optional<BrowserSession>> Find(std::string_view secret);
  // Ends the sign-in and its accounts session (with the access tokens issued in it).
  Status End(const BrowserSession& session, const audit::RequestContext& context);
  // Forgets a cookie secret whose sign-in is replaced by a new one.
  Status Forget(std::string_view secret);

 private:
  store::sql::Database& db_;
  accounts::AccountsService& accounts_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace menshen::oauth
