#include "http/access_log.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

namespace menshen::http {
namespace {

constexpr std::size_t kWakeAt = 64 * 1024;
constexpr auto kInterval = std::chrono::milliseconds(100);

// JSON string escaping for fields that may carry client bytes (a forwarded client IP). Written by hand:
// this runs once per request, and building a JSON document per line cost more than the request itself.
void AppendEscaped(fmt::memory_buffer& out, std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u >= 0x80) {
      // Escaped byte-wise, so that a line stays valid JSON whatever the bytes were.
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

AccessLog::AccessLog(int fd, std::size_t max_buffered) : fd_(fd), max_buffered_(max_buffered) {
  writer_ = std::thread([this] { Run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  Flush();
}

void AccessLog::Write(const Request& request, const Response& response, std::chrono::nanoseconds duration) {
  fmt::memory_buffer line;
  auto out = std::back_inserter(line);
  fmt::format_to(out, R"({{"type":"access","method":"{}","route":")", ToString(request.method));
  AppendEscaped(line, request.route);
  fmt::format_to(out, R"(","status":{},"code":{},"error":"{}","duration_ms":{:.3f},"request_id":")", response.status,
                 response.code, ToString(response.error), std::chrono::duration<double, std::milli>(duration).count());
  AppendEscaped(line, request.request_id);
  fmt::format_to(out, R"(","client_ip":")");
  AppendEscaped(line, request.client_ip);
  fmt::format_to(out, "\"}}\n");
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (buffer_.size() + line.size() > max_buffered_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const bool was_below = buffer_.size() < kWakeAt;
    buffer_.append(line.data(), line.size());
    wake = was_below && buffer_.size() >= kWakeAt;
  }
  if (wake) wake_.notify_one();
}

void AccessLog::Flush() {
  std::string pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(buffer_);
  }
  WriteOut(pending);
}

void AccessLog::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kInterval, [this] { return stopping_ || buffer_.size() >= kWakeAt; });
    if (buffer_.empty()) continue;
    std::string pending;
    pending.swap(buffer_);
    lock.unlock();
    WriteOut(pending);
    lock.lock();
  }
}

void AccessLog::WriteOut(const std::string& bytes) {
  std::lock_guard lock(write_mutex_);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the reader is gone; the lines are lost, the server goes on
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace menshen::http
