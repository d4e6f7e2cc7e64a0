#pragma once

#include "core/config.hpp"

namespace menshen::app {

// Wires config -> stores -> services -> router -> server, serves until signalled; returns the exit code.
int Serve(const Config& config);

// Applies pending migrations and reports them; returns the exit code.
int Migrate(const Config& config);

}  // namespace menshen::app
