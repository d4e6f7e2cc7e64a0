#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace menshen {
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

TEST(JsonObjectWriterTest, WritesWhatNlohmannWritesForTheSameMembers) {
  const std::string token(300, 'z');
  const nlohmann::json aud = {"https://a.example", "https://b.example"};
  // Given in nlohmann's (sorted) order, the bytes must be the same.
  const auto written = JsonObjectWriter()
                           .Bool("active", true)
                           .Value("aud", aud)
                           .String("broken", "\xff ok")
                           .String("client_id", token)
                           .Integer("exp", 1700000000)
                           .String("name", "\xe9\x97\xa8\xe7\xa5\x9e")
                           .Integer("neg", INT64_MIN)
                           .Bool("no", false)
                           .String("quote\"d", "back\\slash\n\x01\x7f")
                           .Finish();
  const nlohmann::json expected = {{"active", true},     {"aud", aud},        {"broken", "\xff ok"},
                                   {"client_id", token}, {"exp", 1700000000}, {"name", "\xe9\x97\xa8\xe7\xa5\x9e"},
                                   {"neg", INT64_MIN},   {"no", false},       {"quote\"d", "back\\slash\n\x01\x7f"}};
  EXPECT_EQ(written, NlohmannDump(expected));
  EXPECT_EQ(JsonObjectWriter().Finish(), "{}");
  EXPECT_EQ(JsonObjectWriter().String("b", "x").Integer("a", 7).Finish(), R"({"b":"x","a":7})");
}

}  // namespace
}  // namespace menshen
