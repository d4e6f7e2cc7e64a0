// Shared by the catalog tests: where the published seed tables live, and temporary profile folders.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace menshen::catalog::testing {

inline std::filesystem::path SourceDir() {
  const char* source = std::getenv("MENSHEN_SOURCE_DIR");
  return std::filesystem::path(source ? source : ".");
}

// The repository's copy of the five published seed tables, so that the contract tests always run.
inline std::filesystem::path SeedsDir() { return SourceDir() / "tests" / "data" / "seeds"; }

// The published tables beside the source tree, where a checkout has them; nullopt elsewhere.
inline std::optional<std::filesystem::path> PublishedSeedsDir() {
  const std::filesystem::path dir = SourceDir() / ".." / "shared" / "seeds";
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

// The seed file whose name starts with `prefix` ("002_"), or an empty path.
inline std::filesystem::path SeedFile(const std::filesystem::path& dir, const std::string& prefix) {
  for (const auto& item : std::filesystem::directory_iterator(dir)) {
    if (item.path().filename().string().starts_with(prefix)) return item.path();
  }
  return {};
}

inline std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A fresh folder under the system temp dir, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& Path() const { return path_; }
  std::filesystem::path Write(const std::string& file, const std::string& text) const {
    std::ofstream(path_ / file, std::ios::binary) << text;
    return path_ / file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace menshen::catalog::testing
