// Every profile answers each id with its own row or the nearest one; an id that still answers the generic
// fallback code does so for a reason written in the profile ([unmapped], on the id or one above it).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace menshen::catalog {
namespace {

// The [unmapped] reason that covers `id`: its own, or the nearest one up its parent chain.
const std::string* ReasonFor(const Catalog& catalog, ErrorId id) {
  const auto& unmapped = catalog.ActiveProfile().unmapped;
  for (std::optional<ErrorId> at = id; at; at = catalog.Entry(*at).parent) {
    const auto it =
        std::find_if(unmapped.begin(), unmapped.end(), [&](const auto& entry) { return entry.first == *at; });
    if (it != unmapped.end()) return &it->second;
  }
  return nullptr;
}

class NearestRows : public ::testing::TestWithParam<std::string> {};

TEST_P(NearestRows, EveryIdThatFallsBackHasAWrittenReason) {
  const Catalog catalog = Catalog::Load(GetParam());
  std::vector<std::string> falling_back;
  for (const ErrorId id : AllErrorIds()) {
    if (!catalog.FallsBack(id)) continue;
    const std::string* reason = ReasonFor(catalog, id);
    EXPECT_NE(reason, nullptr) << GetParam() << ": " << ToString(id)
                               << " answers the fallback code with no reason; give it a [nearest] row or a reason";
    falling_back.push_back(std::string(ToString(id)) + (reason ? " (" + *reason + ")" : ""));
  }
  std::string listed;
  for (const auto& line : falling_back) listed += "\n  " + line;
  std::printf("%s: %zu ids answer the fallback code %lld:%s\n", GetParam().c_str(), falling_back.size(),
              static_cast<long long>(catalog.ActiveProfile().fallback), listed.c_str());
}

TEST_P(NearestRows, EveryWrittenReasonIsStillNeeded) {
  const Catalog catalog = Catalog::Load(GetParam());
  for (const auto& [id, reason] : catalog.ActiveProfile().unmapped) {
    EXPECT_TRUE(catalog.FallsBack(id)) << GetParam() << ": " << ToString(id) << " has a row now; drop its reason";
  }
}

TEST_P(NearestRows, ARowReachedFromElsewhereLendsItsCodeNotItsText) {
  const Catalog catalog = Catalog::Load(GetParam());
  for (const auto& [id, code] : catalog.ActiveProfile().nearest) {
    const Rendered rendered = catalog.Render(id, Locale::kEn);
    EXPECT_EQ(rendered.code, code) << ToString(id);
    EXPECT_EQ(rendered.message, catalog.Entry(id).en) << ToString(id);
    EXPECT_EQ(rendered.http_status, catalog.ActiveProfile().always_http_200 ? 200 : catalog.Entry(id).status);
  }
}

INSTANTIATE_TEST_SUITE_P(BuiltIn, NearestRows,
                         ::testing::Values("menshen", "account-billing", "idaas", "oauth2-server", "open-platform",
                                           "user-service"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace menshen::catalog
