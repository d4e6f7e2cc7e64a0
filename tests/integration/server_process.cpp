#include "server_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <condition_variable>
#include <cstdlib>
#include <random>
#include <stdexcept>

namespace menshen::testing {

std::string MenshenBinary() {
  const char* path = std::getenv("MENSHEN_BINARY");
  if (!path) throw std::runtime_error("MENSHEN_BINARY is not set");
  return path;
}

std::filesystem::path MakeTempDir(const std::string& prefix) {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

namespace {

pid_t Spawn(const std::vector<std::string>& args, int out_fd) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(out_fd, STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

std::optional<int> WaitExit(pid_t pid, std::chrono::milliseconds wait) {
  // Asks at least once, so that a wait of zero polls.
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> args, std::filesystem::path data_dir) : data_dir_(data_dir) {
  if (data_dir_.empty()) {
    data_dir_ = MakeTempDir("menshen-it");
    own_data_dir_ = true;
  }
  std::vector<std::string> argv = {MenshenBinary(), "serve",      "--listen",
                                   "127.0.0.1:0",   "--data-dir", data_dir_.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::array<int, 2> pipe_fds{};
  if (::pipe(pipe_fds.data()) != 0) return;
  pid_ = Spawn(argv, pipe_fds[1]);
  ::close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { Drain(fd); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && port_ == 0) {
    {
      std::lock_guard lock(mutex_);
      for (const auto& line : lines_) {
        const auto at = line.find("listening on http://127.0.0.1:");
        if (at != std::string::npos) port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 30)));
      }
    }
    // Exited before it listened: keep the code, and forget the pid, which the system may hand out again.
    if (auto code = WaitExit(pid_, std::chrono::milliseconds(0))) {
      early_exit_ = code;
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !Stop(SIGTERM).has_value()) ::kill(pid_, SIGKILL);
  if (reader_.joinable()) reader_.join();
  if (own_data_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

void ServerProcess::Drain(int fd) {
  std::string pending;
  char chunk[8192];
  while (true) {
    const auto n = ::read(fd, chunk, sizeof(chunk));
    if (n <= 0) break;
    pending.append(chunk, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      std::lock_guard lock(mutex_);
      lines_.push_back(pending.substr(0, newline));
      pending.erase(0, newline + 1);
    }
  }
  ::close(fd);
}

std::uint16_t ServerProcess::MetricsPort() const {
  constexpr std::string_view kLine = "metrics endpoint: http://127.0.0.1:";
  std::lock_guard lock(mutex_);
  for (const auto& line : lines_) {
    const auto at = line.find(kLine);
    if (at != std::string::npos) return static_cast<std::uint16_t>(std::stoi(line.substr(at + kLine.size())));
  }
  return 0;
}

std::string ServerProcess::RootPassword() const {
  std::lock_guard lock(mutex_);
  for (const auto& line : lines_) {
    const auto at = line.find(" password ");
    if (line.find("root administrator created") != std::string::npos && at != std::string::npos) {
      return line.substr(at + 10);
    }
  }
  return {};
}

std::vector<std::string> ServerProcess::Lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::optional<int> ServerProcess::Stop(int signal, std::chrono::milliseconds wait) {
  if (pid_ <= 0) return early_exit_;
  ::kill(pid_, signal);
  auto code = WaitExit(pid_, wait);
  if (!code) {
    ::kill(pid_, SIGKILL);
    WaitExit(pid_, std::chrono::seconds(5));
  }
  pid_ = -1;
  return code;
}

std::pair<int, std::string> RunMenshen(const std::vector<std::string>& args) {
  std::array<int, 2> pipe_fds{};
  if (::pipe(pipe_fds.data()) != 0) return {-1, {}};
  std::vector<std::string> argv = {MenshenBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = Spawn(argv, pipe_fds[1]);
  ::close(pipe_fds[1]);
  std::string output;
  char chunk[8192];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], chunk, sizeof(chunk))) > 0) output.append(chunk, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), output};
}

}  // namespace menshen::testing
