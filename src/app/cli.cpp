#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace menshen::app {

int RunCli(int argc, char** argv) {
  CLI::App cli{"menshen: identity and access server"};
  cli.require_subcommand(1);
  auto* version = cli.add_subcommand("version", "print the version");
  version->callback([] { fmt::print("menshen 0.1.0\n"); });
  CLI11_PARSE(cli, argc, argv);
  return 0;
}

}  // namespace menshen::app
