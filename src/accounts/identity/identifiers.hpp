// The three ways an account is named (username, e-mail, phone) and the one rule that tells them apart in a
// login's "account" field. Each parser returns a key that is compared for uniqueness and a form to show.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::accounts {

struct UsernamePolicy {
  int min_length = 3;  // code points, after normalisation
  int max_length = 64;
};

// `key` is unique per account and what lookups compare; `display` is what the user typed, tidied.
struct Identifier {
  std::string key;
  std::string display;
};

// Username: NFKC + case fold as key, NFC with case kept as display. Letters and digits of any script plus
// `_`, `-`, `.`; starts with a letter or digit; never all digits and never with `@`, so that it cannot be
// taken for a phone number or an e-mail. Fails with identity.username_invalid naming the rule broken.
Result<Identifier> ParseUsername(std::string_view raw, const UsernamePolicy& policy = {});
Result<std::string> NormalizeUsername(std::string_view raw, const UsernamePolicy& policy = {});

// E-mail address in dot-atom form with an ASCII domain (IDNs in their xn-- form). Key: all lower case;
// display: local part as given, domain lower case. Fails with identity.email_invalid.
Result<Identifier> ParseEmail(std::string_view raw);
Result<std::string> NormalizeEmail(std::string_view raw);

// A valid phone number in E.164 ("+8613800138000"); a number without `+` is read in `default_region`
// (ISO 3166 alpha-2). Fails with common.invalid_parameter, detail "phone".
Result<std::string> NormalizePhone(std::string_view raw, std::string_view default_region = "CN");

enum class AccountKind { kUsername, kEmail, kPhone };

struct ClassifiedAccount {
  AccountKind kind;
  std::string normalized;  // the key to look the account up by
};

// Reads a login's "account" field: with `@` an e-mail; starting with `+`, or all ASCII digits and at least
// 7 long, a phone; anything else a username. An e-mail or phone that does not parse fails with
// identity.phone_or_email_invalid; a bad username with identity.username_invalid.
Result<ClassifiedAccount> ClassifyAccount(std::string_view account, std::string_view default_region = "CN",
                                          const UsernamePolicy& policy = {});

}  // namespace menshen::accounts
