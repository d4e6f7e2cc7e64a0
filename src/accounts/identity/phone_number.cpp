// Phone rules of identifiers.hpp, read by libphonenumber (Google's metadata of every numbering plan).
#include <fmt/core.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstddef>

#include "accounts/identity/identifiers.hpp"

namespace menshen::accounts {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// E.164 allows 15 digits; this leaves room for separators and a 00 prefix, not for an essay.
constexpr std::size_t kMaxPhoneInput = 32;

std::unexpected<Error> Invalid(std::string internal) {
  return Fail(ErrorId::kCommonInvalidParameter, "phone", std::move(internal));
}

// Digits and the usual separators only: libphonenumber would also read letters ("1-800-FLOWERS") and
// extensions, neither of which names an account.
bool HasPhoneCharacters(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  return std::ranges::all_of(
      text, [](char c) { return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.'; });
}

}  // namespace

Result<std::string> NormalizePhone(std::string_view raw, std::string_view default_region) {
  auto first = raw.find_first_not_of(' ');
  std::string_view text =
      first == std::string_view::npos ? "" : raw.substr(first, raw.find_last_not_of(' ') - first + 1);
  if (text.empty()) return Invalid("empty");
  if (text.size() > kMaxPhoneInput) return Invalid("too long");
  if (!HasPhoneCharacters(text)) return Invalid("characters other than digits and separators");

  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  auto parsed = util.Parse(std::string(text), std::string(default_region), &number);
  if (parsed != PhoneNumberUtil::NO_PARSING_ERROR)
    return Invalid(fmt::format("parse error {}", static_cast<int>(parsed)));
  if (!util.IsValidNumber(number))
    return Invalid(fmt::format("not a valid number (default region {})", default_region));
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace menshen::accounts
