#include "catalog/export.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/table_parser.hpp"

namespace menshen::catalog {
namespace {

std::string Escape(std::string_view cell, std::string_view specials) {
  std::string out;
  for (const char c : cell) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (specials.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string Join(const std::vector<ErrorId>& ids) {
  std::string out;
  for (const ErrorId id : ids) out += (out.empty() ? "" : ",") + std::string(ToString(id));
  return out;
}

// Rows grouped by section; a profile without sections has one.
std::vector<std::vector<const ProfileRow*>> Sections(const Profile& profile) {
  std::vector<std::vector<const ProfileRow*>> groups(std::max<std::size_t>(1, profile.sections.size()));
  for (const auto& row : profile.rows) groups[std::min(row.section, groups.size() - 1)].push_back(&row);
  return groups;
}

std::string Pad(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t have = DisplayWidth(text);
  if (have < width) out.append(width - have, ' ');
  return out;
}

std::string RstTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size(), 1);
  const auto widen = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? " " : "") + Pad(cells[i], widths[i]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() == '\\') out += ' ';  // keep `\ ` whole
    return out + "\n";
  };
  std::string border;
  for (std::size_t i = 0; i < widths.size(); ++i) border += (i ? " " : "") + std::string(widths[i], '=');
  border += "\n";
  std::string out = border + line(header) + border;
  for (const auto& row : rows) out += line(row);
  return out + border;
}

std::string RstHeading(std::string_view text, char underline) {
  return std::string(text) + "\n" + std::string(std::max<std::size_t>(3, DisplayWidth(text)), underline) + "\n\n";
}

}  // namespace

std::vector<std::string> RowCells(const Catalog& catalog, const Profile& profile, const ProfileRow& row) {
  std::vector<std::string> cells;
  for (const Column role : profile.roles) {
    switch (role) {
      case Column::kCode:
        cells.push_back(row.code ? std::to_string(*row.code) : "");
        break;
      case Column::kText:
        cells.push_back(row.text);
        break;
      case Column::kSymbol:
        cells.push_back(row.symbol);
        break;
      case Column::kEn:
        cells.push_back(row.en);
        break;
      case Column::kHint:
        cells.push_back(row.hint);
        break;
      case Column::kId:
        cells.push_back(Join(row.ids));
        break;
      case Column::kStatus:
        cells.push_back(row.ids.empty() ? "" : std::to_string(catalog.Entry(row.ids.front()).status));
        break;
    }
  }
  return cells;
}

std::string ExportMarkdown(const Catalog& catalog, const Profile& profile) {
  std::string out = "# " + profile.title + "\n\n";
  if (!profile.intro.empty()) out += profile.intro + "\n\n";
  const auto groups = Sections(profile);
  for (std::size_t s = 0; s < groups.size(); ++s) {
    if (!profile.sections.empty()) out += "## " + profile.sections[s] + "\n\n";
    std::string header = "|";
    std::string rule = "|";
    for (const auto& column : profile.columns) {
      header += " " + Escape(column, "\\|") + " |";
      rule += " --- |";
    }
    out += header + "\n" + rule + "\n";
    for (const ProfileRow* row : groups[s]) {
      out += "|";
      for (const auto& cell : RowCells(catalog, profile, *row)) out += " " + Escape(cell, "\\|") + " |";
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

std::string ExportRst(const Catalog& catalog, const Profile& profile) {
  std::string out = RstHeading(profile.title, '=');
  if (!profile.intro.empty()) out += profile.intro + "\n\n";
  const auto groups = Sections(profile);
  for (std::size_t s = 0; s < groups.size(); ++s) {
    if (!profile.sections.empty()) out += RstHeading(profile.sections[s], '-');
    std::vector<std::vector<std::string>> rows;
    for (const ProfileRow* row : groups[s]) {
      auto cells = RowCells(catalog, profile, *row);
      for (auto& cell : cells) cell = Escape(cell, "\\");
      // An empty first cell would make the row a continuation of the one above; `\ ` is RST's empty text.
      if (cells.front().empty()) cells.front() = "\\ ";
      rows.push_back(std::move(cells));
    }
    out += RstTable(profile.columns, rows) + "\n";
  }
  return out;
}

std::string ExportJson(const Catalog& catalog, const Profile& profile) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  const bool with_status = std::count(profile.roles.begin(), profile.roles.end(), Column::kStatus) > 0;
  for (const auto& row : profile.rows) {
    nlohmann::ordered_json item;
    item["code"] = row.code ? nlohmann::ordered_json(*row.code) : nlohmann::ordered_json(nullptr);
    if (!profile.sections.empty())
      item["section"] = profile.sections[std::min(row.section, profile.sections.size() - 1)];
    item["text"] = row.text;
    item["symbol"] = row.symbol;
    item["en"] = row.en;
    item["hint"] = row.hint;
    item["ids"] = nlohmann::ordered_json::array();
    for (const ErrorId id : row.ids) item["ids"].push_back(ToString(id));
    if (with_status && !row.ids.empty()) item["status"] = catalog.Entry(row.ids.front()).status;
    rows.push_back(std::move(item));
  }
  nlohmann::ordered_json doc;
  doc["profile"] = profile.name;
  doc["rows"] = std::move(rows);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int ExportCommand(std::string_view profile, std::string_view format, const std::filesystem::path& extra_profile_dir,
                  std::ostream& out, std::ostream& err) {
  if (format != "md" && format != "rst" && format != "json") {
    err << "unknown format \"" << format << "\" (md, rst or json)\n";
    return 2;
  }
  try {
    const Catalog catalog = Catalog::Load(profile, extra_profile_dir);
    const Profile& active = catalog.ActiveProfile();
    out << (format == "md"    ? ExportMarkdown(catalog, active)
            : format == "rst" ? ExportRst(catalog, active)
                              : ExportJson(catalog, active));
    return 0;
  } catch (const CatalogError& e) {
    err << e.what() << "\n";
    return 2;
  }
}

}  // namespace menshen::catalog
