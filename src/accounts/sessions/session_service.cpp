#include "accounts/sessions/session_service.hpp"

#include <spdlog/spdlog.h>

#include "accounts/sessions/idle_timeout.hpp"
#include "accounts/users/account_state.hpp"
#include "accounts/users/user_repo.hpp"
#include "crypto/sha256.hpp"

namespace menshen::accounts {

std::string HashRefreshToken(std::string_view token) { return crypto::Sha256Hex(token); }

Result<Session> SessionService::OpenSession(const User& user, const audit::RequestContext& context,
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

Result<TokenPair> SessionService::StartSession(const User& user, const audit::RequestContext& context) {
  const auto refresh = random_.Token(32);
  auto session = OpenSession(user, context, HashRefreshToken(refresh));
  if (!session) return std::unexpected(session.error());
  auto access = tokens_.Issue(user, session->id);
  if (!access) return std::unexpected(access.error());
  return TokenPair{*access, refresh, tokens_.Ttl().count(), session->id, user};
}

Result<TokenPair> SessionService::Refresh(std::string_view refresh_token, const audit::RequestContext& context) {
  if (refresh_token.empty()) return Fail(ErrorId::kCommonMissingParameter, "refresh_token is required");
  if (refresh_token.size() > 256) return Fail(ErrorId::kTokenInvalid);
  const auto now = Now();
  const auto next = random_.Token(32);
  std::optional<Session> session;
  std::optional<User> user;
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
    if (auto touched = TouchSession(c, session->id, now); !touched) return touched;
    // Read in this transaction rather than a read transaction of its own: on a networked database that saves
    // the round trips of a second BEGIN and COMMIT.
    auto found = FindUserById(c, session->user_id);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
    return {};
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
  if (!user || user->status == AccountStatus::kDeleted) return Fail(ErrorId::kAuthUserNotFound);
  if (auto allowed = CheckCanSignIn(*user, options_.password_max_age, now); !allowed)
    return std::unexpected(allowed.error());
  auto access = tokens_.Issue(*user, session->id);
  if (!access) return std::unexpected(access.error());
  return TokenPair{*access, next, tokens_.Ttl().count(), session->id, *user};
}

Status SessionService::Logout(const Principal& principal, bool all, const audit::RequestContext& context) {
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

Result<std::vector<Session>> SessionService::Sessions(const Principal& principal) {
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

Status SessionService::EndSession(const Principal& principal, std::string_view session_id,
                                  const audit::RequestContext& context) {
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

Result<std::int64_t> SessionService::PurgeExpiredRefreshTokens() {
  const auto before = Now() - kExpiredRefreshTokenRetention.count();
  return store::sql::DeleteInBatches(db_, kRefreshTokenPurgeBatch, [&](store::sql::Connection& c, int limit) {
    return refresh_.Table().DeleteExpired(c, before, limit);
  });
}

Result<Session> SessionService::OpenBrowserSession(const User& user, const audit::RequestContext& context,
                                                   std::string audit_detail) {
  auto session = OpenSession(user, context, std::nullopt);
  audit_.Record(context, {.action = "login",
                          .outcome = session ? "success" : std::string(ToString(session.error().id)),
                          .actor_id = user.id,
                          .target_id = user.id,
                          .detail = std::move(audit_detail)});
  return session;
}

Result<std::optional<User>> SessionService::ActiveSessionUser(std::string_view session_id) {
  std::optional<Session> session;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto found = FindSession(c, session_id);
    if (!found) return std::unexpected(found.error());
    session = std::move(*found);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  const auto now = Now();
  if (!session || session->revoked_at || session->expires_at <= now) return std::nullopt;
  if (IdleTooLong(session->last_used_at, now, options_.session_idle_timeout)) return std::nullopt;
  auto user = users_.GetUser(session->user_id);
  if (!user && user.error().id == ErrorId::kAuthUserNotFound) return std::nullopt;
  if (!user) return std::unexpected(user.error());
  if (!CheckCanSignIn(*user, options_.password_max_age, now)) return std::nullopt;
  // This use is activity: the idle limit counts from now. One write a second at most per session.
  if (session->last_used_at < now) {
    if (auto touched = db_.Write([&](store::sql::Connection& c) { return TouchSession(c, session->id, now); });
        !touched) {
      return std::unexpected(touched.error());
    }
  }
  return *user;
}

}  // namespace menshen::accounts
