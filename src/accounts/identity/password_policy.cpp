#include "accounts/identity/password_policy.hpp"

#include <fmt/core.h>
#include <zxcvbn.h>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/unicode_text.hpp"

namespace menshen::accounts {
namespace {

// log2 of zxcvbn's guess thresholds 10^3, 10^6, 10^8, 10^10.
constexpr std::array<double, 4> kScoreBits{9.966, 19.932, 26.575, 33.219};
// Shorter user inputs would forbid common syllables rather than the user's own name.
constexpr std::size_t kMinInputLength = 3;

std::unexpected<Error> Violation(std::string detail) {
  return Fail(ErrorId::kPasswordPolicyViolation, std::move(detail));
}

// The inputs an attacker tries first: each as given, and the local part of an e-mail address.
std::vector<std::string> ExpandInputs(std::span<const std::string_view> user_inputs) {
  std::vector<std::string> out;
  for (std::string_view input : user_inputs) {
    if (input.empty()) continue;
    out.emplace_back(input);
    if (auto at = input.find('@'); at != std::string_view::npos && at > 0) out.emplace_back(input.substr(0, at));
  }
  return out;
}

bool ContainsInput(std::string_view password, const std::vector<std::string>& inputs) {
  auto folded_password = FoldCompatible(password);
  if (!folded_password) return false;
  for (const std::string& input : inputs) {
    auto folded = FoldCompatible(input);
    auto points = folded ? DecodeUtf8(*folded) : std::nullopt;
    if (!points || points->size() < kMinInputLength) continue;
    if (folded_password->find(*folded) != std::string::npos) return true;
  }
  return false;
}

int ScoreOf(double bits) {
  int score = 0;
  for (double threshold : kScoreBits) {
    if (bits >= threshold) ++score;
  }
  return score;
}

double EntropyBits(const std::string& password, const std::vector<std::string>& inputs) {
  std::vector<const char*> dictionary;
  dictionary.reserve(inputs.size() + 1);
  for (const std::string& input : inputs) dictionary.push_back(input.c_str());
  dictionary.push_back(nullptr);
  return ZxcvbnMatch(password.c_str(), dictionary.data(), nullptr);
}

}  // namespace

int EstimatePasswordScore(std::string_view password, std::span<const std::string_view> user_inputs) {
  if (password.empty()) return 0;
  return ScoreOf(EntropyBits(std::string(password), ExpandInputs(user_inputs)));
}

Status CheckPassword(std::string_view password, const PasswordPolicy& policy,
                     std::span<const std::string_view> user_inputs) {
  if (password.empty()) return Fail(ErrorId::kPasswordRequired);
  std::string too_long = fmt::format("at most {} characters", policy.max_length);
  // No UTF-8 code point takes more than 4 bytes: refuse a huge body before decoding a byte of it.
  if (password.size() > 4 * static_cast<std::size_t>(policy.max_length)) return Violation(too_long);
  auto points = DecodeUtf8(password);
  if (!points) return Violation("must be valid UTF-8 text");
  if (points->find(U'\0') != std::u32string::npos) return Violation("must not contain NUL characters");
  if (points->size() < static_cast<std::size_t>(policy.min_length)) {
    return Violation(fmt::format("at least {} characters", policy.min_length));
  }
  if (points->size() > static_cast<std::size_t>(policy.max_length)) return Violation(too_long);

  std::vector<std::string> inputs = ExpandInputs(user_inputs);
  if (ContainsInput(password, inputs)) return Violation("must not contain your username or e-mail");
  if (ScoreOf(EntropyBits(std::string(password), inputs)) < policy.min_zxcvbn_score) {
    return Violation("too easy to guess: use a longer phrase or mix unrelated words");
  }
  return {};
}

}  // namespace menshen::accounts
