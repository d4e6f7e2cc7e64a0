#pragma once

#include "core/config/config.hpp"

namespace menshen::app {

// Wires config -> stores -> services -> router -> server, serves until signalled; returns the exit code.
int Serve(const Config& config);

// Applies pending migrations and reports them; returns the exit code.
int Migrate(const Config& config);

// Makes a new signing key active for `alg` ("ES256", "RS256", "EdDSA"); the old one stays published for
// its grace period. Running servers pick it up when they reload their keys. Returns the exit code.
int RotateKeys(const Config& config, const std::string& alg);

}  // namespace menshen::app
