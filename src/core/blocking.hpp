// Some handlers usually answer from memory (a cached client, a cached token verification, the in-process
// key-value store) and only sometimes need the database or a slow computation. They may run on the I/O
// thread first, which saves the hop to a worker and back, and move to a worker the moment they would block.
//
// Anything that may take long (a database round trip, a network call, waiting for password hashing, a
// signature check that missed its cache, an RSA private-key operation) calls MayBlock() before it starts.
// Inside a NonBlockingScope that throws WouldBlock, and the server runs the whole handler again on the
// worker pool; elsewhere it does nothing. A handler run this way must change nothing before it could
// block, so that running it again is the same as running it once.
#pragma once

namespace menshen {

// Not a std::exception, so that no handler for ordinary failures swallows it on the way out.
struct WouldBlock {};

// Throws WouldBlock inside a NonBlockingScope on this thread; otherwise returns at once.
void MayBlock();

// True inside a NonBlockingScope on this thread.
bool InNonBlockingScope();

class NonBlockingScope {
 public:
  NonBlockingScope();
  ~NonBlockingScope();
  NonBlockingScope(const NonBlockingScope&) = delete;
  NonBlockingScope& operator=(const NonBlockingScope&) = delete;

 private:
  bool outer_;
};

}  // namespace menshen
