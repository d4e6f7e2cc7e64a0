#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace menshen::testing {
namespace {

constexpr const char* kRedisServer = "/usr/bin/redis-server";

// A port the kernel just gave out and took back: free unless another process grabs it in between, which
// Launch survives by trying again with a new one.
std::uint16_t FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  std::uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::filesystem::path MakeTempFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "menshen-redis-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
  return pattern;
}

std::string ReplyText(const redisReply& reply) {
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return std::string(reply.str, reply.len);
    case REDIS_REPLY_ERROR:
      return "ERROR: " + std::string(reply.str, reply.len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply.integer);
    case REDIS_REPLY_NIL:
      return "(nil)";
    case REDIS_REPLY_ARRAY: {
      std::string text;
      for (std::size_t i = 0; i < reply.elements; ++i) text += (i == 0 ? "" : "\n") + ReplyText(*reply.element[i]);
      return text;
    }
  }
  return "?";
}

}  // namespace

RedisServer::RedisServer(std::string password) : password_(std::move(password)), dir_(MakeTempFolder()) {
  for (int attempt = 0; attempt < 5 && !Running(); ++attempt) {
    port_ = FreeLoopbackPort();
    Launch();
  }
}

RedisServer::~RedisServer() {
  Stop();
  std::error_code ignored;  // a folder that cannot be removed is left to the system's temp cleaning
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::Url() const {
  return "redis://" + (password_.empty() ? "" : ":" + password_ + "@") + "127.0.0.1:" + std::to_string(port_);
}

bool RedisServer::Start() { return Running() || Launch(); }

bool RedisServer::Launch() {
  const std::string port = std::to_string(port_);
  const std::string log = (dir_ / "redis.log").string();
  std::vector<std::string> args{kRedisServer,  "--port",      port, "--bind",       "127.0.0.1", "--dir",
                                dir_.string(), "--save",      "",   "--appendonly", "no",        "--logfile",
                                log,           "--daemonize", "no", "--databases",  "16"};
  if (!password_.empty()) {
    args.emplace_back("--requirepass");
    args.push_back(password_);
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    // Dies with the test process, so a crashed test leaves no server behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execv(kRedisServer, argv.data());
    _exit(127);
  }
  pid_ = pid;
  if (WaitUntilAnswering()) return true;
  Stop();
  return false;
}

bool RedisServer::WaitUntilAnswering() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;  // it exited: the port was taken, or the binary is missing
      return false;
    }
    if (Command({"PING"}) == "PONG") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

std::optional<std::string> RedisServer::Command(const std::vector<std::string>& args) const {
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeval{.tv_sec = 1, .tv_usec = 0});
  if (context == nullptr) return std::nullopt;
  std::optional<std::string> result;
  if (context->err == 0) {
    if (!password_.empty()) {
      auto* auth = static_cast<redisReply*>(redisCommand(context, "AUTH %s", password_.c_str()));
      if (auth != nullptr) freeReplyObject(auth);
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    auto* reply =
        static_cast<redisReply*>(redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (reply != nullptr) {
      result = ReplyText(*reply);
      freeReplyObject(reply);
    }
  }
  redisFree(context);
  return result;
}

}  // namespace menshen::testing
