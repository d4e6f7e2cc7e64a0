// One JSON API call over real HTTP: the status and the parsed envelope ({0, null} when nothing came back).
// `source`: the 127.0.0.x address to call from (see RawClient).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "raw_client.hpp"

namespace menshen::testing {

inline std::pair<int, nlohmann::json> CallJson(std::uint16_t port, const std::string& method, const std::string& path,
                                               const nlohmann::json& body = nullptr, const std::string& token = {},
                                               const std::string& source = {}) {
  std::string headers = "Content-Type: application/json\r\n";
  if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
  const auto response = Request(port, method, path, body.is_null() ? std::string{} : body.dump(), headers, source);
  if (!response) return {0, nullptr};
  return {response->status, nlohmann::json::parse(response->body, nullptr, false)};
}

}  // namespace menshen::testing
