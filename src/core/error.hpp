// Errors are values: a domain call returns Result<T>; an Error names a catalog entry.
// Numbers, HTTP statuses and messages are looked up only when a response is rendered.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace menshen {

enum class ErrorId : unsigned short {
#define MENSHEN_ERROR(name, dotted) name,
#include "core/error_ids.def"
#undef MENSHEN_ERROR
};

// The dotted id of an error ("auth.password_wrong"), stable across releases.
std::string_view ToString(ErrorId id);
// Parses a dotted id; nullopt when unknown.
std::optional<ErrorId> ParseErrorId(std::string_view dotted);
// Every id in declaration order (for catalog completeness checks and exports).
std::span<const ErrorId> AllErrorIds();

struct Error {
  ErrorId id;
  // Said to the client beside the catalog message (e.g. which field failed). Never a secret.
  std::string public_detail;
  // Logged only, never sent: what went wrong inside.
  std::string internal_detail;
};

// std::expected in every respect, and [[nodiscard]] (g++ 12's std::expected is not): a result dropped is a
// failure dropped. To drop one on purpose, cast it to void with the reason beside it.
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  using std::expected<T, Error>::operator=;
};
using Status = Result<void>;

inline std::unexpected<Error> Fail(ErrorId id, std::string public_detail = {}, std::string internal_detail = {}) {
  return std::unexpected<Error>(Error{id, std::move(public_detail), std::move(internal_detail)});
}

}  // namespace menshen
