// `menshen catalog check FILE`: lint for error tables written like the published ones.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog/catalog.hpp"
#include "catalog/table_parser.hpp"

namespace menshen::catalog {
namespace {

bool IsNumber(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string Describe(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 1; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    out += (out.empty() ? "" : " / ") + cells[i];
  }
  return out;
}

}  // namespace

int CheckCommand(const std::filesystem::path& file, std::ostream& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out << file.string() << ": cannot read the file\n";
    return 2;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const ParsedTables parsed = ParseTables(buffer.str());
  const std::string name = file.string();
  if (!parsed.error.empty()) {
    out << name << ": " << parsed.error << "\n";
    return 2;
  }
  std::size_t problems = 0;
  const auto report = [&](std::size_t line, const std::string& problem) {
    out << name << ":" << line << ": " << problem << "\n";
    ++problems;
  };
  if (parsed.tables.empty()) report(1, "no Markdown or RST table found");
  for (const auto& issue : parsed.issues) report(issue.line, issue.problem);

  std::map<std::string, std::size_t> first_line_of_number;
  std::map<std::vector<std::string>, std::pair<std::string, std::size_t>> first_of_text;
  for (const auto& table : parsed.tables) {
    for (const auto& row : table.rows) {
      const auto& cells = row.cells;
      if (cells.size() != table.header.size()) {
        report(row.line, "cannot parse row: " + std::to_string(cells.size()) + " cells, the header has " +
                             std::to_string(table.header.size()));
        continue;
      }
      const std::string& code = cells.front();
      const bool no_text = std::all_of(cells.begin() + 1, cells.end(), [](const auto& c) { return c.empty(); });
      if (code.empty() && no_text) {
        report(row.line, "blank row");
        continue;
      }
      if (!IsNumber(code)) {
        report(row.line, "cannot parse row: code \"" + code + "\" is not a number");
        continue;
      }
      if (no_text) report(row.line, "blank row: number " + code + " has no text");
      const auto [number, fresh] = first_line_of_number.emplace(code, row.line);
      if (!fresh)
        report(row.line, "duplicate number " + code + " (first at line " + std::to_string(number->second) + ")");
      if (no_text) continue;
      const std::vector<std::string> text(cells.begin() + 1, cells.end());
      const auto [same, unique] = first_of_text.emplace(text, std::make_pair(code, row.line));
      if (!unique && same->second.first != code) {
        report(row.line, "numbers " + same->second.first + " (line " + std::to_string(same->second.second) + ") and " +
                             code + " have identical text: " + Describe(cells));
      }
    }
  }
  if (problems == 0) out << name << ": ok\n";
  return problems == 0 ? 0 : 1;
}

}  // namespace menshen::catalog
