#include "app/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace menshen::app {

void SetupLogging(const std::string& level) {
  auto main = spdlog::stderr_logger_mt("menshen");
  main->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  main->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(main);
}

}  // namespace menshen::app
