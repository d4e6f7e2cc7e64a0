// Any bytes into the error-table importer: it must never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/table_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = menshen::catalog::ParseTables(text);
  std::size_t cells = 0;
  for (const auto& table : parsed.tables) {
    for (const auto& row : table.rows) cells += row.cells.size();
    cells += menshen::catalog::DisplayWidth(table.title);
  }
  [[maybe_unused]] static volatile std::size_t sink;  // keeps the work observable
  sink = cells;
  return 0;
}
