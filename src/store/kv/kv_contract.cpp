#include "store/kv/kv_contract.hpp"

#include <thread>

namespace menshen::store::kv {

void KvContract::Pass(Duration by) {
  if (GetParam().real_time) {
    std::this_thread::sleep_for(by);
  } else {
    clock_.Advance(by);
  }
}

std::string KvBackendName(const ::testing::TestParamInfo<KvBackend>& info) { return info.param.name; }

}  // namespace menshen::store::kv
