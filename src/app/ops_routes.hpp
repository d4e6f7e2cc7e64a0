// Operations endpoints: /healthz (the process answers), /readyz (database reachable, schema current).
// /metrics is served on its own listener (metrics_listener.hpp).
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
  store::sql::Database& db;
  const Clock& clock;
};

void AddOpsRoutes(http::Router& router, OpsDeps deps);

}  // namespace menshen::app
