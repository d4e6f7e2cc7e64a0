#include "http/json_body.hpp"

#include <fmt/core.h>

#include <cctype>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace menshen::http {
namespace {

// nlohmann's parser recurses per nesting level; bound the depth before it sees the bytes.
bool NestingWithin(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

constexpr std::size_t kMaxKeyShown = 64;

// Remembers the members of every object being parsed, and the first one named twice: RFC 8259 4 leaves a
// duplicate's meaning open, and a firewall that keeps the first value while this server kept the last would
// judge a different request than the one served.
class DuplicateKeys {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using enum nlohmann::json::parse_event_t;
    if (event == object_start) {
      open_.emplace_back();
    } else if (event == object_end && !open_.empty()) {
      open_.pop_back();
    } else if (event == key && !open_.empty() && !first_) {
      auto name = parsed.get<std::string>();
      if (!open_.back().insert(name).second) first_ = std::move(name);
    }
    return true;
  }
  const std::optional<std::string>& First() const { return first_; }

 private:
  std::vector<std::set<std::string>> open_;
  std::optional<std::string> first_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

bool IsJsonContentType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  auto media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return EqualsIgnoreCase(media, "application/json");
}

Result<nlohmann::json> ParseJsonObject(const Request& request, std::size_t max_params) {
  const auto content_type = request.Header("content-type");
  if (!content_type || !IsJsonContentType(*content_type)) {
    return Fail(ErrorId::kHttpUnsupportedMediaType, "the body must be application/json");
  }
  if (!NestingWithin(request.body, kMaxJsonDepth)) {
    return Fail(ErrorId::kCommonInvalidParameter, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
  }
  nlohmann::json body;
  DuplicateKeys duplicates;
  try {
    body = nlohmann::json::parse(request.body, std::ref(duplicates));
  } catch (const nlohmann::json::parse_error& e) {
    // Only the exception's id is logged: its text quotes the bytes last read, which may be part of a password.
    return Fail(ErrorId::kCommonInvalidParameter, fmt::format("malformed JSON at byte {}", e.byte),
                fmt::format("nlohmann parse_error {}", e.id));
  } catch (const nlohmann::json::exception& e) {
    // Numbers too large for a double end up here (out_of_range), not as parse errors.
    return Fail(ErrorId::kCommonInvalidParameter, "a JSON number is out of range",
                fmt::format("nlohmann exception {}", e.id));
  }
  if (const auto& key = duplicates.First()) {
    const auto shown = key->size() > kMaxKeyShown ? key->substr(0, kMaxKeyShown) + "..." : *key;
    return Fail(ErrorId::kCommonDuplicateParameter, fmt::format("JSON member \"{}\" appears more than once", shown));
  }
  if (!body.is_object()) return Fail(ErrorId::kCommonInvalidParameter, "the body must be a JSON object");
  if (body.size() > max_params) {
    return Fail(ErrorId::kGatewayTooManyParameters, fmt::format("at most {} parameters per request", max_params));
  }
  return body;
}

}  // namespace menshen::http
