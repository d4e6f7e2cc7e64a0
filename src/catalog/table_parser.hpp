// Reads the error tables of published references: Markdown pipe tables and reStructuredText simple tables.
// Depends on the standard library only, so that it builds alone for the fuzz target.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace menshen::catalog {

inline constexpr std::size_t kMaxTableInput = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxTableLine = 64 * 1024;

enum class TableSyntax { kMarkdown, kRst };

struct TableRow {
  std::size_t line = 0;  // 1-based source line
  std::vector<std::string> cells;
};

struct Table {
  TableSyntax syntax = TableSyntax::kMarkdown;
  std::string title;     // the nearest heading above the table, markup removed
  std::size_t line = 0;  // line of the header row
  std::vector<std::string> header;
  std::vector<TableRow> rows;
};

struct TableIssue {
  std::size_t line = 0;
  std::string problem;
};

struct ParsedTables {
  std::string error;  // non-empty when the input was refused as a whole (too large, line too long)
  std::vector<Table> tables;
  std::vector<TableIssue> issues;
};

// Cells come back trimmed and unescaped: Markdown `\(` -> `(`, `\|` -> `|`; RST `\ *X*\ ` (an underscore
// name mangled into emphasis) -> `_X_`, and `\ ` (an empty cell) -> nothing. Blank rows are kept.
ParsedTables ParseTables(std::string_view text);

// Columns a string takes in a fixed-width font: East Asian wide characters take two (as RST tables count).
std::size_t DisplayWidth(std::string_view utf8);

}  // namespace menshen::catalog
