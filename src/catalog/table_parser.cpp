#include "catalog/table_parser.hpp"

#include <algorithm>

namespace menshen::catalog {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IsAsciiPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Decodes one UTF-8 sequence at s[i]; invalid bytes count as one character each so nothing is lost.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return b0;
  }
  char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::string UnescapeMarkdown(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && IsAsciiPunct(s[i + 1])) ++i;
    out += s[i];
  }
  return out;
}

// One pass, so that a long line of escapes stays linear.
std::string UnescapeRst(std::string_view raw) {
  std::string s;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string_view rest = raw.substr(i);
    if (rest.starts_with("\\ *") || rest.starts_with("*\\ ")) {
      s += '_';
      i += 2;
    } else if (rest.starts_with("\\ ")) {
      ++i;
    } else if (rest.size() >= 2 && rest[0] == '\\' && IsAsciiPunct(rest[1])) {
      s += rest[1];
      ++i;
    } else {
      s += rest[0];
    }
  }
  return std::string(Trim(s));
}

// Splits "| a | b \| c |" on unescaped pipes; the outer pipes are optional.
std::vector<std::string> SplitPipeRow(std::string_view line) {
  line = Trim(line);
  if (!line.empty() && line.front() == '|') line.remove_prefix(1);
  if (!line.empty() && line.back() == '|' && !(line.size() >= 2 && line[line.size() - 2] == '\\')) {
    line.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i + 1 < line.size() && line[i] == '\\') {
      ++i;
      continue;
    }
    if (i == line.size() || line[i] == '|') {
      cells.push_back(UnescapeMarkdown(Trim(line.substr(start, std::min(i, line.size()) - start))));
      start = i + 1;
    }
  }
  return cells;
}

bool IsDelimiterRow(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.front() != '|') return false;
  const auto cells = SplitPipeRow(line);
  for (const auto& cell : cells) {
    std::string compact;
    for (char c : cell) {
      if (c != ' ' && c != '\t') compact += c;
    }
    if (!compact.empty() && compact.front() == ':') compact.erase(0, 1);
    if (!compact.empty() && compact.back() == ':') compact.pop_back();
    if (compact.empty() || compact.find_first_not_of('-') != std::string::npos) return false;
  }
  return !cells.empty();
}

// Start columns of the `=` runs of an RST border; empty unless the line is a border of two columns or more.
std::vector<std::size_t> RstBorderColumns(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '=' && line[i] != ' ') return {};
    if (line[i] == '=' && (i == 0 || line[i - 1] == ' ')) starts.push_back(i);
  }
  return starts.size() >= 2 && starts.front() == 0 ? starts : std::vector<std::size_t>{};
}

bool IsUnderline(std::string_view line) {
  line = Trim(line);
  if (line.size() < 3) return false;
  const char c = line.front();
  if (std::string_view("=-~^\"'`#*+:._").find(c) == std::string_view::npos) return false;
  return line.find_first_not_of(c) == std::string_view::npos;
}

std::string HeadingText(std::string_view line) {
  line = Trim(line);
  while (!line.empty() && line.front() == '#') line.remove_prefix(1);
  line = Trim(line);
  while (line.size() >= 4 && line.starts_with("**") && line.ends_with("**"))
    line = Trim(line.substr(2, line.size() - 4));
  return std::string(line);
}

// Slices a line into the columns of an RST border by display column; the last column runs to the line's end.
std::vector<std::string> SliceRstRow(std::string_view line, const std::vector<std::size_t>& starts, bool& blank_first) {
  std::vector<std::string> raw(starts.size());
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size();) {
    const std::size_t begin = i;
    const char32_t cp = NextCodePoint(line, i);
    std::size_t j = 0;
    while (j + 1 < starts.size() && starts[j + 1] <= column) ++j;
    raw[j].append(line.substr(begin, i - begin));
    column += IsWide(cp) ? 2 : 1;
  }
  blank_first = Trim(raw[0]).empty();
  std::vector<std::string> cells;
  for (const auto& r : raw) cells.push_back(UnescapeRst(r));
  return cells;
}

class Parser {
 public:
  explicit Parser(std::vector<std::string_view> lines) : lines_(std::move(lines)) {}

  void Run(ParsedTables& out) {
    bool in_fence = false;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::string_view line = Trim(lines_[i]);
      if (line.starts_with("```")) in_fence = !in_fence;
      if (in_fence || line.starts_with("```")) continue;
      if (line.starts_with("#")) {
        title_ = HeadingText(line);
      } else if (line.starts_with("|") && i + 1 < lines_.size() && IsDelimiterRow(lines_[i + 1])) {
        i = ReadMarkdown(i, out) - 1;
      } else if (!RstBorderColumns(lines_[i]).empty()) {
        i = ReadRst(i, out) - 1;
      } else if (!line.empty() && i + 1 < lines_.size() && IsUnderline(lines_[i + 1]) && !IsUnderline(line)) {
        title_ = HeadingText(line);
        ++i;
      }
    }
  }

 private:
  std::size_t ReadMarkdown(std::size_t i, ParsedTables& out) {
    Table table{TableSyntax::kMarkdown, title_, i + 1, SplitPipeRow(lines_[i]), {}};
    for (i += 2; i < lines_.size() && Trim(lines_[i]).starts_with("|"); ++i) {
      table.rows.push_back(TableRow{i + 1, SplitPipeRow(lines_[i])});
    }
    out.tables.push_back(std::move(table));
    return i;
  }

  // Border, [header, border,] body, border. A body row with a blank first column continues the row above.
  std::size_t ReadRst(std::size_t i, ParsedTables& out) {
    const auto starts = RstBorderColumns(lines_[i]);
    Table table{TableSyntax::kRst, title_, 0, {}, {}};
    std::vector<std::size_t> borders{i};
    std::size_t k = i + 1;
    for (; k < lines_.size(); ++k) {
      if (!RstBorderColumns(lines_[k]).empty()) {
        borders.push_back(k);
        if (k + 1 >= lines_.size() || Trim(lines_[k + 1]).empty() || borders.size() == 3) break;
      }
    }
    if (k >= lines_.size()) out.issues.push_back(TableIssue{i + 1, "table has no closing border"});
    const bool has_header = borders.size() >= 3;
    for (std::size_t n = i + 1; n < std::min(k, lines_.size()); ++n) {
      if (std::find(borders.begin(), borders.end(), n) != borders.end() || Trim(lines_[n]).empty()) continue;
      bool blank_first = false;
      auto cells = SliceRstRow(lines_[n], starts, blank_first);
      if (has_header && n < borders[1]) {
        if (table.header.empty()) {
          table.header = std::move(cells);
          table.line = n + 1;
        }
      } else if (blank_first && !table.rows.empty()) {
        auto& previous = table.rows.back().cells;
        for (std::size_t c = 0; c < cells.size(); ++c) {
          if (!cells[c].empty()) previous[c] += (previous[c].empty() ? "" : " ") + cells[c];
        }
      } else {
        table.rows.push_back(TableRow{n + 1, std::move(cells)});
      }
    }
    if (table.line == 0) table.line = i + 1;
    out.tables.push_back(std::move(table));
    return std::min(k + 1, lines_.size());
  }

  std::vector<std::string_view> lines_;
  std::string title_;
};

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) width += IsWide(NextCodePoint(utf8, i)) ? 2 : 1;
  return width;
}

ParsedTables ParseTables(std::string_view text) {
  ParsedTables out;
  if (text.size() > kMaxTableInput) {
    out.error = "input larger than 4 MiB";
    return out;
  }
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (lines.back().size() > kMaxTableLine) {
      out.error = "line " + std::to_string(lines.size()) + " longer than 64 KiB";
      return out;
    }
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  Parser(std::move(lines)).Run(out);
  return out;
}

}  // namespace menshen::catalog
