#include "core/blocking.hpp"

namespace menshen {
namespace {

thread_local bool non_blocking = false;

}  // namespace

void MayBlock() {
  if (non_blocking) throw WouldBlock{};
}

bool InNonBlockingScope() { return non_blocking; }

NonBlockingScope::NonBlockingScope() : outer_(non_blocking) { non_blocking = true; }
NonBlockingScope::~NonBlockingScope() { non_blocking = outer_; }

}  // namespace menshen
