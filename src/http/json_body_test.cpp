#include "http/json_body.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request request;
  request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

TEST(JsonBodyTest, ParsesAnObject) {
  const auto body = ParseJsonObject(JsonRequest(R"({"a":1,"b":"门"})", "Application/JSON; charset=utf-8"), 10);
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["a"], 1);
}

TEST(JsonBodyTest, MalformedJsonSaysWhere) {
  const auto body = ParseJsonObject(JsonRequest(R"({"a":1,})"), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kCommonInvalidParameter);
  EXPECT_NE(body.error().public_detail.find("byte 8"), std::string::npos) << body.error().public_detail;
}

TEST(JsonBodyTest, WrongMediaType) {
  const auto body = ParseJsonObject(JsonRequest("{}", "text/plain"), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kHttpUnsupportedMediaType);
  Request none;
  none.body = "{}";
  EXPECT_EQ(ParseJsonObject(none, 10).error().id, ErrorId::kHttpUnsupportedMediaType);
}

TEST(JsonBodyTest, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto body = ParseJsonObject(JsonRequest(deep), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kCommonInvalidParameter);
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseJsonObject(JsonRequest("{\"a\":\"" + std::string(1000, '[') + "\"}"), 10));
}

TEST(JsonBodyTest, NonObjectsAndTooManyMembers) {
  EXPECT_EQ(ParseJsonObject(JsonRequest("[1,2]"), 10).error().id, ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(ParseJsonObject(JsonRequest(R"({"a":1,"b":2,"c":3})"), 2).error().id, ErrorId::kGatewayTooManyParameters);
}

TEST(JsonBodyTest, HugeNumbersAreInvalidNotInternalErrors) {
  const auto body = ParseJsonObject(JsonRequest(R"({"n":5555555555555555e5555000})"), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kCommonInvalidParameter);
}

TEST(JsonBodyTest, InvalidUtf8InStringsIsRefused) {
  const auto body = ParseJsonObject(JsonRequest("{\"a\":\"\xff\xfe\"}"), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kCommonInvalidParameter);
}

// RFC 8259 4 leaves a repeated member's meaning open: a firewall and this server must not read different values.
TEST(JsonBodyTest, ARepeatedMemberIsRefusedAndNamed) {
  const auto body = ParseJsonObject(JsonRequest(R"({"account":"a","password":"x","password":"y"})"), 10);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().id, ErrorId::kCommonDuplicateParameter);
  EXPECT_NE(body.error().public_detail.find("\"password\""), std::string::npos) << body.error().public_detail;
  const auto nested = ParseJsonObject(JsonRequest(R"({"a":{"b":1,"c":[{"d":1,"d":2}]}})"), 10);
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().id, ErrorId::kCommonDuplicateParameter);
  EXPECT_NE(nested.error().public_detail.find("\"d\""), std::string::npos);
}

TEST(JsonBodyTest, TheSameNameInSeparateObjectsIsFine) {
  const auto body = ParseJsonObject(JsonRequest(R"({"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}],"id":5})"), 10);
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["c"][1]["id"], 4);
}

}  // namespace
}  // namespace menshen::http
