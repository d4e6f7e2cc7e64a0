// Reads catalog/errors.toml and profile files into checked values; every problem is a CatalogError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/profile.hpp"

namespace menshen::catalog {

// The canonical entries, indexed by ErrorId; every id in error_ids.def must have one.
std::vector<CanonicalEntry> LoadCanonical(std::string_view text, const std::string& file);

// A profile file; `name` is its file name without ".toml" and must match the `name` inside.
Profile LoadProfile(std::string_view text, const std::string& file, std::string_view name);

}  // namespace menshen::catalog
