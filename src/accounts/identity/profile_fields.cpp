#include "accounts/identity/profile_fields.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string>

#include "core/unicode_text.hpp"

namespace menshen::accounts {
namespace {

constexpr std::array<std::string_view, 5> kFieldNames{"nickname", "avatar", "introduction", "gender", "birthdate"};
constexpr std::array<std::string_view, 3> kEmailNames{"email", "email_address", "email_verified"};
// Fields of an account that only an administrator changes (through /admin/users): authz.forbidden on PATCH /me.
constexpr std::array<std::string_view, 9> kAdminFieldNames{
    "id",         "username", "role", "status", "locked_until", "account_expires_at", "password_expires_at",
    "created_at", "password"};
constexpr std::array<std::string_view, 5> kPhoneNames{"phone", "phone_number", "mobile", "cellphone",
                                                      "phone_number_verified"};
constexpr std::array<std::string_view, 4> kGenders{"male", "female", "other", "unknown"};

std::unexpected<Error> Invalid(std::string_view field, std::string_view why) {
  return Fail(ErrorId::kCommonInvalidParameter, std::string(field) + ": " + std::string(why));
}

bool Contains(std::span<const std::string_view> list, std::string_view name) {
  return std::ranges::find(list, name) != list.end();
}

// Joiners and variation selectors are invisible yet needed by emoji sequences and several scripts.
bool IsNeededJoiner(char32_t c) {
  return c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

// Problems shared by display texts; `allow_breaks` lets line breaks and tabs through.
std::string_view TextProblem(const std::u32string& points, bool allow_breaks) {
  for (char32_t c : points) {
    bool is_break = c == U'\n' || c == U'\r' || c == U'\t';
    if ((IsControl(c) && !(allow_breaks && is_break)) || ((c == 0x2028 || c == 0x2029) && !allow_breaks)) {
      return "control characters are not allowed";
    }
    if (IsBidiControl(c)) return "bidirectional control characters are not allowed";
    if ((IsDefaultIgnorable(c) || IsFormat(c)) && !IsNeededJoiner(c)) return "invisible characters are not allowed";
  }
  return {};
}

bool IsHostLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::ranges::all_of(label, [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

bool IsHost(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return std::ranges::all_of(host.substr(1, host.size() - 2),
                               [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
  }
  while (true) {
    auto dot = host.find('.');
    if (!IsHostLabel(host.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    host.remove_prefix(dot + 1);
  }
}

bool IsAuthority(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos) return false;  // credentials have no place in an avatar
  auto close = authority.rfind(']');
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close)) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::ranges::all_of(port, [](unsigned char c) { return std::isdigit(c); })) {
      return false;
    }
    authority = authority.substr(0, colon);
  }
  return IsHost(authority);
}

bool IsHttpUrl(std::string_view url) {
  if (!std::ranges::all_of(url, [](unsigned char c) { return c > 0x20 && c < 0x7F; })) return false;
  std::string lower(url.substr(0, 8));
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t scheme = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (scheme == 0) return false;
  std::string_view rest = url.substr(scheme);
  return IsAuthority(rest.substr(0, rest.find_first_of("/?#")));
}

int Number(std::string_view digits) {
  int value = -1;
  if (!std::ranges::all_of(digits, [](unsigned char c) { return std::isdigit(c); })) return -1;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

std::span<const std::string_view> ProfileFieldNames() { return kFieldNames; }

Status CheckNickname(std::string_view nickname) {
  auto points = DecodeUtf8(nickname);
  if (!points) return Invalid("nickname", "not valid UTF-8");
  if (points->empty() || std::ranges::all_of(*points, IsWhitespace)) return Invalid("nickname", "must not be empty");
  if (points->size() > static_cast<std::size_t>(kNicknameMaxLength)) {
    return Invalid("nickname", "at most 32 characters");
  }
  if (auto problem = TextProblem(*points, false); !problem.empty()) return Invalid("nickname", problem);
  return {};
}

Status CheckAvatarUrl(std::string_view url) {
  if (url.size() > kAvatarUrlMaxBytes) return Fail(ErrorId::kProfileAvatarUrlTooLong, "at most 255 characters");
  if (url.empty()) return {};
  if (!IsHttpUrl(url)) return Invalid("avatar", "must be an absolute http or https URL");
  return {};
}

Status CheckIntroduction(std::string_view introduction) {
  auto points = DecodeUtf8(introduction);
  if (!points) return Invalid("introduction", "not valid UTF-8");
  if (points->size() > static_cast<std::size_t>(kIntroductionMaxLength)) {
    return Fail(ErrorId::kProfileBioTooLong, "at most 200 characters");
  }
  if (auto problem = TextProblem(*points, true); !problem.empty()) return Invalid("introduction", problem);
  return {};
}

Status CheckGender(std::string_view gender) {
  if (!Contains(kGenders, gender)) return Invalid("gender", "must be male, female, other or unknown");
  return {};
}

Status CheckBirthdate(std::string_view birthdate) {
  if (birthdate.size() != 10 || birthdate[4] != '-' || birthdate[7] != '-') {
    return Invalid("birthdate", "must be YYYY-MM-DD");
  }
  int year = Number(birthdate.substr(0, 4));
  int month = Number(birthdate.substr(5, 2));
  int day = Number(birthdate.substr(8, 2));
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) return Invalid("birthdate", "not a calendar date");
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return Invalid("birthdate", "not a calendar date");
  return {};
}

Status CheckProfileUpdate(std::span<const FieldUpdate> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string_view name = fields[i].name;
    if (Contains(kEmailNames, name)) return Fail(ErrorId::kProfileEmailChangeViaDedicatedApi, std::string(name));
    if (Contains(kPhoneNames, name)) return Fail(ErrorId::kProfilePhoneChangeViaDedicatedApi, std::string(name));
    if (Contains(kAdminFieldNames, name)) {
      return Fail(ErrorId::kAuthzForbidden, std::string(name) + " can only be changed by an administrator");
    }
    if (!Contains(kFieldNames, name)) return Fail(ErrorId::kProfileFieldInvalid, std::string(name));
    for (std::size_t j = 0; j < i; ++j) {
      if (fields[j].name == name) return Invalid(name, "given more than once");
    }
  }
  for (const FieldUpdate& field : fields) {
    std::string_view value = field.value;
    Status checked = field.name == "nickname"       ? CheckNickname(value)
                     : field.name == "avatar"       ? CheckAvatarUrl(value)
                     : field.name == "introduction" ? CheckIntroduction(value)
                     : field.name == "gender"       ? CheckGender(value)
                                                    : CheckBirthdate(value);
    if (!checked) return checked;
  }
  return {};
}

}  // namespace menshen::accounts
