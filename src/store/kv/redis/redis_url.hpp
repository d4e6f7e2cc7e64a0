// The address of a Redis server: redis://[[user]:password@]host[:port][/db]. The password is a secret: only
// Redacted() may reach a log or a message.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace menshen::store::kv {

struct RedisUrl {
  std::string host;
  int port = 6379;
  std::string user;      // Redis 6 ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  int db = 0;

  // "redis://host:port/db", with "***" in place of a password.
  std::string Redacted() const;
};

// kInfraCacheError when the text is not such a URL; the detail never repeats the password.
Result<RedisUrl> ParseRedisUrl(std::string_view text);

}  // namespace menshen::store::kv
