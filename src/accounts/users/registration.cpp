#include "accounts/users/registration.hpp"

#include "accounts/signin/lockout.hpp"
#include "accounts/users/user_repo.hpp"

namespace menshen::accounts {

Status RegistrationService::CheckRegistrationAllowed(const audit::RequestContext& context) {
  if (!options_.registration_enabled) return Fail(ErrorId::kIdentityRegistrationDisabled);
  const auto window = std::chrono::duration_cast<store::kv::Duration>(options_.registration_window);
  // Counted per attempt, so a script cycling through bad inputs is slowed as much as one that succeeds. The
  // source's own limit comes first, so one source adds at most its own limit to the pool's count.
  for (const auto& [key, limit] : {std::pair{IpRegistrationsKey(context.ip), options_.max_registrations_per_ip},
                                   std::pair{PoolRegistrationsKey("default"), options_.max_registrations_per_window}}) {
    if (limit <= 0) continue;
    auto count = kv_.Increment(key, 1, window);
    if (!count) return std::unexpected(count.error());
    if (*count > limit) return Fail(ErrorId::kLimitRegistrationTooFrequent);
  }
  return {};
}

Result<User> RegistrationService::Register(const RegisterInput& input, const audit::RequestContext& context) {
  if (auto allowed = CheckRegistrationAllowed(context); !allowed) return std::unexpected(allowed.error());
  auto prepared = PrepareNewUser(
      input, NewUserRules{
                 .username = options_.username, .password = options_.password, .phone_region = options_.phone_region});
  if (!prepared) return std::unexpected(prepared.error());
  User user = std::move(*prepared);
  auto hash = hashing_.Hash(*input.password);
  if (!hash) return std::unexpected(hash.error());
  user.id = random_.Token(16);
  user.password_hash = *hash;
  user.created_at = user.updated_at = clock_.UnixSeconds();
  auto inserted = db_.Write([&](store::sql::Connection& c) { return InsertUser(c, user); });
  if (!inserted && IsIdentifierTaken(inserted.error().id) && !options_.reveal_unknown_user) {
    // One answer for every taken identifier, which does not say which one (docs/security.md, "Account
    // enumeration"); the audit trail keeps the real cause.
    inserted = Fail(ErrorId::kIdentityRegistrationRejected, {}, std::string(ToString(inserted.error().id)));
  } else if (!inserted && IsIdentifierTaken(inserted.error().id) && IsExistingUser(user)) {
    inserted = Fail(ErrorId::kIdentityUserExists, "every identifier given belongs to one existing account");
  } else if (!inserted && !IsIdentifierTaken(inserted.error().id) &&
             inserted.error().id != ErrorId::kInfraDatabaseError) {
    // The store failed, not the input: the seeds' "account could not be created", the cause logged only. A
    // database that cannot be reached keeps its own error (503: try again), as every other request answers.
    inserted = Fail(ErrorId::kAccountCreateFailed, {}, inserted.error().internal_detail);
  }
  audit_.Record(context, {.action = "register",
                          .outcome = inserted ? "success" : std::string(ToString(inserted.error().id)),
                          .actor_id = inserted ? user.id : "",
                          .target_id = inserted ? user.id : "",
                          .detail = !inserted && inserted.error().id == ErrorId::kIdentityRegistrationRejected
                                        ? inserted.error().internal_detail
                                        : std::string{}});
  if (!inserted) return std::unexpected(inserted.error());
  return user;
}

bool RegistrationService::IsExistingUser(const User& candidate) {
  std::vector<std::pair<AccountKind, std::string>> given;
  if (candidate.username) given.emplace_back(AccountKind::kUsername, *candidate.username);
  if (candidate.email) given.emplace_back(AccountKind::kEmail, *candidate.email);
  if (candidate.phone) given.emplace_back(AccountKind::kPhone, *candidate.phone);
  // One identifier taken is that identifier's own error; only a repeat of a whole registration is this one.
  if (given.size() < 2) return false;
  std::optional<std::string> owner;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    for (const auto& [kind, key] : given) {
      auto user = FindUserByAccount(c, kind, key);
      if (!user) return std::unexpected(user.error());
      if (!*user || (owner && (*user)->id != *owner)) {
        owner.reset();
        return {};
      }
      owner = (*user)->id;
    }
    return {};
  });
  return read && owner.has_value();
}

}  // namespace menshen::accounts
