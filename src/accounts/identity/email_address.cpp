// E-mail rules of identifiers.hpp: RFC 5321 sizes, RFC 5322 dot-atom local part, RFC 1123 host names.
#include <algorithm>
#include <cctype>
#include <cstddef>

#include "accounts/identity/identifiers.hpp"

namespace menshen::accounts {
namespace {

constexpr std::size_t kMaxAddress = 254;  // RFC 5321 path limit minus the angle brackets
constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxDomain = 253;
constexpr std::size_t kMaxLabel = 63;

std::unexpected<Error> Invalid(std::string detail) { return Fail(ErrorId::kIdentityEmailInvalid, std::move(detail)); }

bool IsAtext(unsigned char c) {
  constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return std::isalnum(c) || kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsDotAtom(std::string_view local) {
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  return std::ranges::all_of(local, [](unsigned char c) { return c == '.' || IsAtext(c); });
}

bool IsLdhLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-') return false;
  return std::ranges::all_of(label, [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

// Top-level domains are letters; an internationalised one appears in its ASCII (xn--) form.
bool IsTopLevel(std::string_view label) {
  if (label.starts_with("xn--")) return label.size() > 4;
  return label.size() >= 2 && std::ranges::all_of(label, [](unsigned char c) { return std::isalpha(c); });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string DomainProblem(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomain) return "the domain must be 1 to 253 characters";
  if (domain.find('.') == std::string_view::npos) return "the domain needs a dot";
  std::string_view rest = domain;
  std::string_view label;
  while (true) {
    auto dot = rest.find('.');
    label = rest.substr(0, dot);
    if (!IsLdhLabel(label)) return "the domain is not a valid host name";
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (!IsTopLevel(label)) return "the top-level domain must be letters";
  return {};
}

}  // namespace

Result<Identifier> ParseEmail(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return Invalid("e-mail address is required");
  if (text.size() > kMaxAddress) return Invalid("at most 254 characters");
  if (std::ranges::any_of(text, [](unsigned char c) { return c >= 0x80; })) {
    return Invalid("only ASCII addresses are accepted; write an international domain in its xn-- form");
  }
  auto at = text.find('@');
  if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return Invalid("must contain exactly one @");
  }
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (local.empty() || local.size() > kMaxLocal) return Invalid("the part before @ must be 1 to 64 characters");
  if (!IsDotAtom(local)) return Invalid("the part before @ holds a character or dot that is not allowed");
  if (auto problem = DomainProblem(domain); !problem.empty()) return Invalid(std::move(problem));

  std::string lower_domain = Lower(domain);
  std::string display = std::string(local) + "@" + lower_domain;
  return Identifier{Lower(local) + "@" + lower_domain, std::move(display)};
}

Result<std::string> NormalizeEmail(std::string_view raw) {
  auto parsed = ParseEmail(raw);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return std::move(parsed->key);
}

}  // namespace menshen::accounts
