// One JSON line per request: method, route, status, catalog code, duration, request id, client IP.
// Never a query string, a header value or a body: those are where secrets travel.
//
// Lines are appended to a memory buffer and written by a background thread in batches (every 100 ms, or
// sooner once 64 KiB are waiting). A request never waits on the log: if the output stalls and the buffer
// reaches its cap, further lines are dropped and counted rather than blocking the server.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "http/message.hpp"

namespace menshen::http {

class AccessLog {
 public:
  explicit AccessLog(int fd, std::size_t max_buffered = 4 * 1024 * 1024);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Write(const Request& request, const Response& response, std::chrono::nanoseconds duration);
  // Writes what is buffered now (used at shutdown and by tests).
  void Flush();
  std::uint64_t Dropped() const { return dropped_.load(); }

 private:
  void Run();
  void WriteOut(const std::string& bytes);

  const int fd_;
  const std::size_t max_buffered_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string buffer_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::mutex write_mutex_;
  std::thread writer_;
};

}  // namespace menshen::http
