// The transport-free steps every request passes through, in order:
//   Begin   request id, locale, query parameters (with limits), route match (404/405)
//   Invoke  the handler, with one guard that turns anything thrown into the catalog's internal error
//           (on the I/O thread first for Dispatch::kInline routes, on a worker when they would block)
//   Finish  X-Request-Id, metrics, access log
// The server (server.cpp) does the socket work and decides where Invoke runs.
#pragma once

#include <chrono>
#include <optional>
#include <variant>

#include "http/access_log.hpp"
#include "http/metrics.hpp"
#include "http/render.hpp"
#include "http/request_id.hpp"
#include "http/router.hpp"

namespace menshen::http {

struct PipelineOptions {
  std::size_t max_params = 100;
  catalog::Locale default_locale = catalog::Locale::kZhCn;
};

class Pipeline {
 public:
  Pipeline(const Router& router, const Renderer& renderer, Metrics& metrics, AccessLog* access_log,
           PipelineOptions options);

  // Fills request id and locale from the headers; safe to call on a request that failed to parse fully.
  void Identify(Request& request);
  // Matches the route and parses the query. Returns the route, or the response to send instead.
  std::variant<const Route*, Response> Begin(Request& request);
  Response Invoke(const Route& route, Request& request) const;
  // Invoke inside a NonBlockingScope: nullopt when the handler would block, and must run on a worker.
  std::optional<Response> InvokeWithoutBlocking(const Route& route, Request& request) const;
  // A response for a request the transport refused (limits, timeouts, load shedding).
  Response Reject(const Request& request, ErrorId id, std::string public_detail = {}) const;
  void Finish(const Request& request, Response& response);

  const Renderer& Render() const { return renderer_; }

 private:
  const Router& router_;
  const Renderer& renderer_;
  Metrics& metrics_;
  AccessLog* access_log_;
  PipelineOptions options_;
  RequestIds request_ids_;
};

}  // namespace menshen::http
