#include "keys/signing_keys.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>

#include "crypto/jwk.hpp"

namespace menshen::keys {
namespace {

namespace sql = store::sql;

std::string_view AsText(const sql::Blob& blob) { return {reinterpret_cast<const char*>(blob.data()), blob.size()}; }

// Builds a key ready to insert: sealed under the KEK with its kid as associated data.
Result<sql::Params> NewKeyRow(crypto::JwsAlg alg, const KeyEncryptionKey& kek, Random& random, std::int64_t now) {
  auto key = crypto::SigningKey::Generate(alg);
  if (!key) return std::unexpected(key.error());
  auto pem = key->PrivatePem();
  if (!pem) return std::unexpected(pem.error());
  const std::string sealed = kek.Seal(*pem, key->Kid(), random);
  OPENSSL_cleanse(pem->data(), pem->size());
  return sql::Params{key->Kid(), std::string(crypto::AlgName(alg)), key->PublicJwk().dump(), sql::ToBlob(sealed), now,
                     now};
}

constexpr std::string_view kInsert =
    "INSERT INTO signing_keys (id, alg, public_jwk, private_sealed, created_at, activated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";

}  // namespace

Result<std::unique_ptr<SigningKeys>> SigningKeys::Open(sql::Database& db, const KeyEncryptionKey& kek,
                                                       const Clock& clock, Random& random, SigningKeysOptions options) {
  std::unique_ptr<SigningKeys> keys(new SigningKeys(db, kek, clock, random, std::move(options)));
  if (auto loaded = keys->Reload(); !loaded) return std::unexpected(loaded.error());
  if (auto created = keys->CreateMissing(); !created) return std::unexpected(created.error());
  return keys;
}

std::int64_t SigningKeys::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

Status SigningKeys::CreateMissing() {
  const auto snapshot = snapshot_.load();
  std::vector<sql::Params> rows;
  for (const auto alg : options_.algs) {
    const bool present = std::ranges::any_of(snapshot->active, [alg](const auto& k) { return k.Alg() == alg; });
    if (present) continue;
    // Generated before the write lock is taken: RSA key generation takes long enough to stall writers.
    auto row = NewKeyRow(alg, kek_, random_, Now());
    if (!row) return std::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
  if (rows.empty()) return {};
  auto written = db_.Write([&](sql::Connection& c) -> Status {
    for (const auto& row : rows) {
      auto existing = c.QueryOne("SELECT id FROM signing_keys WHERE alg = ? AND retired_at IS NULL", {row[1]});
      if (!existing) return std::unexpected(existing.error());
      if (existing->has_value()) continue;  // another node was first
      if (auto inserted = c.Execute(kInsert, row); !inserted) return std::unexpected(inserted.error());
    }
    return {};
  });
  if (!written) return written;
  return Reload();
}

Status SigningKeys::Reload() {
  const std::int64_t now = Now();
  std::vector<sql::Row> rows;
  auto read = db_.Read([&](sql::Connection& c) -> Status {
    auto result = c.Query(
        "SELECT id, alg, private_sealed, retired_at FROM signing_keys "
        "WHERE retired_at IS NULL OR retired_at > ? ORDER BY activated_at DESC, id",
        {now - options_.retired_grace.count()});
    if (!result) return std::unexpected(result.error());
    rows = std::move(*result);
    return {};
  });
  if (!read) return read;

  auto snapshot = std::make_shared<Snapshot>();
  std::vector<crypto::SigningKey> verification;
  for (const auto& row : rows) {
    const std::string& kid = row.Text(0);
    const auto alg = crypto::ParseAlg(row.Text(1));
    if (!alg) return Fail(ErrorId::kCommonInternalError, {}, fmt::format("key {} has unknown alg", kid));
    auto pem = kek_.Open(AsText(row.Bytes(2)), kid);
    if (!pem) return std::unexpected(pem.error());
    auto key = crypto::SigningKey::FromPrivatePem(*alg, *pem);
    OPENSSL_cleanse(pem->data(), pem->size());
    if (!key) return std::unexpected(key.error());
    if (key->Kid() != kid) return Fail(ErrorId::kCommonInternalError, {}, fmt::format("key {} is not its row", kid));
    // Rows come newest first, so the first unretired key of an alg is the active one.
    const bool have_alg = std::ranges::any_of(snapshot->active, [&](const auto& k) { return k.Alg() == *alg; });
    if (row.IsNull(3) && !have_alg) snapshot->active.push_back(*key);
    verification.push_back(std::move(*key));
  }
  snapshot->jwks_json = crypto::JwkSet(verification).dump();
  snapshot->verification = crypto::KeySet(std::move(verification));
  snapshot_.store(std::move(snapshot));
  return {};
}

Result<crypto::SigningKey> SigningKeys::ActiveKey(crypto::JwsAlg alg) const {
  const auto snapshot = snapshot_.load();
  for (const auto& key : snapshot->active) {
    if (key.Alg() == alg) return key;
  }
  return Fail(ErrorId::kCommonInternalError, {}, fmt::format("no active {} key", crypto::AlgName(alg)));
}

std::shared_ptr<const crypto::KeySet> SigningKeys::VerificationKeys() const {
  auto snapshot = snapshot_.load();
  return {snapshot, &snapshot->verification};
}

std::shared_ptr<const std::string> SigningKeys::JwksJson() const {
  auto snapshot = snapshot_.load();
  return {snapshot, &snapshot->jwks_json};
}

Result<std::string> SigningKeys::Rotate(crypto::JwsAlg alg) {
  const std::int64_t now = Now();
  auto row = NewKeyRow(alg, kek_, random_, now);
  if (!row) return std::unexpected(row.error());
  auto written = db_.Write([&](sql::Connection& c) -> Status {
    auto retired = c.Execute("UPDATE signing_keys SET retired_at = ? WHERE alg = ? AND retired_at IS NULL",
                             {now, std::string(crypto::AlgName(alg))});
    if (!retired) return std::unexpected(retired.error());
    if (auto inserted = c.Execute(kInsert, *row); !inserted) return std::unexpected(inserted.error());
    return sql::ToStatus(c.Execute("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at <= ?",
                                   {now - options_.retired_grace.count()}));
  });
  if (!written) return std::unexpected(written.error());
  if (auto reloaded = Reload(); !reloaded) return std::unexpected(reloaded.error());
  return std::get<std::string>((*row)[0]);
}

}  // namespace menshen::keys
