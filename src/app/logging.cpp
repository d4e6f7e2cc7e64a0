#include "app/logging.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace menshen::app {

std::shared_ptr<spdlog::logger> SetupLogging(const std::string& level, bool access_log) {
  auto main = spdlog::stderr_logger_mt("menshen");
  main->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  main->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(main);
  if (!access_log) return nullptr;
  spdlog::init_thread_pool(16384, 1);
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  // Under overload the oldest lines are dropped rather than blocking a request.
  auto logger = std::make_shared<spdlog::async_logger>("access", sink, spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::overrun_oldest);
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace menshen::app
