// A user's credentials replaced or withdrawn: a new password, or every session ended because the account was
// locked, disabled or deleted. Each change is announced to the credential listeners (credential_events.hpp)
// inside the transaction that makes it, so that other modules end what they issued on the old credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/options.hpp"
#include "accounts/sessions/access_tokens.hpp"
#include "accounts/users/credential_events.hpp"
#include "accounts/users/model.hpp"

namespace menshen::accounts {

// The values a password must not contain (username, e-mail, nickname).
std::vector<std::string_view> PersonalData(const User& user);

class Credentials {
 public:
  Credentials(const AccountsStores& stores, const AccessTokens& tokens, const AccountsOptions& options)
      : db_(stores.db), hashing_(stores.hashing), tokens_(tokens), clock_(stores.clock), options_(options) {}

  // Replaces the password (policy checked against the user's own data) and ends every session but
  // `keep_session`. `must_change`: the new password is due at once (an administrator's temporary one).
  Status SetPassword(const User& user, std::string_view new_password, std::optional<std::string_view> keep_session,
                     bool must_change = false);
  // Ends every session of the user, and (through the credential listeners) every OAuth grant; their access
  // tokens are refused from now on. `why`: the account was locked, disabled or deleted.
  Status EndAllSessions(std::string_view user_id, CredentialChange why);
  // A listener told of password changes and of accounts locked, disabled or deleted. Added while the server
  // is wired, before it serves.
  void AddListener(CredentialEvents& listener) { listeners_.push_back(&listener); }

 private:
  // Tells every listener, inside the caller's transaction; what each must do after the commit.
  Result<std::vector<AfterCommit>> Announce(store::sql::Connection& c, const CredentialEvent& event, std::int64_t now);

  store::sql::Database& db_;
  crypto::HashingPool& hashing_;
  const AccessTokens& tokens_;
  const Clock& clock_;
  const AccountsOptions& options_;
  std::vector<CredentialEvents*> listeners_;
};

}  // namespace menshen::accounts
