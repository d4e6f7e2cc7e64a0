#include "app/metrics_listener.hpp"

namespace menshen::app {
namespace {

// A scraper needs few connections; the limits of the public listener would be far too generous here.
http::ServerOptions MetricsServerOptions(std::string host, std::uint16_t port) {
  return http::ServerOptions{
      .host = std::move(host), .port = port, .io_threads = 1, .max_connections = 64, .max_connections_per_ip = 64};
}

}  // namespace

void AddMetricsRoute(http::Router& router, const http::Metrics& metrics, std::function<http::Gauges()> gauges) {
  router.Add(
      http::Method::kGet, "/metrics",
      [&metrics, gauges = std::move(gauges)](http::Request&) {
        http::Response response;
        response.content_type = "text/plain; version=0.0.4";
        response.body = metrics.Render(gauges());
        return response;
      },
      http::Dispatch::kInline);
}

MetricsListener::MetricsListener(std::string host, std::uint16_t port, const http::Renderer& renderer,
                                 const http::Metrics& metrics, std::function<http::Gauges()> gauges,
                                 WorkerPool& workers, catalog::Locale default_locale)
    : pipeline_(router_, renderer, own_metrics_, nullptr, http::PipelineOptions{.default_locale = default_locale}),
      server_(MetricsServerOptions(std::move(host), port), pipeline_, workers) {
  AddMetricsRoute(router_, metrics, std::move(gauges));
}

MetricsListener::~MetricsListener() {
  if (!thread_.joinable()) return;
  server_.Stop();
  thread_.join();
}

Status MetricsListener::Listen() { return server_.Listen(); }

void MetricsListener::Start() {
  thread_ = std::thread([this] { server_.Run(); });
}

}  // namespace menshen::app
