// Request framing (smuggling), the metrics listener and HSTS, black-box (docs/security.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A second request hidden where a server that misreads the framing takes it for the next one.
const std::string kSmuggled = "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

class FramingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    ASSERT_TRUE(server_->Started()) << "server did not start";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Sends `bytes` on a fresh connection; expects 400 common.bad_request with Connection: close, then the
  // connection closed with nothing more said (the smuggled request is not answered).
  static void ExpectRefusedAndClosed(const std::string& bytes) {
    RawClient client(server_->Port());
    ASSERT_TRUE(client.Connected());
    ASSERT_TRUE(client.Send(bytes));
    const auto response = client.Read();
    ASSERT_TRUE(response) << "no answer to\n" << bytes;
    EXPECT_EQ(response->status, 400) << bytes;
    EXPECT_EQ(json::parse(response->body)["error"], "common.bad_request") << bytes;
    EXPECT_EQ(response->Header("connection"), "close") << bytes;
    EXPECT_FALSE(client.Read(500ms)) << "a second response came after the refusal of\n" << bytes;
    EXPECT_TRUE(client.WaitClosed(2s)) << "the connection stayed open after\n" << bytes;
  }

  static ServerProcess* server_;
};
ServerProcess* FramingTest::server_ = nullptr;

TEST_F(FramingTest, TransferEncodingThatIsNotExactlyChunkedIsRefused) {
  for (const std::string coding :
       {"gzip", "identity", "chunked, identity", "xchunked", "gzip, chunked", "chunked, chunked"}) {
    ExpectRefusedAndClosed("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + coding + "\r\n\r\n" +
                           kSmuggled);
  }
  // Split over two lines, the codings join into one list (RFC 9110 5.3).
  ExpectRefusedAndClosed(
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
      "Transfer-Encoding: identity\r\n\r\n" +
      kSmuggled);
}

TEST_F(FramingTest, TransferEncodingWithContentLengthIsRefused) {
  const auto length = std::to_string(kSmuggled.size());
  ExpectRefusedAndClosed("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\nContent-Length: " +
                         length + "\r\n\r\n" + kSmuggled);
  ExpectRefusedAndClosed(
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: "
      "chunked\r\n\r\n0\r\n\r\n" +
      kSmuggled);
  ExpectRefusedAndClosed(
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: "
      "5\r\n\r\n0\r\n\r\n" +
      kSmuggled);
}

TEST_F(FramingTest, DifferingContentLengthsAreRefused) {
  ExpectRefusedAndClosed("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: " +
                         std::to_string(kSmuggled.size()) + "\r\n\r\n" + kSmuggled);
}

TEST_F(FramingTest, TransferEncodingInAnHttp10RequestIsRefused) {
  ExpectRefusedAndClosed("POST /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                         kSmuggled);
}

TEST_F(FramingTest, Http11WithoutHostOrWithTwoHostsIsRefused) {
  ExpectRefusedAndClosed("GET /healthz HTTP/1.1\r\n\r\n" + kSmuggled);
  ExpectRefusedAndClosed("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n" + kSmuggled);
  ExpectRefusedAndClosed("GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n" + kSmuggled);
}

TEST_F(FramingTest, SoundRequestsAreStillServedOnTheSameConnection) {
  RawClient client(server_->Port());
  ASSERT_TRUE(client.Connected());
  // Chunked alone, then a plain request, on one connection.
  ASSERT_TRUE(client.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n" +
                          kSmuggled));
  const auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const auto second = client.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(json::parse(second->body)["data"]["status"], "ready");
  // HTTP/1.0 predates Host (RFC 9112 3.2 asks it of HTTP/1.1 only).
  RawClient old(server_->Port());
  ASSERT_TRUE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  const auto answered = old.Read();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);
}

TEST_F(FramingTest, MetricsAreNotOnThePublicListener) {
  const auto response = Request(server_->Port(), "GET", "/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST_F(FramingTest, NoStrictTransportSecurityUnderAnHttpIssuer) {
  const auto response = Request(server_->Port(), "GET", "/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("strict-transport-security"), "");
}

TEST(MetricsListenerTest, ServesMetricsOnItsOwnAddressAndNothingElse) {
  ServerProcess server({"--set", "server.metrics_listen=127.0.0.1:0"});
  ASSERT_TRUE(server.Started());
  const auto port = server.MetricsPort();
  ASSERT_NE(port, 0);
  ASSERT_TRUE(Request(server.Port(), "GET", "/healthz"));
  const auto metrics = Request(port, "GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("menshen_requests_total{route=\"/healthz\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(metrics->body.find("menshen_open_connections"), std::string::npos) << metrics->body;
  const auto healthz = Request(port, "GET", "/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 404);
  const auto public_metrics = Request(server.Port(), "GET", "/metrics");
  ASSERT_TRUE(public_metrics);
  EXPECT_EQ(public_metrics->status, 404);
}

TEST(HstsTest, EveryResponseCarriesStrictTransportSecurityUnderAnHttpsIssuer) {
  ServerProcess server({"--set", "oauth.issuer=https://id.example.com"});
  ASSERT_TRUE(server.Started());
  for (const auto* target : {"/healthz", "/nope"}) {
    const auto response = Request(server.Port(), "GET", target);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->Header("strict-transport-security"), "max-age=31536000") << target;
  }
  ServerProcess short_lived({"--set", "oauth.issuer=https://id.example.com", "--set", "server.hsts_max_age=1h"});
  ASSERT_TRUE(short_lived.Started());
  const auto response = Request(short_lived.Port(), "GET", "/healthz");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("strict-transport-security"), "max-age=3600");
}

}  // namespace
}  // namespace menshen::testing
