// Authorization codes (RFC 6749 4.1.2): 256 random bits, alive 60 seconds, redeemed once. The key-value store
// keeps only the code's SHA-256, so a dump of it holds nothing redeemable. A redeemed code leaves a marker
// that names the grant it produced: a second redemption finds it and the grant is revoked (RFC 6749 4.1.2).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

// What a code stands for; checked and used at the token endpoint.
struct CodeGrant {
  std::string client_id;
  std::string redirect_uri;
  std::string code_challenge;  // S256, empty when the request had none
  std::vector<std::string> scopes;
  std::string user_id;
  std::string session_id;
  std::int64_t auth_time = 0;
  std::optional<std::string> nonce;

  bool operator==(const CodeGrant&) const = default;
};

// The outcome of taking a code: the grant for the one caller that won it, or, for a code already taken, the
// grant id its redemption produced (empty while that redemption is still running).
struct TakenCode {
  std::optional<CodeGrant> grant;
  std::optional<std::string> reused_grant_id;
};

class AuthCodes {
 public:
  static constexpr std::chrono::seconds kLifetime{60};
  // How long a redeemed code is remembered: well past its lifetime, so that a late replay is still caught.
  static constexpr std::chrono::minutes kMarkerLifetime{10};

  AuthCodes(store::kv::Kv& kv, Random& random) : kv_(kv), random_(random) {}

  Result<std::string> Issue(const CodeGrant& grant);
  // Exactly one of many concurrent callers gets the grant. An unknown or expired code that was never
  // redeemed is oauth2.invalid_grant.
  Result<TakenCode> Take(std::string_view code);
  // Records the grant a redemption produced. True when another redemption of the same code came meanwhile,
  // so that the caller revokes what it issued.
  Result<bool> Redeemed(std::string_view code, std::string_view grant_id);

 private:
  store::kv::Kv& kv_;
  Random& random_;
};

}  // namespace menshen::oauth
