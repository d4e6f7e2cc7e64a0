// The server's token signing keys: stored sealed in the database, held in memory as an immutable
// snapshot that verification reads without a lock or a database round trip, rotated with a grace
// period during which the previous key still verifies and stays published.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "crypto/signing_key.hpp"
#include "keys/key_encryption.hpp"
#include "store/sql/database.hpp"

namespace menshen::keys {

struct SigningKeysOptions {
  // Each gets an active key on first start: ES256 for access tokens, RS256 for OIDC ID tokens.
  std::vector<crypto::JwsAlg> algs{crypto::JwsAlg::kEs256, crypto::JwsAlg::kRs256};
  // How long a retired key stays published and verifying: longer than any token it signed lives.
  std::chrono::seconds retired_grace{std::chrono::hours(24)};
};

class SigningKeys {
 public:
  // Loads the keys, generating and storing an active key for each alg that has none. Two nodes
  // starting together store one key per alg: the insert re-checks inside the write transaction.
  static Result<std::unique_ptr<SigningKeys>> Open(store::sql::Database& db, const KeyEncryptionKey& kek,
                                                   const Clock& clock, Random& random, SigningKeysOptions options = {});

  // The key to sign with; kCommonInternalError when `alg` has no active key.
  Result<crypto::SigningKey> ActiveKey(crypto::JwsAlg alg) const;
  // Active keys and those retired within the grace period. Hold the pointer for the verification.
  std::shared_ptr<const crypto::KeySet> VerificationKeys() const;
  // {"keys":[...]} of VerificationKeys(), rendered once per load.
  std::shared_ptr<const std::string> JwksJson() const;

  // Makes a new key active for `alg`, retires the previous one and forgets keys retired longer than
  // the grace period. Returns the new kid.
  Result<std::string> Rotate(crypto::JwsAlg alg);
  // Reads the keys again (after another node rotated, and to drop keys whose grace has passed).
  Status Reload();

 private:
  struct Snapshot {
    crypto::KeySet verification;
    std::vector<crypto::SigningKey> active;
    std::string jwks_json;
  };

  SigningKeys(store::sql::Database& db, const KeyEncryptionKey& kek, const Clock& clock, Random& random,
              SigningKeysOptions options)
      : db_(db), kek_(kek), clock_(clock), random_(random), options_(std::move(options)) {}

  std::int64_t Now() const;
  Status CreateMissing();

  store::sql::Database& db_;
  KeyEncryptionKey kek_;
  const Clock& clock_;
  Random& random_;
  SigningKeysOptions options_;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
};

}  // namespace menshen::keys
