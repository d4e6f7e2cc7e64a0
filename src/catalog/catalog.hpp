// Renders an error id as the active profile's code, HTTP status and message. Loaded once at start-up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/locale.hpp"
#include "catalog/profile.hpp"
#include "core/error.hpp"

namespace menshen::catalog {

struct Rendered {
  std::int64_t code;
  int http_status;
  std::string_view message;
};

// What a response says of an error, from one look-up: the active profile's code, status and message, and the
// canonical entry (its own status, OAuth code and English message).
struct Described {
  Rendered rendered;
  const CanonicalEntry& entry;
};

// A catalog or profile file is wrong; what() is "file:line: problem".
class CatalogError : public std::runtime_error {
 public:
  CatalogError(std::string file, std::size_t line, const std::string& problem);
  const std::string& File() const { return file_; }
  std::size_t Line() const { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

class Catalog {
 public:
  // Embedded errors.toml and profiles, plus every *.toml in extra_profile_dir (a file named like a built-in
  // profile overrides it). Every profile is validated; `profile` is selected. Throws CatalogError.
  static Catalog Load(std::string_view profile, const std::filesystem::path& extra_profile_dir = {});

  // Cheap: an index into tables built at load time.
  Rendered Render(ErrorId id, Locale locale) const;
  Rendered Success(Locale locale) const;
  Described Describe(ErrorId id, Locale locale) const;

  std::string_view ProfileName() const;
  std::vector<std::string> ProfileNames() const;

  const Profile& ActiveProfile() const;
  // True when no row of the active profile answers `id`, not through its parents nor a [nearest] entry, so
  // that it answers the profile's generic fallback code.
  bool FallsBack(ErrorId id) const;
  const CanonicalEntry& Entry(ErrorId id) const;

 private:
  struct Data;
  static void BuildTables(Data& data);
  explicit Catalog(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

// CLI bodies for `menshen catalog export|check`; they return process exit codes.
int ExportCommand(std::string_view profile, std::string_view format, const std::filesystem::path& extra_profile_dir,
                  std::ostream& out, std::ostream& err);
int CheckCommand(const std::filesystem::path& file, std::ostream& out);

}  // namespace menshen::catalog
