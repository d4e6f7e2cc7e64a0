#include "core/config/config_warnings.hpp"

#include <fmt/format.h>

namespace menshen {

std::vector<std::string> ConfigWarnings(const Config& config) {
  std::vector<std::string> warnings;
  const auto& db = config.database.url;
  const auto& kv = config.kv.url;
  // A shared database means several nodes may serve the same accounts; a per-node kv store would then give
  // each node its own sign-in counters, one-time codes and revocations.
  const bool shared_database = db.starts_with("postgres://") || db.starts_with("postgresql://");
  const bool per_node_kv = kv == "memory:" || kv.starts_with("sqlite:");
  if (shared_database && per_node_kv) {
    warnings.push_back(fmt::format(
        "kv.url: \"{}\" keeps sign-in counters, codes and revocations in this node only, while database.url is a "
        "shared PostgreSQL database: right for a single node only; give every node the same redis:// URL",
        kv));
  }
  return warnings;
}

}  // namespace menshen
