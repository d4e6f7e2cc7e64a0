// Sign-in, refresh and sign-out: the parts of AccountsService that deal in credentials and sessions.
#include <spdlog/spdlog.h>

#include "accounts/idle_timeout.hpp"
#include "accounts/lockout.hpp"
#include "accounts/service.hpp"
#include "accounts/unicode_text.hpp"
#include "accounts/user_repo.hpp"
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

Status AccountsService::CheckCanSignIn(const User& user) const {
  const auto now = Now();
  switch (user.status) {
    case AccountStatus::kActive:
      break;
    case AccountStatus::kLocked:
      return Fail(ErrorId::kAccountLocked);
    case AccountStatus::kDisabled:
      return Fail(ErrorId::kAccountDisabled);
    case AccountStatus::kDeleted:
      return Fail(ErrorId::kAccountDeleted);
  }
  if (user.locked_until && *user.locked_until > now) return Fail(ErrorId::kAccountLocked);
  if (user.account_expires_at && *user.account_expires_at <= now) return Fail(ErrorId::kAccountExpired);
  if (PasswordExpired(user)) {
    return Fail(ErrorId::kPasswordExpired, "change it with POST /api/v1/auth/change-password");
  }
  return {};
}

bool AccountsService::PasswordExpired(const User& user) const {
  const auto now = Now();
  if (user.password_expires_at && *user.password_expires_at <= now) return true;
  // Aged by the policy in force now, so that tightening it applies to passwords set before.
  const auto max_age = options_.password_max_age.count();
  const auto changed = user.password_changed_at.value_or(user.created_at);
  return max_age > 0 && changed + max_age <= now;
}

Result<User> AccountsService::VerifyCredentials(std::string_view account, std::string_view password,
                                                const RequestContext& context) {
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

Result<User> AccountsService::AdmitUser(std::string_view account, std::string_view password,
                                        const RequestContext& context) {
  auto user = VerifyCredentials(account, password, context);
  if (!user) return std::unexpected(user.error());
  if (auto allowed = CheckCanSignIn(*user); !allowed) {
    audit_.Record(context,
                  {.action = "login", .outcome = std::string(ToString(allowed.error().id)), .target_id = user->id});
    return std::unexpected(allowed.error());
  }
  return user;
}

Result<TokenPair> AccountsService::Login(std::string_view account, std::string_view password,
                                         const RequestContext& context) {
  auto user = AdmitUser(account, password, context);
  if (!user) return std::unexpected(user.error());
  auto pair = StartSession(*user, context);
  audit_.Record(context, {.action = "login",
                          .outcome = pair ? "success" : std::string(ToString(pair.error().id)),
                          .actor_id = user->id,
                          .target_id = user->id});
  return pair;
}

Result<User> AccountsService::AuthenticateForGrant(std::string_view account, std::string_view password,
                                                   std::string_view client_id, const RequestContext& context) {
  auto user = VerifyCredentials(account, password, context);
  if (!user) return std::unexpected(user.error());
  auto allowed = CheckCanSignIn(*user);
  audit_.Record(context, {.action = "login",
                          .outcome = allowed ? "success" : std::string(ToString(allowed.error().id)),
                          .actor_id = allowed ? user->id : std::string{},
                          .target_id = user->id,
                          .detail = std::string("oauth password grant for client ").append(client_id)});
  if (!allowed) return std::unexpected(allowed.error());
  return user;
}

Result<User> AccountsService::ReplaceExpiredPassword(std::string_view account, std::string_view old_password,
                                                     std::string_view new_password, const RequestContext& context) {
  if (new_password.empty()) return Fail(ErrorId::kPasswordRequired, "new_password is required");
  auto user = VerifyCredentials(account, old_password, context);
  if (!user) return std::unexpected(user.error());
  if (auto allowed = CheckCanSignIn(*user); !allowed && allowed.error().id != ErrorId::kPasswordExpired) {
    return std::unexpected(allowed.error());
  }
  if (new_password == old_password) {
    return Fail(ErrorId::kPasswordPolicyViolation, "the new password must differ from the old one");
  }
  if (auto changed = SetPassword(*user, new_password, std::nullopt); !changed) {
    return std::unexpected(changed.error());
  }
  return GetUser(user->id);
}

Result<TokenPair> AccountsService::ChangeExpiredPassword(std::string_view account, std::string_view old_password,
                                                         std::string_view new_password, const RequestContext& context) {
  auto user = ReplaceExpiredPassword(account, old_password, new_password, context);
  if (!user) return std::unexpected(user.error());
  auto pair = StartSession(*user, context);
  audit_.Record(context, {.action = "login",
                          .outcome = pair ? "success" : std::string(ToString(pair.error().id)),
                          .actor_id = user->id,
                          .target_id = user->id,
                          .detail = "with a password change"});
  return pair;
}

Result<Session> AccountsService::OpenSession(const User& user, const RequestContext& context,
                                             std::optional<std::string_view> refresh_hash) {
  const auto now = Now();
  Session session{.id = random_.TimeOrderedId(clock_.Now()),  // the oldest sessions are the first to go
                  .user_id = user.id,
                  .created_at = now,
                  .last_used_at = now,
                  .expires_at = now + options_.session_ttl.count(),
                  .ip = context.ip,
                  .user_agent = context.user_agent.substr(0, 256)};
  std::vector<std::string> pushed_out;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    if (auto ok = InsertSession(c, session); !ok) return ok;
    auto beyond = RevokeSessionsBeyond(c, user.id, options_.max_sessions_per_user, now);
    if (!beyond) return std::unexpected(beyond.error());
    pushed_out = std::move(*beyond);
    if (!refresh_hash) return {};
    return refresh_.Issue(c, {.token_hash = std::string(*refresh_hash),
                              .family_id = session.id,
                              .issued_at = now,
                              .expires_at = session.expires_at});
  });
  if (!written) return std::unexpected(written.error());
  // Logged, not returned: the new sign-in is committed, and refusing it would not bring the revocation back.
  // The sessions pushed out are ended in the database; only their access tokens live on, at most their
  // short lifetime.
  if (auto refused = tokens_.RevokeSessions(pushed_out); !refused) {
    spdlog::error("{} sessions of user {} ended beyond the limit, but their access tokens could not be refused: {}",
                  pushed_out.size(), user.id, refused.error().internal_detail);
  }
  return session;
}

Result<TokenPair> AccountsService::StartSession(const User& user, const RequestContext& context) {
  const auto refresh = random_.Token(32);
  auto session = OpenSession(user, context, HashRefreshToken(refresh));
  if (!session) return std::unexpected(session.error());
  auto access = tokens_.Issue(user, session->id);
  if (!access) return std::unexpected(access.error());
  return TokenPair{*access, refresh, tokens_.Ttl().count(), session->id, user};
}

Result<TokenPair> AccountsService::Refresh(std::string_view refresh_token, const RequestContext& context) {
  if (refresh_token.empty()) return Fail(ErrorId::kCommonMissingParameter, "refresh_token is required");
  if (refresh_token.size() > 256) return Fail(ErrorId::kTokenInvalid);
  const auto now = Now();
  const auto next = random_.Token(32);
  std::optional<Session> session;
  ErrorId refusal = ErrorId::kCommonSuccess;
  bool reused = false;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto live_session = [&](store::sql::Connection& conn, const RefreshToken& token) -> Result<bool> {
      auto found = FindSession(conn, token.family_id);
      if (!found) return std::unexpected(found.error());
      session = std::move(*found);
      return session && !session->revoked_at;
    };
    auto presented = refresh_.Present(c, HashRefreshToken(refresh_token), {}, now, live_session);
    if (!presented) return std::unexpected(presented.error());
    switch (presented->state) {
      case RefreshState::kCurrent:
        break;
      case RefreshState::kUnknown:
      case RefreshState::kEnded:
        return refusal = ErrorId::kTokenInvalid, Status{};
      case RefreshState::kReused:
        reused = true;
        return refusal = ErrorId::kTokenInvalid, Status{};
      case RefreshState::kExpired:
        return refusal = ErrorId::kTokenExpired, Status{};
    }
    // Unused past the idle limit: the session ends; its last access token lives on until it expires.
    if (IdleTooLong(session->last_used_at, now, options_.session_idle_timeout)) {
      if (auto ended = refresh_.End(c, session->id, now); !ended) return std::unexpected(ended.error());
      return refusal = ErrorId::kTokenExpired, Status{};
    }
    auto rotated = refresh_.Rotate(c, presented->token,
                                   {.token_hash = HashRefreshToken(next),
                                    .family_id = session->id,
                                    .issued_at = now,
                                    .expires_at = session->expires_at},
                                   now);
    if (!rotated) return std::unexpected(rotated.error());
    if (!*rotated) {  // another use of the same token won the race: a reuse, and the session has ended
      reused = true;
      return refusal = ErrorId::kTokenInvalid, Status{};
    }
    return TouchSession(c, session->id, now);
  });
  if (!written) return std::unexpected(written.error());
  if (reused) {
    // Logged, not returned: the refusal stands either way and the session's refresh tokens are dead in the
    // database; only its access tokens live on, at most their short lifetime. An operator must hear of it.
    if (auto refused = tokens_.RevokeSessions({session->id}); !refused) {
      spdlog::error("session {} ended for a reused refresh token, but its access tokens could not be refused: {}",
                    session->id, refused.error().internal_detail);
    }
    refresh_.RecordReuse(context, {.user_id = session->user_id, .family_id = session->id});
  }
  if (refusal != ErrorId::kCommonSuccess) return Fail(refusal);
  auto user = GetUser(session->user_id);
  if (!user) return std::unexpected(user.error());
  if (auto allowed = CheckCanSignIn(*user); !allowed) return std::unexpected(allowed.error());
  auto access = tokens_.Issue(*user, session->id);
  if (!access) return std::unexpected(access.error());
  return TokenPair{*access, next, tokens_.Ttl().count(), session->id, *user};
}

Status AccountsService::Logout(const Principal& principal, bool all, const RequestContext& context) {
  std::vector<std::string> ended;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto revoked = RevokeSessions(c, principal.user_id,
                                  all ? std::nullopt : std::optional<std::string_view>(principal.session_id), Now());
    if (!revoked) return std::unexpected(revoked.error());
    ended = std::move(*revoked);
    return {};
  });
  if (!written) return Fail(ErrorId::kAuthLogoutFailed, {}, written.error().internal_detail);
  if (auto revoked = tokens_.RevokeSessions(ended); !revoked) {
    return Fail(ErrorId::kAuthLogoutFailed, {}, revoked.error().internal_detail);
  }
  audit_.Record(context, {.action = all ? "logout.all" : "logout",
                          .outcome = "success",
                          .actor_id = principal.user_id,
                          .target_id = principal.user_id});
  return {};
}

Result<std::vector<Session>> AccountsService::Sessions(const Principal& principal) {
  std::vector<Session> sessions;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto listed = ListActiveSessions(c, principal.user_id, Now());
    if (!listed) return std::unexpected(listed.error());
    sessions = std::move(*listed);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  return sessions;
}

Status AccountsService::EndSession(const Principal& principal, std::string_view session_id,
                                   const RequestContext& context) {
  std::vector<std::string> ended;
  auto written = db_.Write([&](store::sql::Connection& c) -> Status {
    auto session = FindSession(c, session_id);
    if (!session) return std::unexpected(session.error());
    // A session id is a microsecond timestamp and 64 random bits (Random::TimeOrderedId): the time can be
    // guessed, the random half cannot (2^64), so only someone already holding another user's id learns that
    // it is not theirs, and that reveals nothing they could not use the id for anyway.
    if (session->has_value() && (*session)->user_id != principal.user_id) {
      return Fail(ErrorId::kAuthzNotOwner, "that session belongs to another user");
    }
    auto revoked = RevokeSessions(c, principal.user_id, session_id, Now());
    if (!revoked) return std::unexpected(revoked.error());
    ended = std::move(*revoked);
    return {};
  });
  if (!written) return std::unexpected(written.error());
  if (ended.empty()) return Fail(ErrorId::kCommonNotFound, "no such session, or it has ended");
  audit_.Record(context, {.action = "session.end",
                          .outcome = "success",
                          .actor_id = principal.user_id,
                          .target_id = std::string(session_id)});
  return tokens_.RevokeSessions(ended);
}

Result<std::int64_t> AccountsService::PurgeExpiredRefreshTokens() {
  const auto before = Now() - kExpiredRefreshTokenRetention.count();
  return store::sql::DeleteInBatches(db_, kRefreshTokenPurgeBatch, [&](store::sql::Connection& c, int limit) {
    return refresh_.Table().DeleteExpired(c, before, limit);
  });
}

}  // namespace menshen::accounts
