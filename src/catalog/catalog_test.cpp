#include "catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <set>

#include "catalog/test_support.hpp"

namespace menshen::catalog {
namespace {

TEST(CanonicalCatalog, EveryIdHasMessagesAndStatus) {
  const Catalog catalog = Catalog::Load("menshen");
  for (const ErrorId id : AllErrorIds()) {
    const CanonicalEntry& entry = catalog.Entry(id);
    EXPECT_EQ(entry.id, id);
    EXPECT_FALSE(entry.zh.empty()) << ToString(id);
    EXPECT_FALSE(entry.en.empty()) << ToString(id);
    EXPECT_FALSE(entry.hint.empty()) << ToString(id);
    EXPECT_GE(entry.status, 100) << ToString(id);
    EXPECT_LE(entry.status, 599) << ToString(id);
  }
}

// The OAuth error code is data: an oauth2.* or token.* id without one would answer whatever the endpoint
// falls back to, so none may lack it.
TEST(CanonicalCatalog, EveryOAuthAndTokenIdNamesItsRfcErrorCode) {
  const Catalog catalog = Catalog::Load("menshen");
  for (const ErrorId id : AllErrorIds()) {
    const std::string_view dotted = ToString(id);
    if (!dotted.starts_with("oauth2.") && !dotted.starts_with("token.")) continue;
    EXPECT_FALSE(catalog.Entry(id).oauth.empty()) << dotted << " has no oauth code in catalog/errors.toml";
  }
  EXPECT_EQ(catalog.Entry(ErrorId::kOauth2InvalidClient).oauth, "invalid_client");
  EXPECT_EQ(catalog.Entry(ErrorId::kTokenExpired).oauth, "invalid_token");
  EXPECT_EQ(catalog.Entry(ErrorId::kAuthzScopeInsufficient).oauth, "insufficient_scope");
  EXPECT_EQ(catalog.Entry(ErrorId::kAccountLocked).oauth, "invalid_grant");
  EXPECT_TRUE(catalog.Entry(ErrorId::kInfraDatabaseError).oauth.empty());
}

TEST(CanonicalCatalog, MenshenNumbersAreWellFormedAndUnique) {
  const Catalog catalog = Catalog::Load("menshen");
  std::set<std::int64_t> codes;
  for (const ErrorId id : AllErrorIds()) {
    const CanonicalEntry& entry = catalog.Entry(id);
    ASSERT_EQ(ParseMenshenNumber(entry.number), entry.code) << entry.number;
    EXPECT_TRUE(codes.insert(entry.code).second) << "duplicate " << entry.number;
    const char level = entry.number[0];
    EXPECT_TRUE(id == ErrorId::kCommonSuccess ? entry.number == "0-00-000" : level == '1' || level == '2')
        << entry.number;
  }
  EXPECT_EQ(catalog.Success(Locale::kEn).code, 0);
}

TEST(CanonicalCatalog, ParsesMenshenNumbers) {
  EXPECT_EQ(ParseMenshenNumber("2-01-006"), 201006);
  EXPECT_EQ(ParseMenshenNumber("0-00-000"), 0);
  EXPECT_EQ(ParseMenshenNumber("2-1-006"), std::nullopt);
  EXPECT_EQ(ParseMenshenNumber("2-01-0a6"), std::nullopt);
  EXPECT_EQ(ParseMenshenNumber("201006"), std::nullopt);
}

TEST(Profiles, AllSixAreBuiltInWithUniqueNumbers) {
  const Catalog catalog = Catalog::Load("menshen");
  const std::vector<std::string> expected = {"account-billing", "idaas",         "menshen",
                                             "oauth2-server",   "open-platform", "user-service"};
  EXPECT_EQ(catalog.ProfileNames(), expected);
  for (const auto& name : expected) {
    const Catalog one = Catalog::Load(name);
    EXPECT_EQ(one.ProfileName(), name);
    std::set<std::int64_t> codes;
    for (const auto& row : one.ActiveProfile().rows) {
      if (row.code) {
        EXPECT_TRUE(codes.insert(*row.code).second) << name << " repeats " << *row.code;
      }
    }
  }
}

TEST(Render, UsesTheProfileRowForTheId) {
  const Catalog catalog = Catalog::Load("oauth2-server");
  const Rendered zh = catalog.Render(ErrorId::kAuthPasswordWrong, Locale::kZhCn);
  EXPECT_EQ(zh.code, 10006);
  EXPECT_EQ(zh.http_status, 401);
  EXPECT_EQ(zh.message, "密码错误");
  // The seed has no English: the canonical English of the row's first id.
  EXPECT_EQ(catalog.Render(ErrorId::kAuthPasswordWrong, Locale::kEn).message, "Incorrect password");
}

TEST(Render, TakesTheParentsCodeWithItsOwnMessage) {
  const Catalog catalog = Catalog::Load("oauth2-server");
  const Rendered revoked = catalog.Render(ErrorId::kTokenRevoked, Locale::kEn);
  EXPECT_EQ(revoked.code, 10011);  // token.invalid's row
  EXPECT_EQ(revoked.message, "Token has been revoked");
  EXPECT_EQ(revoked.http_status, 401);
  const Catalog idaas = Catalog::Load("idaas");
  const Rendered search = idaas.Render(ErrorId::kPoolUserSearchTypeInvalid, Locale::kZhCn);
  EXPECT_EQ(search.code, 2015);  // its own row, not the parent's 2014
  EXPECT_EQ(search.message, "搜索用户时搜索类型非法");
}

TEST(Render, TakesTheNearestRowsCodeWithItsOwnMessage) {
  // The table has no "password required" row; its nearest is 1001, missing parameters (through the parent).
  const Catalog users = Catalog::Load("user-service");
  EXPECT_EQ(users.Render(ErrorId::kPasswordRequired, Locale::kEn).code, 1001);
  EXPECT_EQ(users.Render(ErrorId::kPasswordRequired, Locale::kEn).message, "Password is required");
  // An invalid token needs a new sign-in: 602 in account-billing's table.
  const Catalog billing = Catalog::Load("account-billing");
  EXPECT_EQ(billing.Render(ErrorId::kTokenInvalid, Locale::kZhCn).code, 602);
  EXPECT_EQ(billing.Render(ErrorId::kPasswordRequired, Locale::kZhCn).code, 601);
  const Catalog oauth = Catalog::Load("oauth2-server");
  const Rendered body = oauth.Render(ErrorId::kHttpBodyTooLarge, Locale::kZhCn);
  EXPECT_EQ(body.code, 404);  // "parameter validation failed", the nearest of common.bad_request
  EXPECT_EQ(body.http_status, 413);
  EXPECT_EQ(body.message, "请求体过大");
}

TEST(Render, FallsBackToTheGenericFailureWithTheCanonicalMessage) {
  const Catalog catalog = Catalog::Load("oauth2-server");
  const Rendered limit = catalog.Render(ErrorId::kLimitRegistrationTooFrequent, Locale::kEn);
  EXPECT_EQ(limit.code, 500);
  EXPECT_EQ(limit.http_status, 429);  // the status stays the error's own
  EXPECT_EQ(limit.message, "Too many registrations, please try again later");
  EXPECT_TRUE(catalog.FallsBack(ErrorId::kLimitRegistrationTooFrequent));
  EXPECT_FALSE(catalog.FallsBack(ErrorId::kCommonInternalError));  // its own row 500
  EXPECT_EQ(Catalog::Load("user-service").Render(ErrorId::kInfraCacheError, Locale::kZhCn).code, 1999);
}

TEST(Render, PreferredRowsWinOverEarlierOnes) {
  const Catalog idaas = Catalog::Load("idaas");
  EXPECT_EQ(idaas.Render(ErrorId::kCommonMissingParameter, Locale::kZhCn).code, 2231);
  EXPECT_EQ(idaas.Render(ErrorId::kVerifyCodeExpired, Locale::kZhCn).code, 2300);
  EXPECT_EQ(Catalog::Load("account-billing").Render(ErrorId::kCommonInternalError, Locale::kZhCn).code, 500);
  EXPECT_EQ(Catalog::Load("oauth2-server").Render(ErrorId::kAccountExpired, Locale::kZhCn).code, 10008);
}

TEST(Render, SeedEnglishIsUsedUnlessItContradictsTheChinese) {
  const Catalog catalog = Catalog::Load("open-platform");
  EXPECT_EQ(catalog.Render(ErrorId::kTokenExpired, Locale::kEn).message, "Access token expired");
  const Rendered invalid = catalog.Render(ErrorId::kCommonInvalidParameter, Locale::kEn);
  EXPECT_EQ(invalid.code, 100);
  EXPECT_EQ(invalid.message, "Invalid parameter");  // the seed says "Unsupported response type"
  EXPECT_EQ(catalog.Render(ErrorId::kCommonInvalidParameter, Locale::kZhCn).message, "请求参数无效");
}

TEST(Render, SuccessUsesTheProfilesSuccessCode) {
  EXPECT_EQ(Catalog::Load("oauth2-server").Success(Locale::kZhCn).code, 200);
  EXPECT_EQ(Catalog::Load("open-platform").Success(Locale::kEn).message, "Success");
  EXPECT_EQ(Catalog::Load("user-service").Success(Locale::kZhCn).code, 1000);
  const Rendered idaas = Catalog::Load("idaas").Success(Locale::kZhCn);  // no success row in the seed
  EXPECT_EQ(idaas.code, 200);
  EXPECT_EQ(idaas.message, "成功");
  EXPECT_EQ(idaas.http_status, 200);
}

TEST(Render, EveryIdRendersInEveryProfile) {
  for (const auto& name : Catalog::Load("menshen").ProfileNames()) {
    const Catalog catalog = Catalog::Load(name);
    for (const ErrorId id : AllErrorIds()) {
      EXPECT_FALSE(catalog.Render(id, Locale::kZhCn).message.empty()) << name << " " << ToString(id);
      EXPECT_FALSE(catalog.Render(id, Locale::kEn).message.empty()) << name << " " << ToString(id);
      EXPECT_EQ(catalog.Render(id, Locale::kEn).http_status, catalog.Entry(id).status);
    }
  }
}

constexpr const char* kOperatorProfile = R"(name = "shop"
title = "Shop codes"
layout = "md"
columns = ["code", "text"]
roles = ["code", "text"]
success = 0
fallback = 9
always_http_200 = true

[[row]]
code = 1
text = "密码不对"
ids = ["auth.password_wrong"]
)";

TEST(OperatorProfiles, AreLoadedFromTheExtraFolder) {
  const testing::TempDir dir("menshen-catalog-operator");
  dir.Write("shop.toml", kOperatorProfile);
  const Catalog catalog = Catalog::Load("shop", dir.Path());
  const Rendered wrong = catalog.Render(ErrorId::kAuthPasswordWrong, Locale::kZhCn);
  EXPECT_EQ(wrong.code, 1);
  EXPECT_EQ(wrong.message, "密码不对");
  EXPECT_EQ(wrong.http_status, 200);  // always_http_200
  EXPECT_EQ(catalog.Render(ErrorId::kAppNotFound, Locale::kEn).code, 9);
  EXPECT_EQ(catalog.ProfileNames().size(), 7u);
}

TEST(OperatorProfiles, OverrideABuiltInOfTheSameName) {
  const testing::TempDir dir("menshen-catalog-override");
  std::string text = kOperatorProfile;
  text.replace(text.find("shop"), 4, "idaas");
  dir.Write("idaas.toml", text);
  EXPECT_EQ(Catalog::Load("idaas", dir.Path()).Render(ErrorId::kAuthPasswordWrong, Locale::kZhCn).code, 1);
}

void ExpectLoadFails(const std::string& text, std::size_t line, const std::string& problem) {
  const testing::TempDir dir("menshen-catalog-broken");
  dir.Write("shop.toml", text);
  try {
    Catalog::Load("menshen", dir.Path());
    ADD_FAILURE() << "loaded a broken profile: " << problem;
  } catch (const CatalogError& e) {
    EXPECT_EQ(e.File(), (dir.Path() / "shop.toml").string());
    EXPECT_EQ(e.Line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind(e.File() + ":" + std::to_string(line) + ": ", 0), 0u) << e.what();
  }
}

TEST(OperatorProfiles, BrokenFilesFailWithFileAndLine) {
  const std::string good = kOperatorProfile;
  ExpectLoadFails(good + "\n[[row]]\ncode = = 2\n", 16, "");
  ExpectLoadFails(good + "\n[[row]]\ncode = 2\nids = [\"auth.no_such_thing\"]\n", 15, "unknown canonical id");
  ExpectLoadFails(good + "\n[[row]]\ncode = 1\ntext = \"again\"\n", 15, "duplicate number 1");
  ExpectLoadFails(good + "\n[[row]]\ncode = \"2\"\n", 16, "must be an integer");
  ExpectLoadFails(good + "\n[[row]]\ncode = 2\ncolour = \"red\"\n", 17, "unknown field");
  std::string no_fallback = good;
  no_fallback.erase(no_fallback.find("fallback = 9\n"), 13);
  ExpectLoadFails(no_fallback, 1, "missing field \"fallback\"");
  std::string renamed = good;
  renamed.replace(renamed.find("shop"), 4, "other");
  ExpectLoadFails(renamed, 1, "differs from the file name");
}

TEST(OperatorProfiles, NearestAndUnmappedEntriesAreChecked) {
  const std::string good = kOperatorProfile;
  ExpectLoadFails(good + "\n[nearest]\n\"app.not_found\" = 2\n", 16, "no row 2");
  ExpectLoadFails(good + "\n[nearest]\n\"auth.password_wrong\" = 1\n", 16, "name it under [prefer]");
  ExpectLoadFails(good + "\n[nearest]\n\"app.no_such_thing\" = 1\n", 16, "unknown canonical id");
  ExpectLoadFails(good + "\n[unmapped]\n\"app.not_found\" = 3\n", 16, "must be the reason");
  ExpectLoadFails(good + "\n[unmapped]\n\"app.not_found\" = \"\"\n", 16, "must be the reason");

  const testing::TempDir dir("menshen-catalog-nearest");
  dir.Write("shop.toml", good + "\n[nearest]\n\"auth.invalid_credentials\" = 1\n");
  const Catalog catalog = Catalog::Load("shop", dir.Path());
  const Rendered wrong = catalog.Render(ErrorId::kAuthInvalidCredentials, Locale::kEn);
  EXPECT_EQ(wrong.code, 1);
  EXPECT_EQ(wrong.message, "Incorrect username or password");
  EXPECT_FALSE(catalog.FallsBack(ErrorId::kAuthInvalidCredentials));
  EXPECT_EQ(catalog.Render(ErrorId::kAuthUserNotFound, Locale::kEn).code, 1);  // below it, through the parent
}

TEST(Catalog, UnknownProfileIsRefused) { EXPECT_THROW(Catalog::Load("no-such-profile"), CatalogError); }

}  // namespace
}  // namespace menshen::catalog
