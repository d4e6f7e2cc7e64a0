#include "core/error.hpp"

#include <array>
#include <utility>

namespace menshen {
namespace {

struct Entry {
  ErrorId id;
  std::string_view dotted;
};

constexpr std::array kEntries = {
#define MENSHEN_ERROR(name, dotted) Entry{ErrorId::name, dotted},
#include "core/error_ids.def"
#undef MENSHEN_ERROR
};

constexpr std::array kIds = [] {
  std::array<ErrorId, kEntries.size()> ids{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) ids[i] = kEntries[i].id;
  return ids;
}();

}  // namespace

std::string_view ToString(ErrorId id) {
  const auto index = static_cast<std::size_t>(std::to_underlying(id));
  return index < kEntries.size() ? kEntries[index].dotted : std::string_view{"common.internal_error"};
}

std::optional<ErrorId> ParseErrorId(std::string_view dotted) {
  for (const auto& entry : kEntries) {
    if (entry.dotted == dotted) return entry.id;
  }
  return std::nullopt;
}

std::span<const ErrorId> AllErrorIds() { return kIds; }

}  // namespace menshen
