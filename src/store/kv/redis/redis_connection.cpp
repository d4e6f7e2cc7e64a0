#include "store/kv/redis/redis_connection.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace menshen::store::kv {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{.tv_sec = static_cast<time_t>(ms.count() / 1000),
                 .tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// A command whose reply must be the status "OK" (AUTH, SELECT).
Status ExpectOk(RedisConnection& connection, std::span<const std::string_view> args, std::string_view what) {
  auto reply = connection.Command(args);
  if (!reply) return std::unexpected(reply.error());
  const redisReply& r = **reply;
  if (r.type == REDIS_REPLY_STATUS && std::string_view(r.str, r.len) == "OK") return {};
  const std::string_view said = r.type == REDIS_REPLY_ERROR ? std::string_view(r.str, r.len) : "unexpected reply";
  return Fail(ErrorId::kInfraCacheError, {}, fmt::format("{} refused: {}", what, said));
}

}  // namespace

Result<std::unique_ptr<RedisConnection>> RedisConnection::Open(const RedisOptions& options) {
  const std::string where = options.url.Redacted();
  const timeval timeout = ToTimeval(options.timeout);
  redisContext* context = redisConnectWithTimeout(options.url.host.c_str(), options.url.port, timeout);
  if (context == nullptr) return Fail(ErrorId::kInfraCacheError, {}, "cannot allocate a Redis connection");
  if (context->err != 0) {
    auto failed = Fail(ErrorId::kInfraCacheError, {}, fmt::format("cannot connect to {}: {}", where, context->errstr));
    redisFree(context);
    return failed;
  }
  std::unique_ptr<RedisConnection> connection(new RedisConnection(context, where));
  if (redisSetTimeout(context, timeout) != REDIS_OK) {
    return Fail(ErrorId::kInfraCacheError, {}, fmt::format("cannot set the timeout on {}", where));
  }
  // Keep-alive finds a peer that vanished without closing (a host down, a dropped NAT entry) while the
  // connection rests in the pool. Without it the command timeout still bounds the first use.
  if (redisEnableKeepAlive(context) != REDIS_OK) {
    return Fail(ErrorId::kInfraCacheError, {}, fmt::format("cannot enable keep-alive on {}", where));
  }
  const auto& url = options.url;
  if (!url.password.empty()) {
    std::vector<std::string_view> auth{"AUTH"};
    if (!url.user.empty()) auth.emplace_back(url.user);
    auth.emplace_back(url.password);
    if (auto ok = ExpectOk(*connection, auth, fmt::format("AUTH to {}", where)); !ok)
      return std::unexpected(ok.error());
  }
  if (url.db != 0) {
    const std::string db = std::to_string(url.db);
    const std::string_view select[] = {"SELECT", db};
    if (auto ok = ExpectOk(*connection, select, fmt::format("SELECT on {}", where)); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return connection;
}

RedisConnection::~RedisConnection() { redisFree(context_); }

Error RedisConnection::BreakWith(std::string_view why) {
  broken_ = true;
  if (context_->err != 0) why = context_->errstr;
  return Error{ErrorId::kInfraCacheError, {}, fmt::format("Redis at {}: {}", where_, why)};
}

Status RedisConnection::Append(std::span<const std::string_view> args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
    return std::unexpected(BreakWith("cannot encode the command"));
  }
  return {};
}

Result<RedisReply> RedisConnection::Command(std::span<const std::string_view> args) {
  if (broken_) return Fail(ErrorId::kInfraCacheError, {}, fmt::format("connection to {} is broken", where_));
  if (auto appended = Append(args); !appended) return std::unexpected(appended.error());
  void* reply = nullptr;
  if (redisGetReply(context_, &reply) != REDIS_OK || reply == nullptr) return std::unexpected(BreakWith("no reply"));
  return RedisReply(static_cast<redisReply*>(reply));
}

Result<std::vector<RedisReply>> RedisConnection::Pipeline(std::span<const std::vector<std::string_view>> commands) {
  if (broken_) return Fail(ErrorId::kInfraCacheError, {}, fmt::format("connection to {} is broken", where_));
  for (const auto& command : commands) {
    if (auto appended = Append(command); !appended) return std::unexpected(appended.error());
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(context_, &reply) != REDIS_OK || reply == nullptr) {
      return std::unexpected(BreakWith("no reply"));
    }
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

Status RedisConnection::Send(std::span<const std::string_view> args) {
  if (broken_) return Fail(ErrorId::kInfraCacheError, {}, fmt::format("connection to {} is broken", where_));
  if (auto appended = Append(args); !appended) return appended;
  // The socket is blocking with the command timeout as its send timeout: a short command is written whole.
  int done = 0;
  while (done == 0) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) return std::unexpected(BreakWith("cannot send"));
  }
  return {};
}

Result<std::vector<RedisReply>> RedisConnection::TakeArrived() {
  if (broken_) return Fail(ErrorId::kInfraCacheError, {}, fmt::format("connection to {} is broken", where_));
  std::vector<RedisReply> replies;
  char buffer[16 * 1024];
  for (;;) {
    const auto got = recv(context_->fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got == 0) return std::unexpected(BreakWith("the server closed the connection"));
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return std::unexpected(BreakWith(std::strerror(errno)));
    }
    if (redisReaderFeed(context_->reader, buffer, static_cast<std::size_t>(got)) != REDIS_OK) {
      return std::unexpected(BreakWith("cannot buffer the reply"));
    }
    if (static_cast<std::size_t>(got) < sizeof buffer) break;
  }
  for (;;) {
    void* reply = nullptr;
    if (redisGetReplyFromReader(context_, &reply) != REDIS_OK) return std::unexpected(BreakWith("malformed reply"));
    if (reply == nullptr) break;
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

bool RedisConnection::LooksAlive() const {
  if (broken_ || context_->err != 0) return false;
  char byte = 0;
  const auto got = recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // 0: the server closed its end. Data: nothing was asked, so the stream is not where we think it is.
  if (got >= 0) return false;
  return errno == EAGAIN || errno == EWOULDBLOCK;
}

}  // namespace menshen::store::kv
