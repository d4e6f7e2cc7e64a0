#include "app/ops_routes.hpp"

#include "app/storage.hpp"
#include "store/sql/migrator.hpp"

namespace menshen::app {

void AddOpsRoutes(http::Router& router, OpsDeps deps) {
  router.Add(
      http::Method::kGet, "/healthz",
      [deps](http::Request& request) {
        return deps.renderer.Ok(request, {{"status", "ok"}});
      },
      http::Dispatch::kInline);

  router.Add(http::Method::kGet, "/readyz", [deps](http::Request& request) {
    if (auto ping = deps.db.Ping(); !ping) {
      return deps.renderer.Fail(
          request, Error{ErrorId::kCommonServiceUnavailable, "database unreachable", ping.error().internal_detail});
    }
    store::sql::Migrator migrator(deps.db, Migrations(), deps.clock);
    const auto schema = migrator.Inspect();
    if (!schema || !schema->IsCurrent()) {
      return deps.renderer.Fail(request, ErrorId::kCommonServiceUnavailable, "database schema is not current");
    }
    // A node that cannot reach its kv store refuses revocation checks and one-time codes: not ready.
    if (auto ping = deps.kv.Ping(); !ping) {
      return deps.renderer.Fail(
          request, Error{ErrorId::kCommonServiceUnavailable, "kv store unreachable", ping.error().internal_detail});
    }
    return deps.renderer.Ok(request, {{"status", "ready"}, {"schema_version", schema->current}});
  });
}

}  // namespace menshen::app
