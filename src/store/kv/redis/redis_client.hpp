// Commands over the pool. A Redis error reply becomes kInfraCacheError with the server's text as internal
// detail, like a failed connection: to a caller both mean "the store could not answer".
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/kv/redis/redis_pool.hpp"

namespace menshen::store::kv {

// A Lua script, run by its SHA-1 (EVALSHA) so that its text crosses the network only when the server lacks it.
struct RedisScript {
  explicit RedisScript(std::string_view source);
  std::string text;
  std::string sha1;  // lower-case hex, as Redis names scripts
};

class RedisClient {
 public:
  RedisClient(RedisOptions options, std::size_t pool_size) : pool_(std::move(options), pool_size) {}

  Result<RedisReply> Run(std::span<const std::string_view> args);
  Result<RedisReply> Run(std::initializer_list<std::string_view> args) {
    return Run(std::span(args.begin(), args.size()));
  }
  // `script` with one key. A server that does not hold the script yet (a first call, a restart, SCRIPT
  // FLUSH) answers NOSCRIPT: then the text is sent with EVAL, which also loads it.
  Result<RedisReply> Eval(const RedisScript& script, std::string_view key,
                          std::initializer_list<std::string_view> args);
  // Several commands in one round trip on one connection; each reply as the server gave it (error replies
  // included), for the caller to check.
  Result<std::vector<RedisReply>> Pipeline(std::span<const std::vector<std::string_view>> commands);

 private:
  RedisPool pool_;
};

}  // namespace menshen::store::kv
