#include "http/server/transport.hpp"

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

TEST(ResponseHeadTest, SendsStrictTransportSecurityWhenGiven) {
  Response response;
  EXPECT_EQ(ResponseHead(response, true, kDate, "max-age=31536000"),
            "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\n"
            "Strict-Transport-Security: max-age=31536000\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(ResponseHead(response, true, kDate).find("Strict-Transport-Security"), std::string::npos);
}

// The head of `bytes` as the server's parser reads it; nullopt when Beast itself refuses it.
std::optional<BeastRequest> Head(std::string_view bytes) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(false);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_header_done()) return std::nullopt;
  return parser.release();
}

TEST(CheckFramingTest, RefusesTransferEncodingOtherThanExactlyChunked) {
  for (std::string_view coding :
       {"gzip", "identity", "chunked, identity", "xchunked", "gzip, chunked", "chunked, chunked", "", "chunked;x=1"}) {
    const auto head = Head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + std::string(coding) + "\r\n\r\n");
    ASSERT_TRUE(head) << coding;
    EXPECT_TRUE(CheckFraming(*head)) << coding;
  }
  for (std::string_view coding : {"chunked", "Chunked", "CHUNKED"}) {
    const auto head = Head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + std::string(coding) + "\r\n\r\n");
    ASSERT_TRUE(head) << coding;
    EXPECT_EQ(CheckFraming(*head), std::nullopt) << coding;
  }
  const auto split =
      Head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
  ASSERT_TRUE(split);
  EXPECT_TRUE(CheckFraming(*split));
}

TEST(CheckFramingTest, RefusesTransferEncodingWithContentLengthOrInHttp10) {
  const auto both = Head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\n");
  ASSERT_TRUE(both);
  EXPECT_EQ(CheckFraming(*both), "a request may not carry both Transfer-Encoding and Content-Length");
  // Beast refuses the other orders itself.
  EXPECT_FALSE(Head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"));
  EXPECT_FALSE(Head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"));
  EXPECT_FALSE(Head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"));
  const auto old = Head("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_TRUE(CheckFraming(*old));
}

TEST(CheckFramingTest, Http11NeedsExactlyOneHostAndHttp10AtMostOne) {
  const auto none = Head("GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(none);
  EXPECT_EQ(CheckFraming(*none), "an HTTP/1.1 request must carry a Host header");
  for (std::string_view version : {"1.0", "1.1"}) {
    const auto two = Head("GET / HTTP/" + std::string(version) + "\r\nHost: a\r\nhost: b\r\n\r\n");
    ASSERT_TRUE(two);
    EXPECT_TRUE(CheckFraming(*two)) << version;
  }
  const auto old = Head("GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(CheckFraming(*old), std::nullopt);
  const auto sound = Head("GET / HTTP/1.1\r\nHost: \r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(sound);
  EXPECT_EQ(CheckFraming(*sound), std::nullopt) << "an empty Host and repeated equal lengths are allowed";
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
