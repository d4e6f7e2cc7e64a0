// What the rows of the config schema share: where a key's value lives in a Config, and the units its bounds
// are written in. Included only by the files that hold the rows.
#pragma once

#include <cstdint>

#include "core/config/config_schema.hpp"

namespace menshen::config::rows {

template <auto kMember>
FieldRef Top(Config& config) {
  return &(config.*kMember);
}

template <auto kSection, auto kMember>
FieldRef In(Config& config) {
  return &(config.*kSection.*kMember);
}

constexpr std::int64_t kMs = 1;
constexpr std::int64_t kHour = 3'600'000 * kMs;
constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;
constexpr std::int64_t kGiB = 1024 * kMiB;

// The keys of the server itself (data_dir, [server], [database], [kv], [catalog], [log]) and of the identity
// modules ([security], [accounts], [login], [oauth]); Schema() lists them in this order.
std::span<const Key> ServerKeys();
std::span<const Key> IdentityKeys();

}  // namespace menshen::config::rows
