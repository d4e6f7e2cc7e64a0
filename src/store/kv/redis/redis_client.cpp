#include "store/kv/redis/redis_client.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <span>
#include <vector>

namespace menshen::store::kv {
namespace {

std::string Sha1Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr) != 1) {
    return {};  // EVALSHA of "" answers NOSCRIPT, and the EVAL fallback still runs the script
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

bool IsErrorReply(const redisReply& reply) { return reply.type == REDIS_REPLY_ERROR; }

Result<RedisReply> Checked(Result<RedisReply> reply, std::string_view command) {
  if (!reply) return reply;
  if (IsErrorReply(**reply)) {
    return Fail(ErrorId::kInfraCacheError, {},
                fmt::format("Redis {}: {}", command, std::string_view((*reply)->str, (*reply)->len)));
  }
  return reply;
}

}  // namespace

RedisScript::RedisScript(std::string_view source) : text(source), sha1(Sha1Hex(source)) {}

Result<RedisReply> RedisClient::Run(std::span<const std::string_view> args) {
  auto lease = pool_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return Checked((*lease)->Command(args), args.front());
}

Result<RedisReply> RedisClient::Eval(const RedisScript& script, std::string_view key,
                                     std::initializer_list<std::string_view> args) {
  std::vector<std::string_view> command{"EVALSHA", script.sha1, "1", key};
  command.insert(command.end(), args.begin(), args.end());
  auto lease = pool_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto reply = (*lease)->Command(command);
  if (!reply || !IsErrorReply(**reply) || !std::string_view((*reply)->str, (*reply)->len).starts_with("NOSCRIPT")) {
    return Checked(std::move(reply), "EVALSHA");
  }
  command[0] = "EVAL";
  command[1] = script.text;
  return Checked((*lease)->Command(command), "EVAL");
}

Result<std::vector<RedisReply>> RedisClient::Pipeline(std::span<const std::vector<std::string_view>> commands) {
  auto lease = pool_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return (*lease)->Pipeline(commands);
}

}  // namespace menshen::store::kv
