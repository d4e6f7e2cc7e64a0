// Opens the configured key-value store (kv.url): the embedded default's SQLite file, the in-process one, or
// Redis.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/config/config.hpp"
#include "core/error.hpp"
#include "store/kv/kv.hpp"

namespace menshen::app {

// "sqlite:PATH" (the default: durable, one process at a time), "memory:" (forgotten at exit), or "redis://".
// A Redis server that does not answer yet is no error here: the store connects on first use, so the node
// starts, /readyz answers 503 until Redis does, and calls that need it fail with the cache error meanwhile.
// A URL that cannot be read is an error; its detail never repeats a password.
Result<std::unique_ptr<store::kv::Kv>> OpenKv(const Config& config, const Clock& clock);

}  // namespace menshen::app
