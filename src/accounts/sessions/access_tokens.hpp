// Access tokens for menshen's own API: short-lived ES256 JWTs naming the user (sub) and the session (sid).
// A token of a revoked session is refused at once: revocations sit in the key-value store until every
// token of that session has expired anyway.
#pragma once

#include <chrono>
#include <string>

#include "accounts/sessions/principal.hpp"
#include "accounts/users/model.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/jwt.hpp"
#include "keys/signing_keys.hpp"
#include "keys/verified_tokens.hpp"
#include "store/kv/kv.hpp"

namespace menshen::accounts {

struct AccessTokenOptions {
  std::string issuer = "menshen";
  std::string audience = "menshen";
  std::chrono::seconds ttl{900};
};

class AccessTokens {
 public:
  AccessTokens(const keys::SigningKeys& keys, store::kv::Kv& kv, const Clock& clock, Random& random,
               AccessTokenOptions options);

  Result<std::string> Issue(const User& user, std::string_view session_id) const;
  // token.expired, token.invalid (bad signature, unknown kid, alg none, wrong audience...) or token.revoked.
  Result<Principal> Verify(std::string_view token) const;
  // Refuses every access token of these sessions from now on.
  Status RevokeSessions(const std::vector<std::string>& session_ids) const;

  std::chrono::seconds Ttl() const { return options_.ttl; }

 private:
  // The signature and claims checks, answered from the cache when this token has passed them before.
  Result<Principal> VerifySignedClaims(std::string_view token) const;

  const keys::SigningKeys& keys_;
  store::kv::Kv& kv_;
  const Clock& clock_;
  Random& random_;
  AccessTokenOptions options_;
  mutable keys::VerifiedTokenCache<Principal> verified_;
};

}  // namespace menshen::accounts
