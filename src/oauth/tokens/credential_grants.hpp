// A user's OAuth grants end with the credentials they were given under (RFC 9700 4.14.2): when the password
// changes or is reset, or an administrator locks, disables or deletes the account, every grant of the user
// is revoked in the accounts transaction (refresh tokens stop at once), and after the commit its access
// tokens are refused by introspection and userinfo through store::kv.
#pragma once

#include "accounts/users/credential_events.hpp"
#include "core/clock.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

class GrantsEndWithCredentials final : public accounts::CredentialEvents {
 public:
  GrantsEndWithCredentials(store::kv::Kv& kv, const Clock& clock) : kv_(kv), clock_(clock) {}

  Result<accounts::AfterCommit> InTransaction(store::sql::Connection& c, const accounts::CredentialEvent& event,
                                              std::int64_t now) override;

 private:
  store::kv::Kv& kv_;
  const Clock& clock_;
};

}  // namespace menshen::oauth
