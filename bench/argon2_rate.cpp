// The machine's raw argon2id rate at menshen's parameters: `threads` threads hashing for `seconds`, no
// server in between. Login and registration rows are measured against it.
// Usage: argon2_rate THREADS SECONDS  -> prints hashes per second
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "crypto/password.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: argon2_rate THREADS SECONDS\n");
    return 2;
  }
  const int threads = std::atoi(argv[1]);
  const auto duration = std::chrono::seconds(std::atoi(argv[2]));
  const menshen::crypto::PasswordHasher hasher;
  std::atomic<long> hashes{0};
  std::atomic<bool> stop{false};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::jthread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        if (hasher.Hash("plum orchard lantern 42")) hashes.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(duration);
  stop = true;
  workers.clear();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("%.1f\n", static_cast<double>(hashes.load()) / elapsed.count());
  return 0;
}
