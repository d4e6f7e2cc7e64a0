// The administrator's user search. Pure functions: the query is
// checked and normalised here, so the repository only ever sees a pattern it can bind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::accounts {

// kAny matches username or e-mail prefixes, phone digits and nicknames at once.
enum class SearchType { kAny, kUsername, kEmail, kPhone, kNickname };

struct UserSearch {
  SearchType type = SearchType::kAny;
  std::string text;  // normalised like the column it is compared with; empty: no filter
};

inline constexpr std::size_t kMaxSearchQueryLength = 64;  // code points

// `type`: username | email | phone | nickname (absent: any); else pool.user_search_type_invalid.
// `query`: up to 64 code points of visible UTF-8, of a shape that the type can match (an e-mail query is
// printable ASCII, a phone query digits with an optional leading +); else pool.user_search_invalid.
Result<UserSearch> ParseUserSearch(std::optional<std::string_view> type, std::optional<std::string_view> query);

// `text` with LIKE's wildcards (% _) and the escape character itself escaped with '\'.
std::string EscapeLike(std::string_view text);

}  // namespace menshen::accounts
