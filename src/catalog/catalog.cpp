#include "catalog/catalog.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog/catalog_loader.hpp"
#include "core/embedded.hpp"

namespace menshen::catalog::embedded {
std::span<const EmbeddedFile> EmbeddedFiles();
}

namespace menshen::catalog {

struct Catalog::Data {
  std::vector<CanonicalEntry> entries;
  std::map<std::string, Profile, std::less<>> profiles;
  const Profile* active = nullptr;
  std::vector<Rendered> zh;  // indexed by ErrorId
  std::vector<Rendered> en;
  std::vector<bool> fell_back;  // indexed by ErrorId: no row answers it, so the fallback code does
};

namespace {

constexpr std::string_view kProfilesDir = "profiles/";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CatalogError(path.string(), 0, "cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const ProfileRow* RowWithCode(const Profile& profile, std::int64_t code) {
  for (const auto& row : profile.rows) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

// The row that answers `id` itself: a `prefer` entry, else the first row listing it.
const ProfileRow* OwnRow(const Profile& profile, ErrorId id) {
  for (const auto& [preferred, code] : profile.prefer) {
    if (preferred == id) return RowWithCode(profile, code);
  }
  for (const auto& row : profile.rows) {
    if (std::find(row.ids.begin(), row.ids.end(), id) != row.ids.end()) return &row;
  }
  return nullptr;
}

const ProfileRow* NearestRow(const Profile& profile, ErrorId id) {
  for (const auto& [near, code] : profile.nearest) {
    if (near == id) return RowWithCode(profile, code);
  }
  return nullptr;
}

struct Answer {
  const ProfileRow* row = nullptr;
  bool own = false;  // the row lists the id itself, so its texts speak of it
};

// The id's own row, else its nearest row, else the same for its parent, and so on up the chain.
Answer Resolve(const std::vector<CanonicalEntry>& entries, const Profile& profile, ErrorId id) {
  if (const ProfileRow* own = OwnRow(profile, id)) return {own, true};
  for (std::optional<ErrorId> at = id; at; at = entries[static_cast<std::size_t>(*at)].parent) {
    if (const ProfileRow* row = *at == id ? nullptr : OwnRow(profile, *at)) return {row, false};
    if (const ProfileRow* row = NearestRow(profile, *at)) return {row, false};
  }
  return {};
}

}  // namespace

CatalogError::CatalogError(std::string file, std::size_t line, const std::string& problem)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + problem), file_(std::move(file)), line_(line) {}

Catalog Catalog::Load(std::string_view profile, const std::filesystem::path& extra_profile_dir) {
  auto data = std::make_shared<Data>();
  const auto files = embedded::EmbeddedFiles();
  const auto errors = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.path == "errors.toml"; });
  if (errors == files.end()) throw CatalogError("errors.toml", 0, "not embedded in this build");
  data->entries = LoadCanonical(errors->content, "catalog/errors.toml");
  data->profiles.emplace("menshen", MenshenProfile(data->entries));
  for (const auto& file : files) {
    if (!file.path.starts_with(kProfilesDir) || !file.path.ends_with(".toml")) continue;
    const std::filesystem::path path(file.path);
    const std::string name = path.stem().string();
    data->profiles.insert_or_assign(name, LoadProfile(file.content, "catalog/" + std::string(file.path), name));
  }
  if (!extra_profile_dir.empty()) {
    std::error_code ec;
    std::vector<std::filesystem::path> paths;
    for (const auto& item : std::filesystem::directory_iterator(extra_profile_dir, ec)) {
      if (item.path().extension() == ".toml") paths.push_back(item.path());
    }
    if (ec) throw CatalogError(extra_profile_dir.string(), 0, "cannot list the profile folder: " + ec.message());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      const std::string name = path.stem().string();
      data->profiles.insert_or_assign(name, LoadProfile(ReadFile(path), path.string(), name));
    }
  }
  const auto it = data->profiles.find(profile);
  if (it == data->profiles.end()) throw CatalogError("catalog", 0, "unknown profile \"" + std::string(profile) + "\"");
  data->active = &it->second;
  BuildTables(*data);
  return Catalog(std::move(data));
}

Rendered Catalog::Render(ErrorId id, Locale locale) const { return Describe(id, locale).rendered; }

Described Catalog::Describe(ErrorId id, Locale locale) const {
  const auto index = static_cast<std::size_t>(id);
  const auto& table = locale == Locale::kEn ? data_->en : data_->zh;
  const auto at = index < table.size() ? index : static_cast<std::size_t>(ErrorId::kCommonInternalError);
  return {table[at], data_->entries[at]};
}

Rendered Catalog::Success(Locale locale) const { return Render(ErrorId::kCommonSuccess, locale); }

std::string_view Catalog::ProfileName() const { return data_->active->name; }

std::vector<std::string> Catalog::ProfileNames() const {
  std::vector<std::string> names;
  for (const auto& [name, profile] : data_->profiles) names.push_back(name);
  return names;
}

const Profile& Catalog::ActiveProfile() const { return *data_->active; }

const CanonicalEntry& Catalog::Entry(ErrorId id) const { return data_->entries.at(static_cast<std::size_t>(id)); }

// The id's own row speaks with the row's code and texts. A row reached through a parent or a [nearest] entry
// lends its code only: the message stays the id's own, which says more precisely what went wrong. With no row
// at all, the profile's fallback (or success) code and the canonical message. The status is always the id's.
void Catalog::BuildTables(Data& data) {
  const Profile& profile = *data.active;
  for (const ErrorId id : AllErrorIds()) {
    const CanonicalEntry& entry = data.entries[static_cast<std::size_t>(id)];
    const int status = profile.always_http_200 ? 200 : entry.status;
    const Answer answer = Resolve(data.entries, profile, id);
    data.fell_back.push_back(answer.row == nullptr && id != ErrorId::kCommonSuccess);
    if (answer.row == nullptr || !answer.own) {
      const std::int64_t code = answer.row != nullptr           ? *answer.row->code
                                : id == ErrorId::kCommonSuccess ? profile.success
                                                                : profile.fallback;
      data.zh.push_back(Rendered{code, status, entry.zh});
      data.en.push_back(Rendered{code, status, entry.en});
      continue;
    }
    const ProfileRow* row = answer.row;
    const CanonicalEntry& first = data.entries[static_cast<std::size_t>(row->ids.front())];
    const std::string_view zh = row->text.empty() ? std::string_view(first.zh) : std::string_view(row->text);
    const std::string_view en =
        row->en.empty() || row->en_wrong ? std::string_view(first.en) : std::string_view(row->en);
    data.zh.push_back(Rendered{*row->code, status, zh});
    data.en.push_back(Rendered{*row->code, status, en});
  }
}

bool Catalog::FallsBack(ErrorId id) const { return data_->fell_back.at(static_cast<std::size_t>(id)); }

}  // namespace menshen::catalog
