#include "accounts/identity/identifiers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace menshen::accounts {
namespace {

// The value, or the error's detail, so that failures print readably.
std::string Text(const Result<std::string>& result) {
  return result ? *result : "error: " + result.error().public_detail;
}

std::string UsernameProblem(std::string_view raw, const UsernamePolicy& policy = {}) {
  auto result = ParseUsername(raw, policy);
  if (result) return "ok";
  EXPECT_EQ(result.error().id, ErrorId::kIdentityUsernameInvalid);
  return result.error().public_detail;
}

TEST(Username, FullWidthAndCaseFoldToOneKey) {
  EXPECT_EQ(Text(NormalizeUsername("ＡＤＭＩＮ")), "admin");
  EXPECT_EQ(Text(NormalizeUsername("Admin")), "admin");
  EXPECT_EQ(Text(NormalizeUsername("admin")), "admin");
}

TEST(Username, CompatibilityConfusablesFoldToOneKey) {
  EXPECT_EQ(Text(NormalizeUsername("𝐚𝐝𝐦𝐢𝐧")), "admin");       // mathematical bold
  EXPECT_EQ(Text(NormalizeUsername("ﬁnance")), "finance");    // ligature fi
  EXPECT_EQ(Text(NormalizeUsername("\u212Aevin")), "kevin");  // Kelvin sign
  EXPECT_EQ(Text(NormalizeUsername("ⓐⓓⓜⓘⓝ")), "admin");       // circled letters
  EXPECT_EQ(Text(NormalizeUsername("Cafe\u0301")), Text(NormalizeUsername("café")));
}

TEST(Username, DisplayKeepsCaseInNfc) {
  auto name = ParseUsername("Cafe\u0301_Bob");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->display, "Café_Bob");
  EXPECT_EQ(name->key, "café_bob");
}

TEST(Username, RefusesLookalikeScriptMixes) {
  EXPECT_EQ(UsernameProblem("p\u0430ypal"), "must not mix Latin, Greek and Cyrillic letters");  // Cyrillic а
  EXPECT_EQ(UsernameProblem("\u03BFscar"), "must not mix Latin, Greek and Cyrillic letters");   // Greek ο
  EXPECT_EQ(UsernameProblem("\u0441\u03B1t"), "must not mix Latin, Greek and Cyrillic letters");
  EXPECT_EQ(UsernameProblem("jos\u00E9_\u674E"), "ok");  // Latin with accents and Han
  EXPECT_EQ(UsernameProblem("\u0432\u043B\u0430\u0434_2"), "ok");
}

TEST(Username, AcceptsLettersAndDigitsOfAnyScript) {
  EXPECT_EQ(Text(NormalizeUsername("张三丰")), "张三丰");
  EXPECT_EQ(UsernameProblem("李小龙_2024"), "ok");
  EXPECT_EQ(UsernameProblem("владимир.п"), "ok");
  EXPECT_EQ(UsernameProblem("नमस्ते"), "ok");  // needs combining vowel signs
  EXPECT_EQ(UsernameProblem("robert_drop-table"), "ok");
}

TEST(Username, RefusesInvisibleAndControlCharacters) {
  EXPECT_EQ(UsernameProblem("ad\u200Bmin"), "invisible characters are not allowed");
  EXPECT_EQ(UsernameProblem("admin\u00AD"), "invisible characters are not allowed");
  EXPECT_EQ(UsernameProblem("\uFEFFadmin"), "invisible characters are not allowed");
  EXPECT_EQ(UsernameProblem("ad\u2060min"), "invisible characters are not allowed");
  EXPECT_EQ(UsernameProblem("ad\u3164min"), "invisible characters are not allowed");
  EXPECT_EQ(UsernameProblem("admin\u202Egnp"), "bidirectional control characters are not allowed");
  EXPECT_EQ(UsernameProblem("admin\u2067x"), "bidirectional control characters are not allowed");
  EXPECT_EQ(UsernameProblem("admin\u200F"), "bidirectional control characters are not allowed");
  EXPECT_EQ(UsernameProblem(std::string("adm\0in", 6)), "control characters are not allowed");
  EXPECT_EQ(UsernameProblem("admin\r\nx"), "control characters are not allowed");
  EXPECT_EQ(UsernameProblem("ad min"), "spaces are not allowed");
  EXPECT_EQ(UsernameProblem("ad\u3000min"), "spaces are not allowed");
  EXPECT_EQ(UsernameProblem("ad\uE000min"), "unassigned or private-use characters are not allowed");
  EXPECT_EQ(UsernameProblem("adm\xFFin"), "not valid UTF-8");
}

TEST(Username, RefusesCharactersOutsideTheCharset) {
  EXPECT_EQ(UsernameProblem("a';--"), "only letters, digits, _, - and . are allowed");
  EXPECT_EQ(UsernameProblem("bob<script>"), "only letters, digits, _, - and . are allowed");
  EXPECT_EQ(UsernameProblem("smile😀"), "only letters, digits, _, - and . are allowed");
  EXPECT_EQ(UsernameProblem("_bob"), "must start with a letter or digit");
  EXPECT_EQ(UsernameProblem(".bob"), "must start with a letter or digit");
}

TEST(Username, RefusesWhatReadsAsEmailOrPhone) {
  EXPECT_EQ(UsernameProblem("bob@example.com"), "must not contain @ (that is an e-mail address)");
  EXPECT_EQ(UsernameProblem("bob＠example"), "must not contain @ (that is an e-mail address)");
  EXPECT_EQ(UsernameProblem("13800138000"), "must not be only digits (that reads as a phone number)");
  EXPECT_EQ(UsernameProblem("１２３４５"), "must not be only digits (that reads as a phone number)");
  EXPECT_EQ(UsernameProblem("+8613800138000"), "only letters, digits, _, - and . are allowed");
}

TEST(Username, CountsLengthInCodePointsAfterNormalisation) {
  EXPECT_EQ(UsernameProblem("ab"), "at least 3 characters");
  EXPECT_EQ(UsernameProblem("张三丰"), "ok");  // 3 code points, 9 bytes
  EXPECT_EQ(UsernameProblem(std::string(64, 'a')), "ok");
  EXPECT_EQ(UsernameProblem(std::string(65, 'a')), "at most 64 characters");
  std::string chinese;
  for (int i = 0; i < 64; ++i) chinese += "字";
  EXPECT_EQ(UsernameProblem(chinese), "ok");
  EXPECT_EQ(UsernameProblem(chinese + "字"), "at most 64 characters");
  EXPECT_EQ(UsernameProblem("", {}), "username is required");
  EXPECT_EQ(UsernameProblem("abcd", UsernamePolicy{.min_length = 5, .max_length = 10}), "at least 5 characters");
}

TEST(Email, AcceptsAndFoldsCase) {
  auto email = ParseEmail("  John.Doe+tag@Example.COM \n");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->key, "john.doe+tag@example.com");
  EXPECT_EQ(email->display, "John.Doe+tag@example.com");
  EXPECT_EQ(Text(NormalizeEmail("a@b.co")), "a@b.co");
  EXPECT_EQ(Text(NormalizeEmail("user@mail.xn--fiqs8s")), "user@mail.xn--fiqs8s");
  EXPECT_EQ(Text(NormalizeEmail("o'brien@sub-domain.example.org")), "o'brien@sub-domain.example.org");
}

std::string EmailProblem(std::string_view raw) {
  auto result = ParseEmail(raw);
  if (result) return "ok";
  EXPECT_EQ(result.error().id, ErrorId::kIdentityEmailInvalid);
  return result.error().public_detail;
}

TEST(Email, RefusesMalformedAddresses) {
  EXPECT_EQ(EmailProblem(""), "e-mail address is required");
  EXPECT_EQ(EmailProblem("plainaddress"), "must contain exactly one @");
  EXPECT_EQ(EmailProblem("a@b@example.com"), "must contain exactly one @");
  EXPECT_EQ(EmailProblem("@example.com"), "the part before @ must be 1 to 64 characters");
  EXPECT_EQ(EmailProblem(".bob@example.com"), "the part before @ holds a character or dot that is not allowed");
  EXPECT_EQ(EmailProblem("bo..b@example.com"), "the part before @ holds a character or dot that is not allowed");
  EXPECT_EQ(EmailProblem("\"bob\"@example.com"), "the part before @ holds a character or dot that is not allowed");
  EXPECT_EQ(EmailProblem("bob smith@example.com"), "the part before @ holds a character or dot that is not allowed");
  EXPECT_EQ(EmailProblem("bob@localhost"), "the domain needs a dot");
  EXPECT_EQ(EmailProblem("bob@-example.com"), "the domain is not a valid host name");
  EXPECT_EQ(EmailProblem("bob@example-.com"), "the domain is not a valid host name");
  EXPECT_EQ(EmailProblem("bob@example..com"), "the domain is not a valid host name");
  EXPECT_EQ(EmailProblem("bob@exa_mple.com"), "the domain is not a valid host name");
  EXPECT_EQ(EmailProblem("bob@example.c"), "the top-level domain must be letters");
  EXPECT_EQ(EmailProblem("bob@example.123"), "the top-level domain must be letters");
  EXPECT_EQ(EmailProblem("bob@例子.中国"),
            "only ASCII addresses are accepted; write an international domain in its xn-- form");
}

TEST(Email, EnforcesLengthLimits) {
  std::string local64(64, 'a');
  EXPECT_EQ(EmailProblem(local64 + "@example.com"), "ok");
  EXPECT_EQ(EmailProblem(local64 + "a@example.com"), "the part before @ must be 1 to 64 characters");
  std::string label63(63, 'b');
  EXPECT_EQ(EmailProblem("a@" + label63 + ".com"), "ok");
  EXPECT_EQ(EmailProblem("a@" + label63 + "b.com"), "the domain is not a valid host name");
  // 64 + 1 + 189 = 254 bytes: the longest address.
  std::string domain = std::string(63, 'c') + "." + std::string(63, 'd') + "." + std::string(57, 'e') + ".com";
  ASSERT_EQ(local64.size() + 1 + domain.size(), 254u);
  EXPECT_EQ(EmailProblem(local64 + "@" + domain), "ok");
  EXPECT_EQ(EmailProblem(local64 + "@e" + domain), "at most 254 characters");
}

TEST(Phone, NormalisesChineseMobilesToE164) {
  EXPECT_EQ(Text(NormalizePhone("13800138000")), "+8613800138000");
  EXPECT_EQ(Text(NormalizePhone("+86 138 0013 8000")), "+8613800138000");
  EXPECT_EQ(Text(NormalizePhone("+86-138-0013-8000")), "+8613800138000");
  EXPECT_EQ(Text(NormalizePhone("008613800138000")), "+8613800138000");
}

TEST(Phone, ReadsOtherRegionsWithPlusOrRegion) {
  EXPECT_EQ(Text(NormalizePhone("+1 (650) 253-0000")), "+16502530000");
  EXPECT_EQ(Text(NormalizePhone("+44 20 7946 0958")), "+442079460958");
  EXPECT_EQ(Text(NormalizePhone("030 123456", "DE")), "+4930123456");
}

TEST(Phone, RefusesInvalidNumbers) {
  for (std::string_view bad :
       {"", "12345", "1380013800", "23800138000", "+999 1234567", "1-800-FLOWERS", "13800138000 ext. 12",
        "+86 138 0013 8000 0000 0000 0000 00", "１３８００１３８０００"}) {
    auto result = NormalizePhone(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().id, ErrorId::kCommonInvalidParameter);
    EXPECT_EQ(result.error().public_detail, "phone");
  }
  EXPECT_FALSE(NormalizePhone("13800138000", "ZZ"));
}

TEST(Account, ClassifiesByShape) {
  auto email = ClassifyAccount(" Bob@Example.com ");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->kind, AccountKind::kEmail);
  EXPECT_EQ(email->normalized, "bob@example.com");

  auto phone = ClassifyAccount("13800138000");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->kind, AccountKind::kPhone);
  EXPECT_EQ(phone->normalized, "+8613800138000");

  auto plus = ClassifyAccount("+16502530000", "CN");
  ASSERT_TRUE(plus);
  EXPECT_EQ(plus->kind, AccountKind::kPhone);

  auto name = ClassifyAccount("ＢＯＢ_1");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->kind, AccountKind::kUsername);
  EXPECT_EQ(name->normalized, "bob_1");
}

TEST(Account, RefusesLookalikesOfEmailOrPhone) {
  for (std::string_view bad : {"bob@", "bob@localhost", "+12", "1234567", "+86abc"}) {
    auto result = ClassifyAccount(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().id, ErrorId::kIdentityPhoneOrEmailInvalid) << bad;
  }
  auto short_digits = ClassifyAccount("123456");  // too short for a phone: a username, and not a valid one
  ASSERT_FALSE(short_digits);
  EXPECT_EQ(short_digits.error().id, ErrorId::kIdentityUsernameInvalid);
}

}  // namespace
}  // namespace menshen::accounts
