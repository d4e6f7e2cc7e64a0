// Everything a sign-up, sign-in or admin search reads from a client before any database is touched:
// identifiers (username, e-mail, phone, the login "account"), profile fields, search queries, list cursors
// and page limits. None may crash, hang or accept what it then cannot round-trip.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "accounts/admin/user_search.hpp"
#include "accounts/identity/identifiers.hpp"
#include "accounts/identity/profile_fields.hpp"
#include "audit/page_cursor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace menshen::accounts;
  using namespace menshen::audit;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte picks a search type, the rest is the text.
  const std::string_view text = input.empty() ? input : input.substr(1);
  if (auto name = ParseUsername(text)) {
    // A normalized key is a fixed point: normalizing it again changes nothing.
    auto again = NormalizeUsername(name->key);
    if (again && *again != name->key) __builtin_trap();
  }
  (void)NormalizeEmail(text);
  (void)NormalizePhone(text);
  (void)ClassifyAccount(text);
  (void)CheckNickname(text);
  (void)CheckAvatarUrl(text);
  (void)CheckIntroduction(text);
  (void)CheckBirthdate(text);
  constexpr std::string_view kTypes[] = {"", "username", "email", "phone", "nickname", "age"};
  const auto type = input.empty() ? kTypes[0] : kTypes[static_cast<std::uint8_t>(input[0]) % 6];
  (void)ParseUserSearch(type, text);
  if (auto cursor = DecodeCursor(text)) {
    auto again = DecodeCursor(EncodeCursor(*cursor));
    if (!again || again->time != cursor->time || again->id != cursor->id) __builtin_trap();
  }
  (void)ParsePageLimit(text);
  return 0;
}
