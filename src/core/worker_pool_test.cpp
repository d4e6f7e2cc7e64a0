#include "core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace menshen {
namespace {

TEST(WorkerPoolTest, RunsEveryAcceptedJob) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, 1000);
    for (int i = 0; i < 500; ++i) {
      WorkerPool::Job job = [&ran] { ++ran; };
      ASSERT_TRUE(pool.TryPost(job));
    }
    pool.Stop();
  }
  EXPECT_EQ(ran.load(), 500);
}

TEST(WorkerPoolTest, RefusesWhenQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  WorkerPool::Job blocker = [released, &started] {
    started.set_value();
    released.wait();
  };
  ASSERT_TRUE(pool.TryPost(blocker));
  started.get_future().wait();
  WorkerPool::Job a = [] {}, b = [] {}, c = [] {};
  EXPECT_TRUE(pool.TryPost(a));
  EXPECT_TRUE(pool.TryPost(b));
  EXPECT_FALSE(pool.TryPost(c));
  EXPECT_TRUE(static_cast<bool>(c)) << "a refused job stays with the caller";
  EXPECT_EQ(pool.QueueDepth(), 2u);
  release.set_value();
  pool.Stop();
  WorkerPool::Job late = [] {};
  EXPECT_FALSE(pool.TryPost(late));
}

}  // namespace
}  // namespace menshen
