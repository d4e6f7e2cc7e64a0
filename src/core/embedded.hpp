// Data files compiled into the binary (see cmake/Embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace menshen {

struct EmbeddedFile {
  std::string_view path;  // relative to its folder, e.g. "profiles/oauth2-server.toml"
  std::string_view content;
};

}  // namespace menshen
