#include "oauth/tokens/userinfo_claims.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace menshen::oauth {
namespace {

accounts::User Alice() {
  return accounts::User{.id = "u1",
                        .username = "alice",
                        .username_display = "Alice",
                        .email = "alice@example.com",
                        .email_display = "Alice@Example.com",
                        .phone = "+8613800138000",
                        .nickname = "Ally",
                        .avatar = "https://cdn.example.com/a.png",
                        .gender = "female",
                        .birthdate = "1990-01-31",
                        .updated_at = 1700000000};
}

TEST(UserInfoClaimsTest, SubAlwaysTheRestByScope) {
  EXPECT_EQ(UserInfoClaims(Alice(), {"openid"}), nlohmann::json({{"sub", "u1"}}));

  const auto profile = UserInfoClaims(Alice(), {"openid", "profile"});
  EXPECT_EQ(profile["name"], "Ally");
  EXPECT_EQ(profile["nickname"], "Ally");
  EXPECT_EQ(profile["preferred_username"], "Alice");
  EXPECT_EQ(profile["picture"], "https://cdn.example.com/a.png");
  EXPECT_EQ(profile["gender"], "female");
  EXPECT_EQ(profile["birthdate"], "1990-01-31");
  EXPECT_EQ(profile["updated_at"], 1700000000);
  EXPECT_FALSE(profile.contains("email"));
  EXPECT_FALSE(profile.contains("phone_number"));

  const auto email = UserInfoClaims(Alice(), {"openid", "email"});
  EXPECT_EQ(email["email"], "Alice@Example.com");
  EXPECT_EQ(email["email_verified"], false);
  EXPECT_FALSE(email.contains("nickname"));

  const auto phone = UserInfoClaims(Alice(), {"openid", "phone"});
  EXPECT_EQ(phone["phone_number"], "+8613800138000");
  EXPECT_EQ(phone["phone_number_verified"], false);
  EXPECT_EQ(phone.size(), 3u);
}

TEST(UserInfoClaimsTest, AbsentFieldsAreLeftOutAndEveryNameIsPublished) {
  accounts::User bare{.id = "u2", .updated_at = 5};
  EXPECT_EQ(UserInfoClaims(bare, {"openid", "profile", "email", "phone"}),
            nlohmann::json({{"sub", "u2"}, {"updated_at", 5}}));
  const auto all = UserInfoClaims(Alice(), {"openid", "profile", "email", "phone"});
  const auto& names = UserInfoClaimNames();
  for (const auto& [name, value] : all.items()) {
    EXPECT_NE(std::ranges::find(names, name), names.end()) << name;
  }
  EXPECT_EQ(all.size(), names.size());
}

}  // namespace
}  // namespace menshen::oauth
