// Accounts through the real binary: registration rules, sign-in, tokens, sessions, brute-force limits.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "json_api.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

class AccountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The suite registers more accounts from 127.0.0.1 than the per-address default allows.
    server_ = new ServerProcess({"--set", "accounts.max_registrations_per_ip=0"});
    ASSERT_TRUE(server_->Started());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::pair<int, json> Call(const std::string& method, const std::string& path, const json& body = nullptr,
                                   const std::string& token = {}) {
    return CallJson(server_->Port(), method, path, body, token);
  }
  static json Register(const json& body) { return Call("POST", "/api/v1/auth/register", body).second; }
  static std::pair<int, json> Login(const std::string& account, const std::string& password) {
    return Call("POST", "/api/v1/auth/login", {{"account", account}, {"password", password}});
  }

  static ServerProcess* server_;
};
ServerProcess* AccountsTest::server_ = nullptr;

constexpr const char* kPassword = "plum orchard lantern 42";

TEST_F(AccountsTest, RegisterThenLoginByEveryIdentifierAndReadMe) {
  const auto [status, created] =
      Call("POST", "/api/v1/auth/register",
           {{"username", "Mei_Lin"}, {"email", "Mei@Example.COM"}, {"phone", "13800138000"}, {"password", kPassword}});
  ASSERT_EQ(status, 201) << created;
  EXPECT_EQ(created["data"]["username"], "Mei_Lin");
  EXPECT_EQ(created["data"]["phone"], "+8613800138000");
  EXPECT_FALSE(created["data"].contains("password_hash"));
  for (const auto* account : {"mei_lin", "MEI@example.com", "+86 138 0013 8000"}) {
    const auto [login_status, login] = Login(account, kPassword);
    ASSERT_EQ(login_status, 200) << account << login;
    const auto token = login["data"]["access_token"].get<std::string>();
    const auto [me_status, me] = Call("GET", "/api/v1/me", nullptr, token);
    EXPECT_EQ(me_status, 200);
    EXPECT_EQ(me["data"]["id"], created["data"]["id"]);
  }
}

TEST_F(AccountsTest, TakenIdentifiersAnswerOneGenericError) {
  ASSERT_EQ(Register({{"username", "kenji"}, {"email", "kenji@example.com"}, {"password", kPassword}})["code"], 0);
  // Which identifier is taken, or whether the whole account exists, is not said (login.reveal_unknown_user).
  for (const auto& body : {json{{"username", "ＫＥＮＪＩ"}, {"password", kPassword}},
                           json{{"email", "KENJI@example.com"}, {"password", kPassword}},
                           json{{"username", "kenji2"}, {"email", "kenji@example.com"}, {"password", kPassword}},
                           json{{"username", "Kenji"}, {"email", "kenji@example.com"}, {"password", kPassword}}}) {
    const auto [status, refused] = Call("POST", "/api/v1/auth/register", body);
    EXPECT_EQ(status, 409) << body;
    EXPECT_EQ(refused["error"], "identity.registration_rejected") << body;
  }
}

TEST_F(AccountsTest, BadRegistrationsAreRefusedAndNothingIsWritten) {
  EXPECT_EQ(Register({{"password", kPassword}})["error"], "common.missing_parameter");
  EXPECT_EQ(Register({{"username", "nopass"}})["error"], "password.required");
  EXPECT_EQ(Register({{"username", "weakling"}, {"password", "password"}})["error"], "password.policy_violation");
  EXPECT_EQ(Register({{"username", "bad\u202Ename"}, {"password", kPassword}})["error"], "identity.username_invalid");
  EXPECT_EQ(Register({{"username", std::string("nul\0x", 5)}, {"password", kPassword}})["error"],
            "identity.username_invalid");
  EXPECT_EQ(Register({{"username", "line\r\nbreak"}, {"password", kPassword}})["error"], "identity.username_invalid");
  EXPECT_EQ(Register({{"username", "p\u0430ypal"}, {"password", kPassword}})["error"], "identity.username_invalid");
  EXPECT_EQ(Register({{"email", "not-an-email"}, {"password", kPassword}})["error"], "identity.email_invalid");
  EXPECT_EQ(Register({{"username", 42}, {"password", kPassword}})["error"], "common.invalid_parameter");
  const auto huge = Register({{"username", "huge"}, {"password", std::string(1 << 19, 'a')}});
  EXPECT_EQ(huge["error"], "password.policy_violation");
  // None of the refused names exists afterwards.
  EXPECT_EQ(Login("nopass", kPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(Login("huge", std::string(10, 'a')).second["error"], "auth.invalid_credentials");
}

// A firewall in front may read the first of two "password" members and this server the last: refuse both.
TEST_F(AccountsTest, ABodyThatNamesAMemberTwiceIsRefused) {
  ASSERT_EQ(Call("POST", "/api/v1/auth/register", {{"username", "twice_named"}, {"password", kPassword}}).first, 201);
  const std::string body =
      std::string(R"({"account":"twice_named","password":"wrong one","password":")") + kPassword + R"("})";
  const auto response =
      Request(server_->Port(), "POST", "/api/v1/auth/login", body, "Content-Type: application/json\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  const auto envelope = json::parse(response->body, nullptr, false);
  EXPECT_EQ(envelope["error"], "common.duplicate_parameter") << response->body;
  EXPECT_NE(envelope.value("detail", "").find("\"password\""), std::string::npos) << response->body;
}

TEST_F(AccountsTest, SqlLookingInputIsStoredLiterally) {
  const auto created = Register({{"email", "o'brien@example.com"}, {"password", kPassword}});
  ASSERT_EQ(created["code"], 0) << created;
  EXPECT_EQ(Login("o'brien@example.com", kPassword).first, 200);
  // A name that could never be registered signs in like an unknown one: the rules are not a side channel.
  EXPECT_EQ(Login("x' OR '1'='1", kPassword).second["error"], "auth.invalid_credentials");
}

TEST_F(AccountsTest, UnknownUserAndWrongPasswordLookAlike) {
  ASSERT_EQ(Register({{"username", "hidden"}, {"password", kPassword}})["code"], 0);
  const auto [s1, unknown] = Login("nobody_here", kPassword);
  const auto [s2, wrong] = Login("hidden", "not the password");
  EXPECT_EQ(s1, 401);
  EXPECT_EQ(s2, 401);
  EXPECT_EQ(unknown["error"], wrong["error"]);
  EXPECT_EQ(unknown["code"], wrong["code"]);
  EXPECT_EQ(Login("hidden", "").second["error"], "password.required");
}

TEST(AccountsConfigTest, RevealUnknownUserAnswersTheSeedsSeparateCodes) {
  ServerProcess server({"--set", "login.reveal_unknown_user=true", "--set", "login.max_failures=2"});
  ASSERT_TRUE(server.Started());
  auto call = [&](const std::string& path, const json& body) {
    const auto response = Request(server.Port(), "POST", path, body.dump(), "Content-Type: application/json\r\n");
    return response ? json::parse(response->body) : json();
  };
  ASSERT_EQ(call("/api/v1/auth/register", {{"username", "open"}, {"password", kPassword}})["code"], 0);
  EXPECT_EQ(call("/api/v1/auth/login", {{"account", "nobody"}, {"password", kPassword}})["error"],
            "auth.user_not_found");
  EXPECT_EQ(call("/api/v1/auth/login", {{"account", "open"}, {"password", "wrong"}})["error"], "auth.password_wrong");
  EXPECT_EQ(call("/api/v1/auth/login", {{"account", "open"}, {"password", "wrong"}})["error"], "auth.password_wrong");
  EXPECT_EQ(call("/api/v1/auth/login", {{"account", "open"}, {"password", kPassword}})["error"],
            "account.temporarily_locked");
  // Taken identifiers keep the seeds' own codes when the operator reveals users.
  ASSERT_EQ(call("/api/v1/auth/register",
                 {{"username", "kenji"}, {"email", "kenji@example.com"}, {"password", kPassword}})["code"],
            0);
  EXPECT_EQ(call("/api/v1/auth/register", {{"username", "ＫＥＮＪＩ"}, {"password", kPassword}})["error"],
            "identity.username_taken");
  EXPECT_EQ(call("/api/v1/auth/register", {{"email", "KENJI@example.com"}, {"password", kPassword}})["error"],
            "identity.email_taken");
  EXPECT_EQ(call("/api/v1/auth/register",
                 {{"username", "kenji2"}, {"email", "kenji@example.com"}, {"password", kPassword}})["error"],
            "identity.email_taken");
  EXPECT_EQ(call("/api/v1/auth/register",
                 {{"username", "Kenji"}, {"email", "kenji@example.com"}, {"password", kPassword}})["error"],
            "identity.user_exists");
}

TEST_F(AccountsTest, FiftyParallelWrongGuessesNeverPassTheLimit) {
  ASSERT_EQ(Register({{"username", "target"}, {"password", kPassword}})["code"], 0);
  std::atomic<int> invalid{0}, locked{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      const auto error = Login("target", "wrong guess").second["error"];
      if (error == "auth.invalid_credentials") ++invalid;
      if (error == "account.temporarily_locked") ++locked;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(invalid.load(), 5);
  EXPECT_EQ(locked.load(), 45);
  // Locked means locked: the right password does not get in either.
  EXPECT_EQ(Login("target", kPassword).second["error"], "account.temporarily_locked");
}

TEST_F(AccountsTest, DuplicateRegistrationRaceHasExactlyOneWinner) {
  std::atomic<int> won{0}, taken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      const auto error = Register({{"username", "racer"}, {"password", kPassword}})["error"];
      if (error.is_null()) ++won;
      if (error == "identity.registration_rejected") ++taken;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(taken.load(), 7);
}

TEST_F(AccountsTest, RefreshRotatesAndReuseEndsTheSession) {
  ASSERT_EQ(Register({{"username", "rotor"}, {"password", kPassword}})["code"], 0);
  const auto login = Login("rotor", kPassword).second["data"];
  const auto first = login["refresh_token"].get<std::string>();
  const auto [s1, refreshed] = Call("POST", "/api/v1/auth/refresh", {{"refresh_token", first}});
  ASSERT_EQ(s1, 200) << refreshed;
  const auto second = refreshed["data"]["refresh_token"].get<std::string>();
  EXPECT_NE(first, second);
  const auto new_access = refreshed["data"]["access_token"].get<std::string>();
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, new_access).first, 200);
  // The first token again: theft assumed, the whole family ends.
  EXPECT_EQ(Call("POST", "/api/v1/auth/refresh", {{"refresh_token", first}}).second["error"], "token.invalid");
  EXPECT_EQ(Call("POST", "/api/v1/auth/refresh", {{"refresh_token", second}}).second["error"], "token.invalid");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, new_access).second["error"], "token.revoked");
}

TEST_F(AccountsTest, LogoutRevokesAccessAtOnceAndAllEndsEverySession) {
  ASSERT_EQ(Register({{"username", "leaver"}, {"password", kPassword}})["code"], 0);
  const auto a = Login("leaver", kPassword).second["data"]["access_token"].get<std::string>();
  const auto b = Login("leaver", kPassword).second["data"]["access_token"].get<std::string>();
  const auto c = Login("leaver", kPassword).second["data"]["access_token"].get<std::string>();
  EXPECT_EQ(Call("GET", "/api/v1/me/sessions", nullptr, a).second["data"]["items"].size(), 3u);
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", nullptr, a).first, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, a).second["error"], "token.revoked");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, b).first, 200);
  EXPECT_EQ(Call("POST", "/api/v1/auth/logout", {{"all", true}}, b).first, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, c).second["error"], "token.revoked");
}

TEST_F(AccountsTest, ProfileUpdatesFollowTheFieldRules) {
  ASSERT_EQ(Register({{"username", "painter"}, {"email", "painter@example.com"}, {"password", kPassword}})["code"], 0);
  const auto token = Login("painter", kPassword).second["data"]["access_token"].get<std::string>();
  const auto [status, updated] = Call(
      "PATCH", "/api/v1/me", {{"nickname", "画家"}, {"introduction", std::string(200 * 3, 'x').substr(0, 200)}}, token);
  ASSERT_EQ(status, 200) << updated;
  EXPECT_EQ(updated["data"]["nickname"], "画家");
  std::string two_hundred_one;
  for (int i = 0; i < 201; ++i) two_hundred_one += "字";
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"introduction", two_hundred_one}}, token).second["error"],
            "profile.bio_too_long");
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"avatar", "https://cdn.example.com/" + std::string(240, 'a')}}, token)
                .second["error"],
            "profile.avatar_url_too_long");
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"email", "new@example.com"}}, token).second["error"],
            "profile.email_change_via_dedicated_api");
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"phone", "13900139000"}}, token).second["error"],
            "profile.phone_change_via_dedicated_api");
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"role", "admin"}}, token).second["error"], "authz.forbidden");
  EXPECT_EQ(Call("PATCH", "/api/v1/me", {{"favourite_colour", "blue"}}, token).second["error"],
            "profile.field_invalid");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["data"]["role"], "user");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["data"]["email"], "painter@example.com");
}

TEST_F(AccountsTest, PasswordChangeNeedsTheOldOneAndEndsOtherSessions) {
  ASSERT_EQ(Register({{"username", "changer"}, {"password", kPassword}})["code"], 0);
  const auto current = Login("changer", kPassword).second["data"]["access_token"].get<std::string>();
  const auto other = Login("changer", kPassword).second["data"]["access_token"].get<std::string>();
  const std::string next = "quiet harbour compass 77";
  EXPECT_EQ(Call("POST", "/api/v1/me/password", {{"new_password", next}}, current).second["error"],
            "password.old_password_required");
  EXPECT_EQ(
      Call("POST", "/api/v1/me/password", {{"old_password", "nope"}, {"new_password", next}}, current).second["error"],
      "password.old_password_wrong");
  EXPECT_EQ(Call("POST", "/api/v1/me/password", {{"old_password", kPassword}, {"new_password", "short"}}, current)
                .second["error"],
            "password.policy_violation");
  EXPECT_EQ(Call("POST", "/api/v1/me/password", {{"old_password", kPassword}, {"new_password", next}}, current).first,
            200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, current).first, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, other).second["error"], "token.revoked");
  EXPECT_EQ(Login("changer", kPassword).second["error"], "auth.invalid_credentials");
  EXPECT_EQ(Login("changer", next).first, 200);
}

TEST_F(AccountsTest, BadTokensAnswerDistinctCodes) {
  EXPECT_EQ(Call("GET", "/api/v1/me").second["error"], "auth.login_required");
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, "not.a.jwt").second["error"], "token.invalid");
  // alg none with a plausible payload.
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4Iiwic2lkIjoieSJ9.";
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, none).second["error"], "token.invalid");
  ASSERT_EQ(Register({{"username", "tamper"}, {"password", kPassword}})["code"], 0);
  auto token = Login("tamper", kPassword).second["data"]["access_token"].get<std::string>();
  token.back() = token.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(Call("GET", "/api/v1/me", nullptr, token).second["error"], "token.invalid");
}

// RSA-OAEP-256 under a PEM public key, base64: what a client that encrypts passwords sends.
std::string EncryptPassword(const std::string& pem, const std::string& password) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key.get(), nullptr),
                                                                  EVP_PKEY_CTX_free);
  EVP_PKEY_encrypt_init(ctx.get());
  EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING);
  EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256());
  EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256());
  std::string out(256, '\0');
  std::size_t length = out.size();
  EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length,
                   reinterpret_cast<const unsigned char*>(password.data()), password.size());
  out.resize(length);
  std::string encoded(4 * ((out.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                      reinterpret_cast<const unsigned char*>(out.data()), static_cast<int>(out.size()));
  encoded.resize(static_cast<std::size_t>(written));
  return encoded;
}

TEST_F(AccountsTest, PasswordsMayArriveEncryptedToThePublishedKey) {
  const auto [status, key] = Call("GET", "/api/v1/auth/password-key");
  ASSERT_EQ(status, 200) << key;
  EXPECT_EQ(key["data"]["alg"], "RSA-OAEP-256");
  EXPECT_EQ(key["data"]["jwk"]["use"], "enc");
  const auto pem = key["data"]["pem"].get<std::string>();
  const json encrypted = {{"username", "sealed_sender"},
                          {"password", EncryptPassword(pem, kPassword)},
                          {"password_encryption", "RSA-OAEP-256"}};
  ASSERT_EQ(Register(encrypted)["code"], 0);
  // Registered through the encrypted form, signs in with the clear one and the encrypted one alike.
  EXPECT_EQ(Login("sealed_sender", kPassword).first, 200);
  const auto [s2, login] = Call("POST", "/api/v1/auth/login",
                                {{"account", "sealed_sender"},
                                 {"password", EncryptPassword(pem, kPassword)},
                                 {"password_encryption", "RSA-OAEP-256"}});
  EXPECT_EQ(s2, 200) << login;
  const auto [s3, garbled] = Call(
      "POST", "/api/v1/auth/login",
      {{"account", "sealed_sender"}, {"password", "bm90IGNpcGhlcnRleHQ="}, {"password_encryption", "RSA-OAEP-256"}});
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(garbled["error"], "auth.password_decrypt_failed");
  EXPECT_EQ(Call("POST", "/api/v1/auth/login",
                 {{"account", "sealed_sender"}, {"password", kPassword}, {"password_encryption", "ROT13"}})
                .second["error"],
            "common.invalid_parameter");
  // Undecryptable input is no guess: it does not count towards the lockout.
  EXPECT_EQ(Login("sealed_sender", kPassword).first, 200);
}

TEST_F(AccountsTest, JwksPublishesPublicKeysOnly) {
  const auto response = Request(server_->Port(), "GET", "/.well-known/jwks.json");
  ASSERT_TRUE(response);
  const auto jwks = json::parse(response->body);
  ASSERT_GE(jwks["keys"].size(), 2u);
  for (const auto& key : jwks["keys"]) {
    EXPECT_FALSE(key.contains("d"));
    EXPECT_TRUE(key.contains("kid"));
  }
}

}  // namespace
}  // namespace menshen::testing
