#include "accounts/identity/identifiers.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstddef>

#include "core/unicode_text.hpp"

namespace menshen::accounts {
namespace {

// Compatibility forms can expand (one Arabic ligature becomes 18 code points) and NFD input shrinks, so
// raw bytes only bound the work: past this many per allowed code point no username can pass.
constexpr std::size_t kMaxRawBytesPerCodePoint = 16;

std::unexpected<Error> Invalid(std::string detail) {
  return Fail(ErrorId::kIdentityUsernameInvalid, std::move(detail));
}

// Characters that hide, reorder or break text: refused before and after normalisation.
std::string HiddenProblem(const std::u32string& points) {
  for (char32_t c : points) {
    if (c == 0 || IsControl(c)) return "control characters are not allowed";
    if (IsWhitespace(c)) return "spaces are not allowed";
    if (IsBidiControl(c)) return "bidirectional control characters are not allowed";
    if (IsDefaultIgnorable(c) || IsFormat(c)) return "invisible characters are not allowed";
    if (IsUnassignedOrPrivate(c)) return "unassigned or private-use characters are not allowed";
  }
  return {};
}

// Latin, Greek and Cyrillic share letters that look identical ("а" U+0430 and "a"), so a name mixing them
// is how "pаypal" impersonates "paypal". Other scripts mix freely with Latin ("李小龙_bob").
enum class LookalikeScript { kNone, kLatin, kGreek, kCyrillic };

LookalikeScript LookalikeScriptOf(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
      (c >= 0x1E00 && c <= 0x1EFF)) {
    return LookalikeScript::kLatin;
  }
  if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF)) return LookalikeScript::kGreek;
  if ((c >= 0x400 && c <= 0x52F) || (c >= 0x1C80 && c <= 0x1C8F) || (c >= 0x2DE0 && c <= 0x2DFF) ||
      (c >= 0xA640 && c <= 0xA69F)) {
    return LookalikeScript::kCyrillic;
  }
  return LookalikeScript::kNone;
}

bool MixesLookalikeScripts(const std::u32string& points) {
  auto seen = LookalikeScript::kNone;
  for (char32_t c : points) {
    const auto script = LookalikeScriptOf(c);
    if (script == LookalikeScript::kNone) continue;
    if (seen != LookalikeScript::kNone && script != seen) return true;
    seen = script;
  }
  return false;
}

bool IsPunctuationAllowed(char32_t c) { return c == U'_' || c == U'-' || c == U'.'; }

std::string_view TrimAscii(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

Result<Identifier> ParseUsername(std::string_view raw, const UsernamePolicy& policy) {
  if (raw.empty()) return Invalid("username is required");
  if (raw.size() > kMaxRawBytesPerCodePoint * static_cast<std::size_t>(policy.max_length)) {
    return Invalid(fmt::format("at most {} characters", policy.max_length));
  }
  auto raw_points = DecodeUtf8(raw);
  if (!raw_points) return Invalid("not valid UTF-8");
  if (auto problem = HiddenProblem(*raw_points); !problem.empty()) return Invalid(std::move(problem));

  auto key = FoldCompatible(raw);
  auto display = ComposeCanonical(raw);
  std::optional<std::u32string> points;
  if (key) points = DecodeUtf8(*key);
  if (!points || !display) return Invalid("not valid UTF-8");
  if (auto problem = HiddenProblem(*points); !problem.empty()) return Invalid(std::move(problem));

  auto length = static_cast<int>(points->size());
  if (length < policy.min_length) return Invalid(fmt::format("at least {} characters", policy.min_length));
  if (length > policy.max_length) return Invalid(fmt::format("at most {} characters", policy.max_length));
  if (points->find(U'@') != std::u32string::npos) return Invalid("must not contain @ (that is an e-mail address)");
  for (char32_t c : *points) {
    if (!IsLetter(c) && !IsDecimalDigit(c) && !IsCombiningMark(c) && !IsPunctuationAllowed(c)) {
      return Invalid("only letters, digits, _, - and . are allowed");
    }
  }
  if (MixesLookalikeScripts(*points)) return Invalid("must not mix Latin, Greek and Cyrillic letters");
  if (!IsLetter(points->front()) && !IsDecimalDigit(points->front())) {
    return Invalid("must start with a letter or digit");
  }
  if (std::ranges::all_of(*points, IsDecimalDigit)) {
    return Invalid("must not be only digits (that reads as a phone number)");
  }
  return Identifier{std::move(*key), std::move(*display)};
}

Result<std::string> NormalizeUsername(std::string_view raw, const UsernamePolicy& policy) {
  auto parsed = ParseUsername(raw, policy);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return std::move(parsed->key);
}

Result<ClassifiedAccount> ClassifyAccount(std::string_view account, std::string_view default_region,
                                          const UsernamePolicy& policy) {
  // Login forms often carry a stray space around a pasted identifier; inner spaces still fail.
  std::string_view text = TrimAscii(account);
  if (text.find('@') != std::string_view::npos) {
    auto email = NormalizeEmail(text);
    if (!email) return Fail(ErrorId::kIdentityPhoneOrEmailInvalid, email.error().public_detail);
    return ClassifiedAccount{AccountKind::kEmail, std::move(*email)};
  }
  bool digits = std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
  if (text.starts_with('+') || (digits && text.size() >= 7)) {
    auto phone = NormalizePhone(text, default_region);
    if (!phone)
      return Fail(ErrorId::kIdentityPhoneOrEmailInvalid, "not a valid phone number", phone.error().internal_detail);
    return ClassifiedAccount{AccountKind::kPhone, std::move(*phone)};
  }
  auto username = NormalizeUsername(text, policy);
  if (!username) return std::unexpected(std::move(username.error()));
  return ClassifiedAccount{AccountKind::kUsername, std::move(*username)};
}

}  // namespace menshen::accounts
