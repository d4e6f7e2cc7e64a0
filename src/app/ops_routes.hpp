// Operations endpoints: /healthz (the process answers), /readyz (database reachable, schema current),
// /metrics (Prometheus text).
#pragma once

#include <functional>

#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "store/sql/database.hpp"

namespace menshen::app {

struct OpsDeps {
  const http::Renderer& renderer;
  const http::Metrics& metrics;
  store::sql::Database& db;
  const Clock& clock;
  std::function<http::Gauges()> gauges;
};

void AddOpsRoutes(http::Router& router, OpsDeps deps);

}  // namespace menshen::app
