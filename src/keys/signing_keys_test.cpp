#include "keys/signing_keys.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "core/test_temp_dir.hpp"
#include "crypto/jwt.hpp"
#include "store/sql/test_migrated_database.hpp"

namespace menshen::keys {
namespace {

namespace sql = store::sql;
using std::chrono::hours;
using std::chrono::seconds;

std::int64_t CountRows(sql::Database& db, const std::string& alg) {
  return sql::ReadValue(db,
                        [&](sql::Connection& c) -> Result<std::int64_t> {
                          auto row = c.QueryOne("SELECT COUNT(*) FROM signing_keys WHERE alg = ?", {alg});
                          if (!row) return std::unexpected(row.error());
                          return (*row)->Int64(0);
                        })
      .value();
}

std::vector<std::string> PublishedKids(const SigningKeys& keys) {
  std::vector<std::string> kids;
  const auto set = nlohmann::json::parse(*keys.JwksJson());
  for (const auto& jwk : set["keys"]) kids.push_back(jwk["kid"]);
  return kids;
}

class SigningKeysTest : public ::testing::Test {
 protected:
  SigningKeysTest() : db_(database_.Open()) {}

  std::unique_ptr<SigningKeys> Start(sql::Database& db) {
    auto keys = SigningKeys::Open(db, kek_, clock_, random_);
    EXPECT_TRUE(keys.has_value()) << keys.error().internal_detail;
    return keys ? std::move(*keys) : nullptr;
  }
  std::string Token(const SigningKeys& keys, crypto::JwsAlg alg) {
    crypto::Claims claims;
    claims.sub = "user-1";
    claims.exp = std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count() + 3600;
    return crypto::SignJwt(keys.ActiveKey(alg).value(), claims).value();
  }

  test_support::TempDir dir_{"menshen-signing-keys"};
  sql::testing::MigratedTestDatabase database_{dir_.Path() / "menshen.db"};
  std::unique_ptr<sql::Database> db_;
  ManualClock clock_;
  SystemRandom random_;
  KeyEncryptionKey kek_ = KeyEncryptionKey::FromBytes(std::string(kKekBytes, 'k')).value();
};

TEST_F(SigningKeysTest, FirstStartGeneratesOneKeyPerAlgAndPublishesThem) {
  auto keys = Start(*db_);
  ASSERT_TRUE(keys);
  const auto es256 = keys->ActiveKey(crypto::JwsAlg::kEs256).value();
  const auto rs256 = keys->ActiveKey(crypto::JwsAlg::kRs256).value();
  EXPECT_EQ(es256.Alg(), crypto::JwsAlg::kEs256);
  EXPECT_EQ(rs256.Alg(), crypto::JwsAlg::kRs256);
  EXPECT_FALSE(keys->ActiveKey(crypto::JwsAlg::kEdDsa).has_value());
  EXPECT_EQ(CountRows(*db_, "ES256"), 1);
  EXPECT_EQ(CountRows(*db_, "RS256"), 1);
  const auto kids = PublishedKids(*keys);
  EXPECT_EQ(kids.size(), 2u);
  EXPECT_NE(std::find(kids.begin(), kids.end(), es256.Kid()), kids.end());
  EXPECT_NE(std::find(kids.begin(), kids.end(), rs256.Kid()), kids.end());
  EXPECT_EQ(keys->JwksJson()->find("\"d\""), std::string::npos);
  EXPECT_TRUE(crypto::VerifyJwt(*keys->VerificationKeys(), Token(*keys, crypto::JwsAlg::kRs256), clock_).has_value());
}

TEST_F(SigningKeysTest, SecondStartLoadsTheSameKeys) {
  auto first = Start(*db_);
  const auto token = Token(*first, crypto::JwsAlg::kEs256);
  first.reset();
  auto second = Start(*db_);
  ASSERT_TRUE(second);
  EXPECT_EQ(CountRows(*db_, "ES256"), 1);
  EXPECT_TRUE(crypto::VerifyJwt(*second->VerificationKeys(), token, clock_).has_value());
  EXPECT_EQ(second->VerificationKeys()->Keys().size(), 2u);
}

TEST_F(SigningKeysTest, WrongKekFailsToStart) {
  Start(*db_);
  const auto other = KeyEncryptionKey::FromBytes(std::string(kKekBytes, 'x')).value();
  auto keys = SigningKeys::Open(*db_, other, clock_, random_);
  ASSERT_FALSE(keys.has_value());
  EXPECT_EQ(keys.error().id, ErrorId::kCommonInternalError);
}

TEST_F(SigningKeysTest, RotationKeepsTheOldKeyVerifyingAndPublishedForTheGracePeriod) {
  auto keys = Start(*db_);
  const auto old_kid = keys->ActiveKey(crypto::JwsAlg::kEs256).value().Kid();
  const auto old_token = Token(*keys, crypto::JwsAlg::kEs256);
  const auto held = keys->VerificationKeys();  // a verification in flight keeps its snapshot

  clock_.Advance(seconds(10));
  const auto new_kid = keys->Rotate(crypto::JwsAlg::kEs256).value();
  EXPECT_NE(new_kid, old_kid);
  EXPECT_EQ(keys->ActiveKey(crypto::JwsAlg::kEs256).value().Kid(), new_kid);
  EXPECT_TRUE(crypto::VerifyJwt(*keys->VerificationKeys(), old_token, clock_).has_value());
  EXPECT_TRUE(crypto::VerifyJwt(*keys->VerificationKeys(), Token(*keys, crypto::JwsAlg::kEs256), clock_).has_value());
  auto kids = PublishedKids(*keys);
  EXPECT_EQ(kids.size(), 3u);
  EXPECT_NE(std::find(kids.begin(), kids.end(), old_kid), kids.end());
  EXPECT_EQ(held->Keys().size(), 2u);

  // Another node sees the rotation on reload.
  auto other_node = Start(*db_);
  EXPECT_EQ(other_node->ActiveKey(crypto::JwsAlg::kEs256).value().Kid(), new_kid);

  clock_.Advance(hours(24) + seconds(1));
  ASSERT_TRUE(keys->Reload().has_value());
  kids = PublishedKids(*keys);
  EXPECT_EQ(kids.size(), 2u);
  EXPECT_EQ(std::find(kids.begin(), kids.end(), old_kid), kids.end());
  EXPECT_FALSE(crypto::VerifyJwt(*keys->VerificationKeys(), old_token, clock_).has_value());

  // The next rotation forgets the key whose grace has passed.
  keys->Rotate(crypto::JwsAlg::kEs256).value();
  EXPECT_EQ(CountRows(*db_, "ES256"), 2);
  EXPECT_EQ(CountRows(*db_, "RS256"), 1);
}

TEST_F(SigningKeysTest, ConcurrentFirstStartsStoreOneKeyPerAlg) {
  // Two nodes, each with its own handle on the shared database.
  auto db_a = database_.Open();
  auto db_b = database_.Open();
  std::unique_ptr<SigningKeys> a;
  std::unique_ptr<SigningKeys> b;
  std::thread ta([&] { a = Start(*db_a); });
  std::thread tb([&] { b = Start(*db_b); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(CountRows(*db_, "ES256"), 1);
  EXPECT_EQ(CountRows(*db_, "RS256"), 1);
  for (const auto alg : {crypto::JwsAlg::kEs256, crypto::JwsAlg::kRs256}) {
    EXPECT_EQ(a->ActiveKey(alg).value().Kid(), b->ActiveKey(alg).value().Kid());
  }
  EXPECT_TRUE(crypto::VerifyJwt(*b->VerificationKeys(), Token(*a, crypto::JwsAlg::kEs256), clock_).has_value());
}

}  // namespace
}  // namespace menshen::keys
