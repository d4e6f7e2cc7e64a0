// A user's own account: read it, change the profile, change the password (which needs the old one).
#pragma once

#include <span>
#include <string_view>

#include "accounts/identity/profile_fields.hpp"
#include "accounts/options.hpp"
#include "accounts/sessions/principal.hpp"
#include "accounts/users/credentials.hpp"
#include "accounts/users/model.hpp"

namespace menshen::accounts {

class UserService {
 public:
  UserService(const AccountsStores& stores, const AccountsOptions& options, Credentials& credentials)
      : db_(stores.db),
        hashing_(stores.hashing),
        audit_(stores.audit),
        clock_(stores.clock),
        options_(options),
        credentials_(credentials) {}

  // auth.user_not_found for an unknown or deleted account.
  Result<User> GetUser(std::string_view user_id);
  // nickname, avatar, introduction, gender, birthdate; e-mail and phone have their own flows.
  Result<User> UpdateProfile(const Principal& principal, std::span<const FieldUpdate> fields,
                             const audit::RequestContext& context);
  // Needs the old password; ends the user's other sessions.
  Status ChangePassword(const Principal& principal, std::string_view old_password, std::string_view new_password,
                        const audit::RequestContext& context);

 private:
  store::sql::Database& db_;
  crypto::HashingPool& hashing_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  const AccountsOptions& options_;
  Credentials& credentials_;
};

}  // namespace menshen::accounts
