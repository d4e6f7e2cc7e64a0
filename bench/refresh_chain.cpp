// Refresh-token rotation under load: every refresh token works once, so each connection follows its own
// chain (sign in, then refresh with the token the previous answer handed out), which wrk cannot script.
// Usage: refresh_chain PORT CONNECTIONS SECONDS ACCOUNT PASSWORD  -> prints "req/s p50_us p99_us errors"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "raw_client.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string Post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The refresh token in a login or refresh answer, or "" when the answer is an error.
std::string RefreshTokenOf(const menshen::testing::RawResponse& response) {
  const auto parsed = json::parse(response.body, nullptr, false);
  if (response.status != 200 || parsed.is_discarded()) return {};
  return parsed["data"].value("refresh_token", "");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: refresh_chain PORT CONNECTIONS SECONDS ACCOUNT PASSWORD\n");
    return 2;
  }
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  const int connections = std::atoi(argv[2]);
  const auto deadline = Clock::now() + std::chrono::seconds(std::atoi(argv[3]));
  const std::string login = json{{"account", argv[4]}, {"password", argv[5]}}.dump();
  std::mutex mutex;
  std::vector<long> latencies_us;
  long errors = 0;
  const auto start = Clock::now();
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < connections; ++i) {
      workers.emplace_back([&] {
        std::vector<long> mine;
        long failed = 0;
        menshen::testing::RawClient client(port);
        std::string token;
        if (client.Send(Post("/api/v1/auth/login", login))) {
          if (const auto response = client.Read()) token = RefreshTokenOf(*response);
        }
        if (token.empty()) ++failed;  // the chain never started
        while (!token.empty() && Clock::now() < deadline) {
          const auto sent = Clock::now();
          if (!client.Send(Post("/api/v1/auth/refresh", json{{"refresh_token", token}}.dump()))) break;
          const auto response = client.Read();
          if (!response) break;
          mine.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count());
          token = RefreshTokenOf(*response);
          if (token.empty()) ++failed;  // a broken chain ends this connection's run
        }
        std::lock_guard lock(mutex);
        latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
        errors += failed;
      });
    }
  }
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  std::ranges::sort(latencies_us);
  auto percentile = [&](double p) {
    return latencies_us.empty() ? 0L : latencies_us[static_cast<std::size_t>(p * (latencies_us.size() - 1))];
  };
  std::printf("%.1f %ld %ld %ld\n", static_cast<double>(latencies_us.size()) / elapsed.count(), percentile(0.5),
              percentile(0.99), errors);
  return 0;
}
