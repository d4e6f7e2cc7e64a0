#include "accounts/sessions/refresh_family.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

namespace menshen::accounts {

Result<PresentedRefresh> RefreshFamily::Present(store::sql::Connection& c, std::string_view token_hash,
                                                std::string_view client_id, std::int64_t now,
                                                const RefreshFamilyLoader& load_family) const {
  auto found = table_.Find(c, token_hash);
  if (!found) return std::unexpected(found.error());
  if (!*found) return PresentedRefresh{};
  if (table_.Tables().client_bound && (*found)->client_id != client_id) return PresentedRefresh{};
  PresentedRefresh out{.state = RefreshState::kCurrent, .token = std::move(**found)};
  auto live = load_family(c, out.token);
  if (!live) return std::unexpected(live.error());
  if (!*live) {
    out.state = RefreshState::kEnded;
  } else if (out.token.rotated_at) {
    // A rotated token came back: someone holds a copy. End the whole family (RFC 9700 4.14.2).
    if (auto ended = End(c, out.token.family_id, now); !ended) return std::unexpected(ended.error());
    out.state = RefreshState::kReused;
  } else if (out.token.expires_at <= now) {
    out.state = RefreshState::kExpired;
  }
  return out;
}

Result<bool> RefreshFamily::Rotate(store::sql::Connection& c, const RefreshToken& current, const RefreshToken& next,
                                   std::int64_t now) const {
  // The conditional update is what makes exactly one of two concurrent uses win, on any database: SQLite
  // serialises writers, PostgreSQL under READ COMMITTED lets both read the token unrotated.
  auto marked = table_.MarkRotated(c, current.token_hash, now);
  if (!marked) return std::unexpected(marked.error());
  if (!*marked) {
    if (auto ended = End(c, current.family_id, now); !ended) return std::unexpected(ended.error());
    return false;
  }
  if (auto issued = table_.Insert(c, next); !issued) return std::unexpected(issued.error());
  return true;
}

void RefreshFamily::RecordReuse(const audit::RequestContext& context, const RefreshReuse& reuse) const {
  const auto noun = table_.Tables().family_noun;
  const auto client = reuse.client_id.empty() ? std::string{} : fmt::format(" (client {})", reuse.client_id);
  // Worth an operator's eye: a refresh token was copied, or a client retries without waiting for answers.
  spdlog::warn("a rotated refresh token of {} {}{} of user {} came back; the {} is ended", noun, reuse.family_id,
               client, reuse.user_id, noun);
  audit_.Record(context, {.action = "refresh.reuse",
                          .outcome = std::string(ToString(reuse.answered)),
                          .target_id = reuse.user_id,
                          .detail = fmt::format("a rotated refresh token was used again; {} ended{}", noun, client)});
}

}  // namespace menshen::accounts
