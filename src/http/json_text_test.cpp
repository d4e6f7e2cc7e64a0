#include "http/json_text.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

std::string NlohmannDump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(CompactJsonTest, WritesWhatNlohmannWrites) {
  const std::string token(400, 'a');
  const std::vector<nlohmann::json> bodies = {
      nlohmann::json::object(),
      {{"access_token", token + ".b-c_d"}, {"token_type", "Bearer"}, {"expires_in", 3600}, {"scope", "a b"}},
      {{"active", false}},
      {{"aud", {"https://a.example", "https://b.example"}}, {"exp", 1700000000}, {"nested", {{"k", nullptr}}}},
      {{"quote\"d", "back\\slash"}, {"line", "one\ntwo\t\x01"}, {"del", "\x7f"}},
      {{"name", "门神"}, {"broken", "\xff\xfe ok"}, {"pi", 3.25}, {"neg", -7}, {"yes", true}},
      nlohmann::json::array({1, "two"}),
      "a bare string",
  };
  for (const auto& body : bodies) EXPECT_EQ(CompactJson(body), NlohmannDump(body)) << NlohmannDump(body);
}

}  // namespace
}  // namespace menshen::http
