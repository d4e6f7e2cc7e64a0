// A user registering: the limits per source and per window, the rules of a new user, the answer that does
// not say which identifier is taken.
#pragma once

#include "accounts/identity/new_user.hpp"
#include "accounts/options.hpp"
#include "accounts/users/model.hpp"

namespace menshen::accounts {

class RegistrationService {
 public:
  RegistrationService(const AccountsStores& stores, const AccountsOptions& options)
      : db_(stores.db),
        kv_(stores.kv),
        hashing_(stores.hashing),
        audit_(stores.audit),
        clock_(stores.clock),
        random_(stores.random),
        options_(options) {}

  Result<User> Register(const RegisterInput& input, const audit::RequestContext& context);

 private:
  Status CheckRegistrationAllowed(const audit::RequestContext& context);
  // True when every identifier of `candidate` (two or more) already belongs to one and the same user.
  bool IsExistingUser(const User& candidate);

  store::sql::Database& db_;
  store::kv::Kv& kv_;
  crypto::HashingPool& hashing_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  const AccountsOptions& options_;
};

}  // namespace menshen::accounts
