// One JSON API call over real HTTP: the status and the parsed envelope ({0, null} when nothing came back).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "raw_client.hpp"

namespace menshen::testing {

inline std::pair<int, nlohmann::json> CallJson(std::uint16_t port, const std::string& method, const std::string& path,
                                               const nlohmann::json& body = nullptr, const std::string& token = {}) {
  std::string headers = "Content-Type: application/json\r\n";
  if (!token.empty()) headers += "Authorization: Bearer " + token + "\r\n";
  const auto response = Request(port, method, path, body.is_null() ? std::string{} : body.dump(), headers);
  if (!response) return {0, nullptr};
  return {response->status, nlohmann::json::parse(response->body, nullptr, false)};
}

}  // namespace menshen::testing
