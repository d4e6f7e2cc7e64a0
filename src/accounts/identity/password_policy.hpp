// What a new password must be: long enough, not absurdly long, and not easy to guess (zxcvbn).
#pragma once

#include <span>
#include <string_view>

#include "core/error.hpp"

namespace menshen::accounts {

struct PasswordPolicy {
  int min_length = 8;  // code points
  int max_length = 128;
  int min_zxcvbn_score = 2;  // 0..4, see EstimatePasswordScore
};

// zxcvbn's 0..4 score. libzxcvbn answers entropy in bits, i.e. log2 of the guesses an attacker needs; the
// score uses zxcvbn's own guess thresholds: < 10^3 -> 0, < 10^6 -> 1, < 10^8 -> 2, < 10^10 -> 3, else 4.
// `user_inputs` (username, e-mail, name...) count as the first words an attacker tries.
int EstimatePasswordScore(std::string_view password, std::span<const std::string_view> user_inputs = {});

// Cheap checks come first, so that an oversized password costs nothing: empty -> password.required;
// more than 4 bytes per allowed code point, too few or too many code points, not UTF-8, NUL, containing one
// of `user_inputs` (3 code points or longer, case-insensitive; for an e-mail its local part too), or a
// score below the policy -> password.policy_violation with a public detail saying what to fix.
Status CheckPassword(std::string_view password, const PasswordPolicy& policy,
                     std::span<const std::string_view> user_inputs = {});

}  // namespace menshen::accounts
