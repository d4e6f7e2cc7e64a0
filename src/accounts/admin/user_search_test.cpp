#include "accounts/admin/user_search.hpp"

#include <gtest/gtest.h>

namespace menshen::accounts {
namespace {

ErrorId IdOf(const auto& result) { return result ? ErrorId::kCommonSuccess : result.error().id; }

TEST(UserSearch, TypeMustBeKnown) {
  EXPECT_EQ(IdOf(ParseUserSearch("foo", "x")), ErrorId::kPoolUserSearchTypeInvalid);
  EXPECT_EQ(ParseUserSearch(std::nullopt, std::nullopt)->type, SearchType::kAny);
  EXPECT_EQ(ParseUserSearch("nickname", std::nullopt)->type, SearchType::kNickname);
}

TEST(UserSearch, QueriesAreNormalisedLikeTheirColumns) {
  EXPECT_EQ(ParseUserSearch("username", "ＭＥＩ")->text, "mei");
  EXPECT_EQ(ParseUserSearch("email", "Mei@Example.com")->text, "mei@example.com");
  EXPECT_EQ(ParseUserSearch("phone", "+86 138-0013")->text, "861380013");
  EXPECT_EQ(ParseUserSearch("nickname", "画家")->text, "画家");
}

TEST(UserSearch, MalformedQueriesAreRefused) {
  EXPECT_EQ(IdOf(ParseUserSearch("phone", "12ab")), ErrorId::kPoolUserSearchInvalid);
  EXPECT_EQ(IdOf(ParseUserSearch("email", "a b@c")), ErrorId::kPoolUserSearchInvalid);
  EXPECT_EQ(IdOf(ParseUserSearch("username", std::string("a\0b", 3))), ErrorId::kPoolUserSearchInvalid);
  EXPECT_EQ(IdOf(ParseUserSearch("nickname", "\xff\xfe")), ErrorId::kPoolUserSearchInvalid);
  EXPECT_EQ(IdOf(ParseUserSearch(std::nullopt, std::string(65, 'a'))), ErrorId::kPoolUserSearchInvalid);
  EXPECT_EQ(IdOf(ParseUserSearch(std::nullopt, "bad\u202Eone")), ErrorId::kPoolUserSearchInvalid);
  EXPECT_TRUE(ParseUserSearch(std::nullopt, std::string(64, 'a')));
}

TEST(EscapeLike, WildcardsAreLiteral) { EXPECT_EQ(EscapeLike("50%_a\\b"), "50\\%\\_a\\\\b"); }

}  // namespace
}  // namespace menshen::accounts
