// One hiredis connection: opened with a connect timeout, then AUTH and SELECT as the URL asks; every command is
// bounded by the command timeout. After any I/O failure or timeout hiredis cannot tell where the stream stands,
// so the connection is broken for good: the pool drops it and opens another.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/kv/redis/redis_url.hpp"

namespace menshen::store::kv {

struct RedisOptions {
  RedisUrl url;
  std::chrono::milliseconds timeout{1000};  // to connect, and for each command's reply
};

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisConnection {
 public:
  static Result<std::unique_ptr<RedisConnection>> Open(const RedisOptions& options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // The server's reply, which may be an error reply; kInfraCacheError when the exchange failed, and then the
  // connection is broken. Arguments are binary-safe.
  Result<RedisReply> Command(std::span<const std::string_view> args);
  // The replies to `commands`, sent in one write and read in order: one round trip for all. An error reply
  // is one of the replies; a failed exchange is kInfraCacheError and breaks the connection.
  Result<std::vector<RedisReply>> Pipeline(std::span<const std::vector<std::string_view>> commands);

  // For a subscribed connection, which the server writes to unasked: sends `args` without waiting for a reply,
  // and takes every reply that has already arrived, without waiting for more.
  Status Send(std::span<const std::string_view> args);
  Result<std::vector<RedisReply>> TakeArrived();
  int Fd() const { return context_->fd; }

  bool Broken() const { return broken_; }
  // Without a round trip: false when the server has closed its end (a restart, CLIENT KILL, its idle
  // timeout), which a connection resting in the pool learns only from the kernel.
  bool LooksAlive() const;

 private:
  RedisConnection(redisContext* context, std::string where) : context_(context), where_(std::move(where)) {}
  Status Append(std::span<const std::string_view> args);
  Error BreakWith(std::string_view why);
  redisContext* context_;
  std::string where_;  // the redacted URL, for error details
  bool broken_ = false;
};

}  // namespace menshen::store::kv
