#include "accounts/signin/sign_in_service.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "accounts/sessions/idle_timeout.hpp"
#include "accounts/signin/lockout.hpp"
#include "accounts/users/account_state.hpp"
#include "accounts/users/user_repo.hpp"
#include "core/unicode_text.hpp"
#include "crypto/sha256.hpp"

namespace menshen::accounts {
namespace {

// The throttle subject of a name that matches no account: a digest, so that keys stay short and hold no
// name as typed.
std::string UnknownAccountSubject(std::string_view account, const Result<ClassifiedAccount>& classified) {
  if (!classified) return "unknown:" + crypto::Sha256Hex(account);
  return fmt::format("unknown:{}", crypto::Sha256Hex(fmt::format("{}:{}", static_cast<int>(classified->kind),
                                                                 classified->normalized)));
}

// The account as typed, for the audit trail: at most 64 bytes cut at a character boundary, control
// characters replaced, and nothing at all when it is not UTF-8.
std::string AccountForAudit(std::string_view account) {
  constexpr std::size_t kMax = 64;
  auto cut = std::min(account.size(), kMax);
  while (cut > 0 && cut < account.size() && (static_cast<unsigned char>(account[cut]) & 0xC0) == 0x80) --cut;
  std::string text(account.substr(0, cut));
  if (!DecodeUtf8(text)) return "(not UTF-8)";
  for (auto& ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = '?';
  }
  if (cut < account.size()) text += "...";
  return text;
}

}  // namespace

SignInService::SignInService(const AccountsStores& stores, const AccountsOptions& options, SessionService& sessions,
                             Credentials& credentials, UserService& users)
    : db_(stores.db),
      hashing_(stores.hashing),
      audit_(stores.audit),
      clock_(stores.clock),
      options_(options),
      sessions_(sessions),
      credentials_(credentials),
      users_(users),
      throttle_(stores.kv, options.throttle) {
  auto dummy = hashing_.Hasher().Hash(stores.random.Token(24));
  if (!dummy) throw std::runtime_error("cannot compute the dummy password hash");
  dummy_hash_ = *dummy;
}

Status SignInService::CheckCanUseTokens(const User& user) const {
  return CheckCanSignIn(user, options_.password_max_age, Now());
}

Result<User> SignInService::VerifyCredentials(std::string_view account, std::string_view password,
                                              const audit::RequestContext& context) {
  if (account.empty()) return Fail(ErrorId::kCommonMissingParameter, "account is required");
  if (password.empty()) return Fail(ErrorId::kPasswordRequired);
  // Refused before any lookup or hashing: nothing this long was ever accepted as a password.
  if (password.size() > static_cast<std::size_t>(options_.password.max_length) * 4) {
    return Fail(ErrorId::kAuthInvalidCredentials);
  }
  if (auto source = throttle_.CheckSource(context.ip); !source) return std::unexpected(source.error());

  auto classified = ClassifyAccount(account, options_.phone_region, options_.username);
  std::optional<User> user;
  if (classified) {
    auto read = db_.Read([&](store::sql::Connection& c) -> Status {
      auto found = FindUserByAccount(c, classified->kind, classified->normalized);
      if (!found) return std::unexpected(found.error());
      user = std::move(*found);
      return {};
    });
    if (!read) return std::unexpected(read.error());
  }
  // A name without an account is throttled like one with: the refusals must not tell them apart.
  const auto subject = user ? ThrottleSubject{user->id, user->lockout_generation}
                            : ThrottleSubject{UnknownAccountSubject(account, classified), 0};
  // Counted before the check, atomically: parallel guesses cannot slip past a limit between a check and an
  // increment, and once over it no password is even compared.
  auto admission = throttle_.Admit(subject, user.has_value(), context.ip);
  if (!admission) return std::unexpected(admission.error());
  if (admission->verdict != ThrottleVerdict::kAllowed) {
    // The seam for a captcha: a source refused here could be offered one instead, and admitted when solved.
    if (auto counted = throttle_.RecordSourceFailure(context.ip); !counted) return std::unexpected(counted.error());
    return Fail(ErrorId::kAccountTemporarilyLocked,
                "too many failed sign-ins; try again " + RetryAfterText(admission->retry_after));
  }
  auto record_failure = [&](std::string_view outcome) -> Status {
    auto locked = throttle_.RecordFailure(subject, context.ip, *admission);
    if (!locked) return std::unexpected(locked.error());
    audit_.Record(context, {.action = "login",
                            .outcome = std::string(outcome),
                            .target_id = user ? user->id : std::string{},
                            .detail = user ? std::string{} : "account as typed: " + AccountForAudit(account)});
    if (locked->count() > 0) {
      audit_.Record(context, {.action = "lockout",
                              .outcome = "account.temporarily_locked",
                              .target_id = user ? user->id : std::string{},
                              .detail = fmt::format("source refused for {} s", locked->count())});
    }
    return {};
  };

  if (!user || !user->password_hash) {
    // Same work as a real check, so that timing does not tell which accounts exist.
    (void)hashing_.Verify(password, dummy_hash_);  // the outcome is known: no hash, or the dummy's
    const auto id = user ? ErrorId::kAuthPasswordNotSet : ErrorId::kAuthUserNotFound;
    if (auto recorded = record_failure(ToString(id)); !recorded) return std::unexpected(recorded.error());
    // Hidden by default: an account without a password answers like a name without an account.
    return Fail(options_.reveal_unknown_user ? id : ErrorId::kAuthInvalidCredentials);
  }
  auto matches = hashing_.Verify(password, *user->password_hash);
  if (!matches) return std::unexpected(matches.error());
  if (!*matches) {
    if (auto recorded = record_failure("auth.password_wrong"); !recorded) return std::unexpected(recorded.error());
    return Fail(options_.reveal_unknown_user ? ErrorId::kAuthPasswordWrong : ErrorId::kAuthInvalidCredentials);
  }
  if (auto ok = throttle_.RecordSuccess(subject, user->id, context.ip, *admission); !ok) {
    // The password is proven: refusing now would turn a full or failing store into nobody signing in. An
    // unrecorded success only leaves the pair's count standing and the source unfamiliar.
    spdlog::warn("sign-in of {} not recorded by the throttle: {}", user->id, ok.error().internal_detail);
  }
  if (hashing_.NeedsRehash(*user->password_hash)) {
    if (auto rehashed = hashing_.Hash(password); rehashed) {
      const auto id = user->id;
      // Logged, not returned: the old hash still verifies, and the next sign-in tries again.
      if (auto stored =
              db_.Write([&](store::sql::Connection& c) { return UpdatePasswordHash(c, id, *rehashed, Now()); });
          !stored) {
        spdlog::warn("password hash of {} not upgraded: {}", id, stored.error().internal_detail);
      }
    }
  }
  return *user;
}

Result<User> SignInService::AdmitUser(std::string_view account, std::string_view password,
                                      const audit::RequestContext& context) {
  auto user = VerifyCredentials(account, password, context);
  if (!user) return std::unexpected(user.error());
  if (auto allowed = CheckCanSignIn(*user, options_.password_max_age, Now()); !allowed) {
    audit_.Record(context,
                  {.action = "login", .outcome = std::string(ToString(allowed.error().id)), .target_id = user->id});
    return std::unexpected(allowed.error());
  }
  return user;
}

Result<TokenPair> SignInService::Login(std::string_view account, std::string_view password,
                                       const audit::RequestContext& context) {
  auto user = AdmitUser(account, password, context);
  if (!user) return std::unexpected(user.error());
  auto pair = sessions_.StartSession(*user, context);
  audit_.Record(context, {.action = "login",
                          .outcome = pair ? "success" : std::string(ToString(pair.error().id)),
                          .actor_id = user->id,
                          .target_id = user->id});
  return pair;
}

Result<User> SignInService::AuthenticateForGrant(std::string_view account, std::string_view password,
                                                 std::string_view client_id, const audit::RequestContext& context) {
  auto user = VerifyCredentials(account, password, context);
  if (!user) return std::unexpected(user.error());
  auto allowed = CheckCanSignIn(*user, options_.password_max_age, Now());
  audit_.Record(context, {.action = "login",
                          .outcome = allowed ? "success" : std::string(ToString(allowed.error().id)),
                          .actor_id = allowed ? user->id : std::string{},
                          .target_id = user->id,
                          .detail = std::string("oauth password grant for client ").append(client_id)});
  if (!allowed) return std::unexpected(allowed.error());
  return user;
}

Result<User> SignInService::ReplaceExpiredPassword(std::string_view account, std::string_view old_password,
                                                   std::string_view new_password,
                                                   const audit::RequestContext& context) {
  if (new_password.empty()) return Fail(ErrorId::kPasswordRequired, "new_password is required");
  auto user = VerifyCredentials(account, old_password, context);
  if (!user) return std::unexpected(user.error());
  if (auto allowed = CheckCanSignIn(*user, options_.password_max_age, Now());
      !allowed && allowed.error().id != ErrorId::kPasswordExpired) {
    return std::unexpected(allowed.error());
  }
  if (new_password == old_password) {
    return Fail(ErrorId::kPasswordPolicyViolation, "the new password must differ from the old one");
  }
  if (auto changed = credentials_.SetPassword(*user, new_password, std::nullopt); !changed) {
    return std::unexpected(changed.error());
  }
  return users_.GetUser(user->id);
}

Result<TokenPair> SignInService::ChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                                       std::string_view new_password,
                                                       const audit::RequestContext& context) {
  auto user = ReplaceExpiredPassword(account, old_password, new_password, context);
  if (!user) return std::unexpected(user.error());
  auto pair = sessions_.StartSession(*user, context);
  audit_.Record(context, {.action = "login",
                          .outcome = pair ? "success" : std::string(ToString(pair.error().id)),
                          .actor_id = user->id,
                          .target_id = user->id,
                          .detail = "with a password change"});
  return pair;
}

Result<Session> SignInService::BrowserLogin(std::string_view account, std::string_view password,
                                            const audit::RequestContext& context) {
  auto user = AdmitUser(account, password, context);
  if (!user) return std::unexpected(user.error());
  return sessions_.OpenBrowserSession(*user, context, "hosted sign-in page");
}

Result<Session> SignInService::BrowserChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                                            std::string_view new_password,
                                                            const audit::RequestContext& context) {
  auto user = ReplaceExpiredPassword(account, old_password, new_password, context);
  if (!user) return std::unexpected(user.error());
  return sessions_.OpenBrowserSession(*user, context, "hosted sign-in page, with a password change");
}

}  // namespace menshen::accounts
