#include "accounts/identity/profile_fields.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace menshen::accounts {
namespace {

std::string Repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

ErrorId IdOf(const Status& status) { return status.error().id; }

TEST(Nickname, LengthInCodePoints) {
  EXPECT_TRUE(CheckNickname("小明"));
  EXPECT_TRUE(CheckNickname("x"));
  EXPECT_TRUE(CheckNickname(Repeat("龙", 32)));
  auto too_long = CheckNickname(Repeat("龙", 33));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(IdOf(too_long), ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(too_long.error().public_detail, "nickname: at most 32 characters");
  EXPECT_EQ(CheckNickname("").error().public_detail, "nickname: must not be empty");
  EXPECT_EQ(CheckNickname("   ").error().public_detail, "nickname: must not be empty");
}

TEST(Nickname, RefusesControlAndBidiButKeepsEmojiSequences) {
  EXPECT_EQ(CheckNickname("a\nb").error().public_detail, "nickname: control characters are not allowed");
  EXPECT_EQ(CheckNickname("abc\u202Efed").error().public_detail,
            "nickname: bidirectional control characters are not allowed");
  EXPECT_EQ(CheckNickname("a\u200Bb").error().public_detail, "nickname: invisible characters are not allowed");
  EXPECT_EQ(CheckNickname("bad\xC3").error().public_detail, "nickname: not valid UTF-8");
  EXPECT_TRUE(CheckNickname("👨‍👩‍👧 family"));  // zero-width joiners
  EXPECT_TRUE(CheckNickname("❤️"));                     // variation selector
}

TEST(AvatarUrl, LengthLimitIs255Bytes) {
  std::string prefix = "https://cdn.example.com/";
  EXPECT_TRUE(CheckAvatarUrl(prefix + std::string(255 - prefix.size(), 'a')));
  auto too_long = CheckAvatarUrl(prefix + std::string(256 - prefix.size(), 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(IdOf(too_long), ErrorId::kProfileAvatarUrlTooLong);
}

TEST(AvatarUrl, MustBeAbsoluteHttpUrl) {
  EXPECT_TRUE(CheckAvatarUrl(""));
  EXPECT_TRUE(CheckAvatarUrl("http://example.com/a.png"));
  EXPECT_TRUE(CheckAvatarUrl("HTTPS://img.example.com:8443/u/1.jpg?size=64#x"));
  EXPECT_TRUE(CheckAvatarUrl("https://[2001:db8::1]/a.png"));
  for (std::string_view bad :
       {"javascript:alert(1)", "/avatars/1.png", "ftp://example.com/a.png", "https://", "https:///a.png",
        "https://user:pw@example.com/a.png", "https://exa mple.com/a.png", "https://example.com/\xE5\xA4\xB4.png",
        "https://-bad.example.com/", "https://example.com:99999999/", "data:image/png;base64,AAAA"}) {
    auto result = CheckAvatarUrl(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(IdOf(result), ErrorId::kCommonInvalidParameter) << bad;
  }
}

TEST(Introduction, CountsCodePointsNotBytes) {
  EXPECT_TRUE(CheckIntroduction(""));
  EXPECT_TRUE(CheckIntroduction(Repeat("简", 200)));  // 600 bytes, 200 characters
  auto too_long = CheckIntroduction(Repeat("简", 201));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(IdOf(too_long), ErrorId::kProfileBioTooLong);
  EXPECT_TRUE(CheckIntroduction("line one\nline two\ttabbed"));
  EXPECT_EQ(IdOf(CheckIntroduction("bell\a")), ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(IdOf(CheckIntroduction("x\u2066y")), ErrorId::kCommonInvalidParameter);
}

TEST(GenderAndBirthdate, FollowTheirForms) {
  EXPECT_TRUE(CheckGender("female"));
  EXPECT_FALSE(CheckGender("F"));
  EXPECT_TRUE(CheckBirthdate("1990-02-28"));
  EXPECT_TRUE(CheckBirthdate("2000-02-29"));
  for (std::string_view bad :
       {"1990-02-30", "1900-02-29", "1990-13-01", "1990-00-10", "90-01-01", "1990/01/01", "199a-01-01", "0000-01-01"}) {
    EXPECT_FALSE(CheckBirthdate(bad)) << bad;
  }
}

TEST(ProfileUpdate, AcceptsKnownFields) {
  std::vector<FieldUpdate> update{{"nickname", "小明"},
                                  {"avatar", "https://example.com/a.png"},
                                  {"introduction", "你好"},
                                  {"gender", "male"},
                                  {"birthdate", "1999-12-31"}};
  EXPECT_TRUE(CheckProfileUpdate(update));
  EXPECT_TRUE(CheckProfileUpdate({}));
  EXPECT_EQ(ProfileFieldNames().size(), update.size());
}

TEST(ProfileUpdate, RefusesUnknownDuplicateAndIdentifierFields) {
  std::vector<FieldUpdate> unknown{{"nickname", "x"}, {"is_admin", "true"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(unknown)), ErrorId::kProfileFieldInvalid);
  EXPECT_EQ(CheckProfileUpdate(unknown).error().public_detail, "is_admin");

  std::vector<FieldUpdate> email{{"nickname", "x"}, {"email", "a@b.co"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(email)), ErrorId::kProfileEmailChangeViaDedicatedApi);
  std::vector<FieldUpdate> phone{{"phone_number", "+8613800138000"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(phone)), ErrorId::kProfilePhoneChangeViaDedicatedApi);
  // Fields an administrator sets are refused as a permission matter, not as unknown fields.
  std::vector<FieldUpdate> role{{"role", "admin"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(role)), ErrorId::kAuthzForbidden);
  std::vector<FieldUpdate> expiry{{"nickname", "x"}, {"account_expires_at", "0"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(expiry)), ErrorId::kAuthzForbidden);
  std::vector<FieldUpdate> mobile{{"mobile", "13800138000"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(mobile)), ErrorId::kProfilePhoneChangeViaDedicatedApi);

  std::vector<FieldUpdate> twice{{"nickname", "a"}, {"nickname", "b"}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(twice)), ErrorId::kCommonInvalidParameter);
}

TEST(ProfileUpdate, ChecksEachValue) {
  std::string bio = Repeat("简", 201);
  std::vector<FieldUpdate> long_bio{{"introduction", bio}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(long_bio)), ErrorId::kProfileBioTooLong);
  std::string long_url = "https://example.com/" + std::string(300, 'a');
  std::vector<FieldUpdate> avatar{{"avatar", long_url}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(avatar)), ErrorId::kProfileAvatarUrlTooLong);
  std::vector<FieldUpdate> nickname{{"nickname", ""}};
  EXPECT_EQ(IdOf(CheckProfileUpdate(nickname)), ErrorId::kCommonInvalidParameter);
}

}  // namespace
}  // namespace menshen::accounts
