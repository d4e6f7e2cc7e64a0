#include "core/blocking.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace menshen {
namespace {

TEST(Blocking, MayBlockOutsideAScopeDoesNothing) {
  EXPECT_FALSE(InNonBlockingScope());
  EXPECT_NO_THROW(MayBlock());
}

TEST(Blocking, MayBlockInsideAScopeThrowsAndTheScopeEndsOnUnwind) {
  try {
    NonBlockingScope scope;
    EXPECT_TRUE(InNonBlockingScope());
    MayBlock();
    ADD_FAILURE() << "MayBlock returned inside a non-blocking scope";
  } catch (const WouldBlock&) {
  }
  EXPECT_FALSE(InNonBlockingScope());
  EXPECT_NO_THROW(MayBlock());
}

TEST(Blocking, NestedScopesRestoreTheOuterOne) {
  NonBlockingScope outer;
  { NonBlockingScope inner; }
  EXPECT_TRUE(InNonBlockingScope());
  EXPECT_THROW(MayBlock(), WouldBlock);
}

TEST(Blocking, AScopeBelongsToItsThread) {
  NonBlockingScope scope;
  bool other_thread_in_scope = true;
  std::thread([&] { other_thread_in_scope = InNonBlockingScope(); }).join();
  EXPECT_FALSE(other_thread_in_scope);
}

}  // namespace
}  // namespace menshen
