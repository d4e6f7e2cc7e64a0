#include "http/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace menshen::http {
namespace {

// Label values are route patterns we registered ourselves, but escape anyway: the text format breaks on '"'.
std::string Escape(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Observe(std::string_view route, int status, std::int64_t code, std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(mutex_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), std::vector<Series>{}).first;
  auto& all = it->second;
  auto series = std::find_if(all.begin(), all.end(), [status](const Series& s) { return s.status == status; });
  if (series == all.end()) {
    all.push_back(Series{.status = status});
    series = all.end() - 1;
  }
  ++series->count;
  series->sum_seconds += seconds;
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++series->buckets[i];
  }
  ++codes_[code];
}

std::string Metrics::Render(const Gauges& gauges) const {
  std::string out;
  auto sink = std::back_inserter(out);
  fmt::format_to(sink, "# HELP menshen_requests_total HTTP requests by route and status.\n");
  fmt::format_to(sink, "# TYPE menshen_requests_total counter\n");
  std::lock_guard lock(mutex_);
  // Sorted output reads better and diffs cleanly.
  std::map<std::string_view, const std::vector<Series>*> sorted;
  for (const auto& [route, series] : routes_) sorted.emplace(route, &series);
  for (const auto& [route, all] : sorted) {
    for (const auto& s : *all) {
      fmt::format_to(sink, "menshen_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", Escape(route), s.status,
                     s.count);
    }
  }
  fmt::format_to(sink, "# HELP menshen_request_duration_seconds Time from request read to response ready.\n");
  fmt::format_to(sink, "# TYPE menshen_request_duration_seconds histogram\n");
  for (const auto& [route, all] : sorted) {
    for (const auto& s : *all) {
      const auto labels = fmt::format("route=\"{}\",status=\"{}\"", Escape(route), s.status);
      for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
        fmt::format_to(sink, "menshen_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBucketsSeconds[i],
                       s.buckets[i]);
      }
      fmt::format_to(sink, "menshen_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, s.count);
      fmt::format_to(sink, "menshen_request_duration_seconds_sum{{{}}} {}\n", labels, s.sum_seconds);
      fmt::format_to(sink, "menshen_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
    }
  }
  fmt::format_to(sink, "# HELP menshen_responses_by_code_total Responses by catalog code (active profile).\n");
  fmt::format_to(sink, "# TYPE menshen_responses_by_code_total counter\n");
  std::map<std::int64_t, std::uint64_t> codes(codes_.begin(), codes_.end());
  for (const auto& [code, count] : codes) {
    fmt::format_to(sink, "menshen_responses_by_code_total{{code=\"{}\"}} {}\n", code, count);
  }
  fmt::format_to(sink, "# HELP menshen_worker_queue_depth Requests waiting for a worker.\n");
  fmt::format_to(sink, "# TYPE menshen_worker_queue_depth gauge\nmenshen_worker_queue_depth {}\n", gauges.queue_depth);
  fmt::format_to(sink, "# HELP menshen_workers_busy Workers running a handler.\n");
  fmt::format_to(sink, "# TYPE menshen_workers_busy gauge\nmenshen_workers_busy {}\n", gauges.busy_workers);
  fmt::format_to(sink, "# HELP menshen_open_connections Open client connections.\n");
  fmt::format_to(sink, "# TYPE menshen_open_connections gauge\nmenshen_open_connections {}\n", gauges.open_connections);
  return out;
}

}  // namespace menshen::http
