// The cursor pages of every administrator's list (users, applications, the audit log): a position in a
// list ordered by (time, id), opaque to clients, and the page size they may ask for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::audit {

// A position in a list ordered by (time, id): the last row of the page before.
struct PageCursor {
  std::int64_t time = 0;
  std::string id;
};

// Opaque to clients: base64url of "<time>.<id>".
std::string EncodeCursor(const PageCursor& cursor);
// common.invalid_parameter (detail "cursor") for anything EncodeCursor did not make.
Result<PageCursor> DecodeCursor(std::string_view text);

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// The `limit` query parameter: absent -> 20; 1..100 or common.invalid_parameter.
Result<int> ParsePageLimit(std::optional<std::string_view> limit);

}  // namespace menshen::audit
