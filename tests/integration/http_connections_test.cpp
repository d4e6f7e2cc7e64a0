// Connections and client addresses, black-box: per-address connection caps, the first-byte timeout,
// back-pressure at the global cap, and which X-Forwarded-For is believed (docs/security.md).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "raw_client.hpp"
#include "server_process.hpp"

namespace menshen::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

std::unique_ptr<RawClient> Connect(std::uint16_t port, const std::string& source) {
  auto client = std::make_unique<RawClient>(port, "127.0.0.1", source);
  EXPECT_TRUE(client->Connected()) << source;
  return client;
}

// GET /healthz from `source`; the status, or 0 when there was no answer.
int HealthzFrom(std::uint16_t port, const std::string& source, std::chrono::milliseconds timeout = 2s) {
  RawClient client(port, "127.0.0.1", source);
  if (!client.Connected() || !client.Send(kHealthz)) return 0;
  const auto response = client.Read(timeout);
  return response ? response->status : 0;
}

TEST(ConnectionLimitsTest, OneAddressCannotTakeMoreThanItsShareAndOthersAreStillServed) {
  ServerProcess server({"--set", "server.max_connections_per_ip=5"});
  ASSERT_TRUE(server.Started());
  std::vector<std::unique_ptr<RawClient>> hogs;
  for (int i = 0; i < 5; ++i) hogs.push_back(Connect(server.Port(), "127.0.0.3"));
  std::this_thread::sleep_for(200ms);  // let the server accept and count them
  // The kernel completes the handshake; the server closes the sixth at once, long before any timeout.
  auto excess = Connect(server.Port(), "127.0.0.3");
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_TRUE(excess->WaitClosed(1500ms)) << "the sixth connection from one address stays open";
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 1500ms);
  EXPECT_EQ(HealthzFrom(server.Port(), "127.0.0.4"), 200) << "another address is refused too";
  // A freed slot is available again to the same address.
  hogs.pop_back();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(HealthzFrom(server.Port(), "127.0.0.3"), 200);
}

TEST(ConnectionLimitsTest, AConnectionThatNeverSpeaksIsClosedAfterTheFirstByteTimeout) {
  ServerProcess server({"--set", "server.first_byte_timeout=1s"});
  ASSERT_TRUE(server.Started());
  auto silent = Connect(server.Port(), "127.0.0.5");
  // A keep-alive connection that has made a request may idle for idle_timeout (60 s), not 1 s.
  auto talker = Connect(server.Port(), "127.0.0.5");
  ASSERT_TRUE(talker->Send(kHealthz));
  const auto first = talker->Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const auto opened = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent->WaitClosed(4s)) << "a silent connection is kept past the first-byte timeout";
  EXPECT_GE(std::chrono::steady_clock::now() - opened, 500ms);
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(talker->Send(kHealthz));
  const auto second = talker->Read();
  ASSERT_TRUE(second) << "an idle keep-alive connection was closed by the first-byte timeout";
  EXPECT_EQ(second->status, 200);
}

TEST(ConnectionLimitsTest, AtTheGlobalCapNewConnectionsWaitInsteadOfBeingReset) {
  ServerProcess server({"--set", "server.max_connections=3", "--set", "server.first_byte_timeout=30s"});
  ASSERT_TRUE(server.Started());
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(Connect(server.Port(), "127.0.0.6"));
  std::this_thread::sleep_for(200ms);
  // The fourth waits in the listen backlog: not answered, not closed...
  auto waiting = Connect(server.Port(), "127.0.0.7");
  ASSERT_TRUE(waiting->Send(kHealthz));
  EXPECT_FALSE(waiting->Read(700ms)) << "answered or closed beyond the cap";
  // ...until a slot frees, when it is served.
  idle.pop_back();
  const auto response = waiting->Read(3s);
  ASSERT_TRUE(response) << "the waiting connection was not served once a slot freed";
  EXPECT_EQ(response->status, 200);
}

// The client_ip of the access-log line of the request with `request_id`.
std::string LoggedClientIp(const ServerProcess& server, const std::string& request_id) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    for (const auto& line : server.Lines()) {
      if (line.find(request_id) == std::string::npos || !line.starts_with("{")) continue;
      return json::parse(line)["client_ip"].get<std::string>();
    }
    std::this_thread::sleep_for(20ms);
  }
  return "(no access-log line)";
}

std::string ForwardedFrom(ServerProcess& server, const std::string& source, const std::string& forwarded,
                          const std::string& request_id) {
  RawClient client(server.Port(), "127.0.0.1", source);
  EXPECT_TRUE(client.Connected());
  EXPECT_TRUE(client.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: " + request_id +
                          "\r\nX-Forwarded-For: " + forwarded + "\r\n\r\n"));
  const auto response = client.Read();
  EXPECT_TRUE(response);
  return LoggedClientIp(server, request_id);
}

TEST(ClientAddressTest, ForwardedForIsIgnoredFromAPeerThatIsNotATrustedProxy) {
  ServerProcess server({"--set", "server.trusted_proxies=127.0.0.2"});
  ASSERT_TRUE(server.Started());
  EXPECT_EQ(ForwardedFrom(server, "127.0.0.9", "198.51.100.77", "xff-untrusted"), "127.0.0.9");
  ServerProcess no_proxies;
  ASSERT_TRUE(no_proxies.Started());
  EXPECT_EQ(ForwardedFrom(no_proxies, "127.0.0.9", "198.51.100.77", "xff-none"), "127.0.0.9");
}

TEST(ClientAddressTest, BehindATrustedProxyTheRightmostUntrustedAddressIsTheClient) {
  ServerProcess server({"--set", "server.trusted_proxies=127.0.0.2, 10.0.0.0/8"});
  ASSERT_TRUE(server.Started());
  // The client forged the left entry; the proxy appended the address it saw.
  EXPECT_EQ(ForwardedFrom(server, "127.0.0.2", "6.6.6.6, 198.51.100.7", "xff-append"), "198.51.100.7");
  // Inner proxies are skipped.
  EXPECT_EQ(ForwardedFrom(server, "127.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.2.3", "xff-chain"), "198.51.100.7");
  // What is not an address never becomes the client: the nearest trusted hop does.
  EXPECT_EQ(ForwardedFrom(server, "127.0.0.2", "198.51.100.7, <script>", "xff-garbage"), "127.0.0.2");
}

TEST(ClientAddressTest, TheRetiredTrustProxyKeyIsRefusedWithAPointerToItsSuccessor) {
  const auto [code, output] = RunMenshen({"config", "check", "--set", "server.trust_proxy=true"});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("server.trusted_proxies"), std::string::npos) << output;
}

}  // namespace
}  // namespace menshen::testing
