// The HTTP foundation, black-box: a real `menshen serve` process on loopback, real sockets.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--set", "server.header_timeout=700ms", "--set", "server.body_timeout=700ms", "--set",
                                 "server.metrics_listen=127.0.0.1:0"});
    ASSERT_TRUE(server_->Started()) << "server did not start";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::uint16_t Port() { return server_->Port(); }
  static json Envelope(const RawResponse& response) { return json::parse(response.body); }

  static ServerProcess* server_;
};
ServerProcess* HttpServerTest::server_ = nullptr;

TEST_F(HttpServerTest, HealthzAnswersTheSuccessEnvelope) {
  const auto response = Request(Port(), "GET", "/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  const auto body = Envelope(*response);
  EXPECT_EQ(body["code"], 0);
  EXPECT_EQ(body["data"]["status"], "ok");
  EXPECT_TRUE(body["error"].is_null());
  EXPECT_FALSE(body["message"].get<std::string>().empty());
  EXPECT_EQ(body["request_id"], response->Header("x-request-id"));
  EXPECT_FALSE(response->Header("x-request-id").empty());
  EXPECT_EQ(response->Header("content-length"), std::to_string(response->body.size()));
  // RFC 9110 6.6.1: an IMF-fixdate, e.g. "Fri, 04 Dec 2026 03:50:09 GMT".
  const auto date = response->Header("date");
  EXPECT_EQ(date.size(), 29u) << date;
  EXPECT_TRUE(date.ends_with(" GMT")) << date;
}

TEST_F(HttpServerTest, SaneClientRequestIdIsKeptAndOthersReplaced) {
  const auto kept = Request(Port(), "GET", "/healthz", "", "X-Request-Id: trace-42.a_b:c\r\n");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->Header("x-request-id"), "trace-42.a_b:c");
  const auto replaced = Request(Port(), "GET", "/healthz", "", "X-Request-Id: <script>\r\n");
  ASSERT_TRUE(replaced);
  EXPECT_NE(replaced->Header("x-request-id"), "<script>");
  EXPECT_FALSE(replaced->Header("x-request-id").empty());
}

TEST_F(HttpServerTest, UnknownPathIs404Envelope) {
  const auto response = Request(Port(), "GET", "/no/such/thing");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(Envelope(*response)["error"], "common.not_found");
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllow) {
  const auto response = Request(Port(), "DELETE", "/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->Header("allow"), "GET");
  EXPECT_EQ(Envelope(*response)["error"], "http.method_not_allowed");
}

TEST_F(HttpServerTest, HeadGetsHeadersWithoutBody) {
  RawClient client(Port());
  ASSERT_TRUE(client.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto head = client.Read(std::chrono::seconds(5), /*expect_body=*/false);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  const auto get = client.Read();
  ASSERT_TRUE(get) << "the HEAD response carried body bytes";
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(json::parse(get->body)["code"], 0);
}

TEST_F(HttpServerTest, OversizedHeadersAre431) {
  const auto response = Request(Port(), "GET", "/healthz", "", "X-Big: " + std::string(20 * 1024, 'a') + "\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(Envelope(*response)["error"], "http.header_too_large");
}

TEST_F(HttpServerTest, LongUriIs414) {
  const auto response = Request(Port(), "GET", "/healthz?q=" + std::string(9 * 1024, 'a'));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 414);
  EXPECT_EQ(Envelope(*response)["error"], "http.uri_too_long");
}

TEST_F(HttpServerTest, OversizedBodyIs413BeforeItIsRead) {
  RawClient client(Port());
  ASSERT_TRUE(client.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n"));
  const auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(Envelope(*response)["error"], "http.body_too_large");
  EXPECT_TRUE(client.WaitClosed(std::chrono::seconds(2)));
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  RawClient client(Port());
  ASSERT_TRUE(client.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk(64 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof(size_line), "%zx\r\n", chunk.size());
  for (int i = 0; i < 20; ++i) {
    if (!client.Send(std::string(size_line) + chunk + "\r\n")) break;
  }
  const auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(HttpServerTest, TooManyParametersAnswersTheCatalogCode) {
  std::string query = "/healthz?";
  for (int i = 0; i < 101; ++i) query += "p" + std::to_string(i) + "=1&";
  const auto response = Request(Port(), "GET", query);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(Envelope(*response)["error"], "gateway.too_many_parameters");
}

TEST_F(HttpServerTest, InvalidUtf8InQueryIs400) {
  const auto response = Request(Port(), "GET", "/healthz?name=%FF%FE");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(Envelope(*response)["error"], "common.invalid_parameter");
}

TEST_F(HttpServerTest, MalformedRequestLineIs400AndServerKeepsServing) {
  RawClient client(Port());
  ASSERT_TRUE(client.Send("GARBAGE\r\n\r\n"));
  const auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(Envelope(*response)["error"], "common.bad_request");
  const auto after = Request(Port(), "GET", "/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(HttpServerTest, ClientStoppingMidRequestIsClosedAtTimeoutOthersServed) {
  RawClient stalled(Port());
  ASSERT_TRUE(stalled.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Partial: "));
  const auto meanwhile = Request(Port(), "GET", "/healthz");
  ASSERT_TRUE(meanwhile);
  EXPECT_EQ(meanwhile->status, 200);
  const auto stalled_at = std::chrono::steady_clock::now();
  EXPECT_TRUE(stalled.WaitClosed(std::chrono::seconds(5)));
  EXPECT_GE(std::chrono::steady_clock::now() - stalled_at, std::chrono::milliseconds(500));
}

TEST_F(HttpServerTest, StalledBodyIsClosedAtTimeout) {
  RawClient stalled(Port());
  ASSERT_TRUE(stalled.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part"));
  EXPECT_TRUE(stalled.WaitClosed(std::chrono::seconds(5)));
  const auto after = Request(Port(), "GET", "/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  RawClient client(Port());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(client.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const auto response = client.Read();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200);
  }
}

TEST_F(HttpServerTest, ThousandIdleConnectionsDoNotStarveOthers) {
  // From ten addresses, each at its share of server.max_connections_per_ip (100).
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawClient>(Port(), "127.0.0.1", "127.0.0." + std::to_string(10 + i % 10)));
    ASSERT_TRUE(idle.back()->Connected()) << i;
  }
  for (int i = 0; i < 20; ++i) {
    const auto response = Request(Port(), "GET", "/healthz");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
}

TEST_F(HttpServerTest, ReadyzReportsDatabaseAndSchema) {
  const auto response = Request(Port(), "GET", "/readyz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(Envelope(*response)["data"]["status"], "ready");
}

TEST_F(HttpServerTest, MetricsCountRequestsByRouteStatusAndCode) {
  ASSERT_TRUE(Request(Port(), "GET", "/healthz"));
  ASSERT_TRUE(Request(Port(), "GET", "/nope"));
  const auto response = Request(server_->MetricsPort(), "GET", "/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("menshen_requests_total{route=\"/healthz\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(response->body.find("menshen_request_duration_seconds_bucket{route=\"/healthz\""), std::string::npos);
  EXPECT_NE(response->body.find("menshen_responses_by_code_total{code="), std::string::npos);
  EXPECT_NE(response->body.find("menshen_worker_queue_depth"), std::string::npos);
}

TEST_F(HttpServerTest, AccessLogHasOneJsonLinePerRequestAndNoQuery) {
  ASSERT_TRUE(Request(Port(), "GET", "/healthz?token=supersecretvalue", "", "X-Request-Id: access-log-probe\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  bool found = false;
  for (const auto& line : server_->Lines()) {
    EXPECT_EQ(line.find("supersecretvalue"), std::string::npos) << line;
    if (line.find("access-log-probe") == std::string::npos) continue;
    const auto entry = json::parse(line);
    EXPECT_EQ(entry["route"], "/healthz");
    EXPECT_EQ(entry["status"], 200);
    EXPECT_EQ(entry["method"], "GET");
    EXPECT_TRUE(entry.contains("duration_ms"));
    EXPECT_TRUE(entry.contains("code"));
    found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(HttpServerTest, MessagesFollowAcceptLanguage) {
  const auto zh = Request(Port(), "GET", "/nope", "", "Accept-Language: zh-CN\r\n");
  const auto en = Request(Port(), "GET", "/nope", "", "Accept-Language: en-US,en;q=0.9\r\n");
  ASSERT_TRUE(zh && en);
  EXPECT_NE(Envelope(*zh)["message"], Envelope(*en)["message"]);
  EXPECT_EQ(Envelope(*zh)["code"], Envelope(*en)["code"]);
}

}  // namespace
}  // namespace menshen::testing
