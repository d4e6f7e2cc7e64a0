#include "oauth/apps/app_cache.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "store/kv/memory/memory_kv.hpp"

namespace menshen::oauth {
namespace {

class AppCacheTest : public ::testing::Test {
 protected:
  // The "database": what a load returns, and how many loads there were.
  std::optional<App> stored = App{.id = "app1", .name = "Storefront"};
  int loads = 0;
  AppCache::Loader load = [this](std::string_view) -> Result<std::optional<App>> {
    ++loads;
    return stored;
  };
  SystemClock clock;
  store::kv::MemoryKv kv{clock, 1000};
};

TEST_F(AppCacheTest, ReadsTheStoreOnceUntilSomethingChanges) {
  AppCache cache(kv);
  EXPECT_EQ(cache.Find("app1", load)->value().name, "Storefront");
  EXPECT_EQ(cache.Find("app1", load)->value().name, "Storefront");
  EXPECT_EQ(loads, 1);

  stored->name = "Renamed";
  ASSERT_TRUE(cache.Invalidate());
  EXPECT_EQ(cache.Find("app1", load)->value().name, "Renamed");
  EXPECT_EQ(loads, 2);
}

TEST_F(AppCacheTest, AWriteOnOneNodeIsSeenByAnotherSharingTheStore) {
  AppCache here(kv);
  AppCache there(kv);
  ASSERT_TRUE(there.Find("app1", load)->has_value());

  stored.reset();  // deleted through `here`
  ASSERT_TRUE(here.Invalidate());
  EXPECT_FALSE(there.Find("app1", load)->has_value());
  EXPECT_EQ(loads, 2);
}

TEST_F(AppCacheTest, RemembersAbsentAppsAndStaysBounded) {
  stored.reset();
  AppCache cache(kv, /*capacity=*/2);
  for (const char* id : {"a", "b", "a", "b"}) EXPECT_FALSE(cache.Find(id, load)->has_value());
  EXPECT_EQ(loads, 2);
  EXPECT_FALSE(cache.Find("c", load)->has_value());  // full: starts over
  EXPECT_FALSE(cache.Find("a", load)->has_value());
  EXPECT_EQ(loads, 4);
}

TEST_F(AppCacheTest, AFailedLoadIsNotRemembered) {
  AppCache cache(kv);
  auto failing = [this](std::string_view) -> Result<std::optional<App>> {
    ++loads;
    return Fail(ErrorId::kInfraDatabaseError, "down");
  };
  EXPECT_FALSE(cache.Find("app1", failing));
  EXPECT_TRUE(cache.Find("app1", load)->has_value());
  EXPECT_EQ(loads, 2);
}

}  // namespace
}  // namespace menshen::oauth
