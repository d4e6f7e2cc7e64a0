// Rules for the fields a user may change on their own profile. E-mail and phone are identifiers, not
// profile text: they change only through their own verified flows.
#pragma once

#include <span>
#include <string_view>

#include "core/error.hpp"

namespace menshen::accounts {

constexpr int kNicknameMaxLength = 32;       // code points
constexpr int kIntroductionMaxLength = 200;  // code points
constexpr std::size_t kAvatarUrlMaxBytes = 255;

// The profile fields an update may carry; anything else is profile.field_invalid.
std::span<const std::string_view> ProfileFieldNames();

// 1..32 code points of UTF-8 with something visible; no control, bidi-control or invisible characters
// (zero-width joiners and variation selectors stay allowed: emoji and several scripts need them).
// Fails with common.invalid_parameter, detail naming the field.
Status CheckNickname(std::string_view nickname);

// Empty (no avatar) or an absolute http(s) URL of printable ASCII. Over 255 bytes:
// profile.avatar_url_too_long; not such a URL: common.invalid_parameter.
Status CheckAvatarUrl(std::string_view url);

// Up to 200 code points of UTF-8; line breaks and tabs allowed, other controls and bidi controls not.
// Too long: profile.bio_too_long; bad text: common.invalid_parameter.
Status CheckIntroduction(std::string_view introduction);

// gender: "male", "female", "other" or "unknown"; birthdate: YYYY-MM-DD (the OpenID Connect claim form).
Status CheckGender(std::string_view gender);
Status CheckBirthdate(std::string_view birthdate);

struct FieldUpdate {
  std::string_view name;
  std::string_view value;
};

// Every field named once and known, each value passing its rule. email or phone (or their aliases) in the
// update: profile.email_change_via_dedicated_api / profile.phone_change_via_dedicated_api.
Status CheckProfileUpdate(std::span<const FieldUpdate> fields);

}  // namespace menshen::accounts
