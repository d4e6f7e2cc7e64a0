#pragma once

namespace menshen::app {

// Parses the command line and runs the chosen subcommand; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace menshen::app
