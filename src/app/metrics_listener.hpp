// The listener that serves GET /metrics on its own address (server.metrics_listen), so that metrics, which
// tell the world about traffic and load, are not on the public listener. It has its own router, pipeline
// and server, on one thread of its own; every other path answers 404.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/worker_pool.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "http/server/server.hpp"

namespace menshen::app {

class MetricsListener {
 public:
  // `metrics` are the public listener's; `gauges` samples its queue and connections.
  MetricsListener(std::string host, std::uint16_t port, const http::Renderer& renderer, const http::Metrics& metrics,
                  std::function<http::Gauges()> gauges, WorkerPool& workers, catalog::Locale default_locale);
  // Stops the server and waits for its thread.
  ~MetricsListener();
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;

  Status Listen();
  std::uint16_t Port() const { return server_.Port(); }
  // Serves on a thread of its own until the process is signalled or this object is destroyed.
  void Start();

 private:
  http::Router router_;
  http::Metrics own_metrics_;  // scrapes are not counted with the public traffic
  http::Pipeline pipeline_;
  http::Server server_;
  std::thread thread_;
};

// Adds GET /metrics (Prometheus text of `metrics` and `gauges`) to `router`.
void AddMetricsRoute(http::Router& router, const http::Metrics& metrics, std::function<http::Gauges()> gauges);

}  // namespace menshen::app
