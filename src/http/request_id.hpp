// X-Request-Id: the client's when it is sane, else a new one unique within and across processes.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace menshen::http {

class RequestIds {
 public:
  RequestIds();
  // Accepts 1..64 characters of [A-Za-z0-9._:-] from the client; anything else is replaced.
  std::string Choose(std::string_view from_client);

 private:
  std::string prefix_;  // random per process, so ids from two nodes never collide
  std::atomic<std::uint64_t> counter_{0};
};

bool IsSaneRequestId(std::string_view id);

}  // namespace menshen::http
