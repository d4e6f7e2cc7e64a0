// Portable SQL writes `?` placeholders; PostgreSQL numbers them ($1, $2, ...).
#pragma once

#include <string>
#include <string_view>

namespace menshen::store::sql {

struct NumberedSql {
  std::string sql;
  int parameters = 0;
};

// Replaces each `?` with `$n`, counting from 1, except inside string literals ('...', E'...', $tag$...$tag$),
// quoted identifiers ("...") and comments (-- and /* */), where a question mark is text.
NumberedSql NumberPlaceholders(std::string_view sql);

}  // namespace menshen::store::sql
