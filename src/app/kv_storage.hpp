// Opens the configured key-value store (kv.url): the one way the server gets its Kv.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/config/config.hpp"
#include "core/error.hpp"
#include "store/kv/kv.hpp"

namespace menshen::app {

// "sqlite:PATH" (the default: durable, one process), "memory:" (forgotten at exit).
Result<std::unique_ptr<store::kv::Kv>> OpenKv(const Config& config, const Clock& clock);

}  // namespace menshen::app
