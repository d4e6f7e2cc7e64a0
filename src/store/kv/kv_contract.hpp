// The Kv contract: behaviour every Kv must have. Cases live in kv_contract_test.cpp; each
// implementation instantiates them with its own KvBackend.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "store/kv/kv.hpp"

namespace menshen::store::kv {

struct KvBackend {
  std::string name;
  // An empty store holding at most `max_keys`; `clock` drives expiry where the store can use it.
  std::function<std::unique_ptr<Kv>(const Clock& clock, std::size_t max_keys)> make;
  // A server with its own time (Redis) lets time pass by sleeping instead of moving `clock`.
  bool real_time = false;
  // A server's key cap is its own configuration (maxmemory), not the constructor's.
  bool enforces_key_cap = true;
};

class KvContract : public ::testing::TestWithParam<KvBackend> {
 protected:
  static constexpr std::size_t kMaxKeys = 100;

  void SetUp() override { kv_ = GetParam().make(clock_, kMaxKeys); }
  // Lets `by` pass for the store under test.
  void Pass(Duration by);

  ManualClock clock_;
  std::unique_ptr<Kv> kv_;
};

std::string KvBackendName(const ::testing::TestParamInfo<KvBackend>& info);

}  // namespace menshen::store::kv
