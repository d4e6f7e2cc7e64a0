// Prints a profile as a table in its source's own layout (Markdown or RST) or as JSON.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace menshen::catalog {

// The cells of one row in the profile's column order.
std::vector<std::string> RowCells(const Catalog& catalog, const Profile& profile, const ProfileRow& row);

std::string ExportMarkdown(const Catalog& catalog, const Profile& profile);
std::string ExportRst(const Catalog& catalog, const Profile& profile);
std::string ExportJson(const Catalog& catalog, const Profile& profile);

}  // namespace menshen::catalog
