// Request metrics in Prometheus text format: count and latency histogram per route and status,
// responses per catalog code, and gauges the server samples (worker queue depth, busy workers, connections).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace menshen::http {

struct Gauges {
  std::size_t queue_depth = 0;
  std::size_t busy_workers = 0;
  std::size_t open_connections = 0;
};

class Metrics {
 public:
  static constexpr std::array<double, 14> kBucketsSeconds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                             0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   5.0};

  void Observe(std::string_view route, int status, std::int64_t code, std::chrono::nanoseconds duration);
  std::string Render(const Gauges& gauges) const;

 private:
  struct Series {
    int status = 0;
    std::uint64_t count = 0;
    double sum_seconds = 0;
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Series>, StringHash, std::equal_to<>> routes_;
  std::unordered_map<std::int64_t, std::uint64_t> codes_;
};

}  // namespace menshen::http
