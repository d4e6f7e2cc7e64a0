#include "oauth/tokens/credential_grants.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "oauth/tokens/grant_repo.hpp"
#include "oauth/tokens/grant_revocation.hpp"

namespace menshen::oauth {

Result<accounts::AfterCommit> GrantsEndWithCredentials::InTransaction(store::sql::Connection& c,
                                                                      const accounts::CredentialEvent& event,
                                                                      std::int64_t now) {
  auto grants = FindUserGrants(c, event.user_id);
  if (!grants) return std::unexpected(grants.error());
  std::vector<std::pair<std::string, std::int64_t>> ended;  // grant id, when its last access token expires
  for (const auto& grant : *grants) {
    if (std::ranges::find(event.keep_client_ids, grant.client_id) != event.keep_client_ids.end()) continue;
    if (auto revoked = RevokeGrantRow(c, grant.id, now); !revoked) return std::unexpected(revoked.error());
    ended.emplace_back(grant.id, grant.access_expires_at);
  }
  if (ended.empty()) return accounts::AfterCommit{};
  return [this, ended = std::move(ended), user_id = event.user_id, change = event.change]() -> Status {
    // The grants are revoked in the database whatever happens here; only their access tokens' refusal can
    // fail. Every grant is tried, and a failure is returned, never dropped.
    const auto at = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    Status first;
    for (const auto& [grant_id, access_expires_at] : ended) {
      auto refused = RefuseGrantAccessTokens(kv_, grant_id, access_expires_at, at);
      if (refused) continue;
      spdlog::error("grant {} of user {} ended ({}), but its access tokens could not be refused: {}", grant_id, user_id,
                    accounts::ToString(change), refused.error().internal_detail);
      if (first) first = refused;
    }
    return first;
  };
}

}  // namespace menshen::oauth
