// Starts the real `menshen serve` binary on a kernel-chosen loopback port with its own data folder,
// collects what it prints, and stops it with a signal.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace menshen::testing {

class ServerProcess {
 public:
  // `args` are extra flags for `menshen serve` (e.g. "--set", "server.max_params=5").
  explicit ServerProcess(std::vector<std::string> args = {}, std::filesystem::path data_dir = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool Started() const { return port_ != 0; }
  std::uint16_t Port() const { return port_; }
  // The metrics listener's port (with server.metrics_listen set), or 0.
  std::uint16_t MetricsPort() const;
  const std::filesystem::path& DataDir() const { return data_dir_; }
  std::string RootPassword() const;
  // Everything printed on stdout so far.
  std::vector<std::string> Lines() const;
  // Sends `signal` and waits; the exit code, or nullopt if it did not exit in time (then it is killed). For a
  // server that exited before it listened, the code it exited with.
  std::optional<int> Stop(int signal, std::chrono::milliseconds wait = std::chrono::seconds(15));
  pid_t Pid() const { return pid_; }

 private:
  void Drain(int fd);
  pid_t pid_ = -1;
  std::optional<int> early_exit_;
  std::uint16_t port_ = 0;
  std::filesystem::path data_dir_;
  bool own_data_dir_ = false;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// The built binary (CTest passes its path in MENSHEN_BINARY).
std::string MenshenBinary();
// A fresh empty folder under the system temp folder.
std::filesystem::path MakeTempDir(const std::string& prefix);
// Runs the binary with `args`, returns exit code and combined output.
std::pair<int, std::string> RunMenshen(const std::vector<std::string>& args);

}  // namespace menshen::testing
