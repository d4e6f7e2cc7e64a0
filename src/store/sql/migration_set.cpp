#include "store/sql/migration_set.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace menshen::store::sql {
namespace {

struct Candidate {
  Migration migration;
  bool dialect_specific = false;
};

Result<Migration> ParseFile(std::string_view file_name, std::string_view content) {
  std::string_view stem = file_name.substr(0, file_name.size() - 4);  // drop ".sql"
  const auto digits = stem.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos || stem[digits] != '_' || digits + 1 == stem.size()) {
    return Fail(ErrorId::kInfraDatabaseError, {},
                fmt::format("migration file '{}' is not named NNNN_name.sql", file_name));
  }
  Migration migration;
  std::from_chars(stem.data(), stem.data() + digits, migration.version);
  if (migration.version <= 0) {
    return Fail(ErrorId::kInfraDatabaseError, {}, fmt::format("migration file '{}' has version 0", file_name));
  }
  migration.name = std::string(stem);
  migration.sql = content;
  migration.checksum = Sha256Hex(content);
  return migration;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

Result<std::vector<Migration>> SelectMigrations(std::span<const EmbeddedFile> files, std::string_view dialect) {
  std::map<std::int64_t, Candidate> chosen;
  for (const auto& file : files) {
    if (!file.path.ends_with(".sql")) continue;
    std::string_view file_name = file.path;
    bool specific = false;
    if (const auto slash = file.path.rfind('/'); slash != std::string_view::npos) {
      if (file.path.substr(0, slash) != dialect) continue;
      file_name = file.path.substr(slash + 1);
      specific = true;
    }
    auto parsed = ParseFile(file_name, file.content);
    if (!parsed) return std::unexpected(parsed.error());
    auto [it, inserted] = chosen.try_emplace(parsed->version, Candidate{*parsed, specific});
    if (inserted) continue;
    if (it->second.dialect_specific == specific) {
      return Fail(ErrorId::kInfraDatabaseError, {},
                  fmt::format("migrations '{}' and '{}' share version {}", it->second.migration.name, file.path,
                              parsed->version));
    }
    if (specific) it->second = Candidate{std::move(*parsed), true};
  }
  std::vector<Migration> ordered;
  ordered.reserve(chosen.size());
  for (auto& [version, candidate] : chosen) ordered.push_back(std::move(candidate.migration));
  return ordered;
}

}  // namespace menshen::store::sql
