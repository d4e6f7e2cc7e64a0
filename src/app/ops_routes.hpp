// Operations endpoints: /healthz (the process answers), /readyz (database reachable, schema current,
// kv store answering).
// /metrics is served on its own listener (metrics_listener.hpp).
#pragma once

#include <functional>

#include "core/clock.hpp"
#include "http/metrics.hpp"
#include "http/render.hpp"
#include "http/router.hpp"
#include "store/kv/kv.hpp"
#include "store/sql/database.hpp"

namespace menshen::app {

struct OpsDeps {
  const http::Renderer& renderer;
  store::sql::Database& db;
  store::kv::Kv& kv;
  const Clock& clock;
};

void AddOpsRoutes(http::Router& router, OpsDeps deps);

}  // namespace menshen::app
