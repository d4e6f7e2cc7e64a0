// A redis-server of the test's own: Debian's binary on a free loopback port, in a temporary folder, without
// persistence (fast, and nothing is left behind). It can be stopped and started again on the same port to
// test faults; the destructor stops it and removes the folder, also when a test failed. Should the test
// process die, the server is killed with it (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace menshen::testing {

class RedisServer {
 public:
  // Starts at once; `password`: the server asks for it (requirepass).
  explicit RedisServer(std::string password = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // True once the server answers PING.
  bool Running() const { return pid_ > 0; }
  std::uint16_t Port() const { return port_; }
  // "redis://127.0.0.1:PORT", with the password when the server has one.
  std::string Url() const;

  // Stops the server (SIGTERM, then SIGKILL) and waits for it to exit.
  void Stop();
  // Starts it again on the same port; true when it answers.
  bool Start();

  // One command on a connection of the test's own: the reply as text (status, string or integer), or
  // "ERROR: ..." for an error reply; nullopt when the server cannot be reached.
  std::optional<std::string> Command(const std::vector<std::string>& args) const;

 private:
  bool Launch();
  bool WaitUntilAnswering();

  std::string password_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace menshen::testing
