// A deliberately low-level HTTP/1.1 client for tests: it sends exactly the bytes it is given, so tests
// can speak malformed, oversized, slow or half-finished requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace menshen::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; a repeated header keeps its last value
  std::vector<std::string> set_cookies;        // every Set-Cookie header, in order
  std::string body;
  std::string Header(const std::string& name) const;
};

class RawClient {
 public:
  // `source`, when given, is the local address to connect from (any of 127/8 works on Linux loopback), so
  // that a test can speak as several clients.
  explicit RawClient(std::uint16_t port, std::string host = "127.0.0.1", std::string source = {});
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool Connected() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // Reads one response (Content-Length framed); nullopt on timeout or close before a full response.
  // A response to HEAD has no body whatever its Content-Length says: pass expect_body = false.
  std::optional<RawResponse> Read(std::chrono::milliseconds timeout = std::chrono::seconds(5), bool expect_body = true);
  // True when the server closed the connection within `timeout` (reads and discards until EOF).
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  bool Fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
// One request on a fresh connection (from `source`, when given: see RawClient).
std::optional<RawResponse> Request(std::uint16_t port, const std::string& method, const std::string& target,
                                   const std::string& body = {}, const std::string& extra_headers = {},
                                   const std::string& source = {});

}  // namespace menshen::testing
