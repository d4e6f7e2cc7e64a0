#include "http/transport.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace menshen::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

// What Beast writes for the same response.
std::string BeastBytes(const Response& response, bool keep_alive) {
  BeastResponse message{static_cast<bhttp::status>(response.status), 11};
  message.set(bhttp::field::date, kDate);
  message.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  message.body() = response.body;
  message.keep_alive(keep_alive);
  message.prepare_payload();
  std::ostringstream out;
  out << message;
  return out.str();
}

std::string OurBytes(const Response& response, bool keep_alive) {
  return ResponseHead(response, keep_alive, kDate) + std::string(ResponseBody(response));
}

TEST(ResponseHeadTest, WritesTheBytesBeastWrites) {
  Response token;
  token.body = R"({"access_token":"abc","token_type":"Bearer"})";
  token.headers = {{"Cache-Control", "no-store"}, {"Pragma", "no-cache"}, {"X-Request-Id", "r-1"}};
  Response redirect;
  redirect.status = 303;
  redirect.content_type = "text/html; charset=utf-8";
  redirect.headers = {
      {"Location", "https://app.example/cb?code=x&state=y"}, {"Set-Cookie", "a=b; HttpOnly"}, {"Set-Cookie", "c=d"}};
  Response unauthorized;
  unauthorized.status = 401;
  unauthorized.headers = {{"WWW-Authenticate", R"(Basic realm="menshen")"}};
  unauthorized.body = "{}";
  Response unknown_status;
  unknown_status.status = 599;
  for (const auto* response : {&token, &redirect, &unauthorized, &unknown_status}) {
    for (const bool keep_alive : {true, false}) {
      EXPECT_EQ(OurBytes(*response, keep_alive), BeastBytes(*response, keep_alive)) << response->status;
    }
  }
}

// RFC 9110 8.6: no Content-Length on a 204 (Beast 1.74 writes "Content-Length: 0" there).
TEST(ResponseHeadTest, NoContentHasNeitherBodyNorLength) {
  Response empty;
  empty.status = 204;
  empty.body = "stray";
  EXPECT_EQ(ResponseHead(empty, true, kDate),
            "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\n\r\n");
  EXPECT_TRUE(ResponseBody(empty).empty());
  Response not_modified;
  not_modified.status = 304;
  not_modified.body = "x";
  EXPECT_EQ(ResponseHead(not_modified, false, kDate),
            "HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: "
            "application/json\r\nConnection: close\r\n\r\n");
}

TEST(ResponseHeadTest, LeavesOutAHeaderThatWouldSplitTheResponse) {
  Response response;
  response.headers = {{"Location", "https://a.example/\r\nSet-Cookie: stolen=1"},
                      {"X-Bad\nName", "v"},
                      {"X-Nul", std::string("a\0b", 3)},
                      {"", "empty name"},
                      {"X-Fine", "kept"}};
  EXPECT_EQ(ResponseHead(response, true, kDate),
            "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\nX-Fine: "
            "kept\r\nContent-Length: 0\r\n\r\n");
}

TEST(HttpDateTest, WritesAnImfFixdate) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110 5.6.7's example
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(HttpDate(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  const auto now = CurrentHttpDate();
  EXPECT_EQ(now.size(), 29u);
  EXPECT_TRUE(now.ends_with(" GMT"));
}

}  // namespace
}  // namespace menshen::http
