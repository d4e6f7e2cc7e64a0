#include "store/kv/redis/redis_near_cache.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>

namespace menshen::store::kv {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string_view Text(const redisReply& reply) { return {reply.str, reply.len}; }

// A message pushed by the server on a subscribed connection: ["message", channel, payload].
const redisReply* MessagePayload(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3) return nullptr;
  const redisReply& kind = *reply.element[0];
  const redisReply& payload = *reply.element[2];
  if (kind.type != REDIS_REPLY_STRING || Text(kind) != "message" || payload.type != REDIS_REPLY_STRING) return nullptr;
  return &payload;
}

}  // namespace

RedisNearCache::RedisNearCache(RedisNearCacheOptions options)
    : options_(std::move(options)),
      silence_allowed_(options_.heartbeat + options_.redis.timeout),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  thread_ = std::thread([this] { Run(); });
}

RedisNearCache::~RedisNearCache() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (write(wake_fd_, &one, sizeof one) < 0) {
    // Unreachable for an eventfd below its maximum; the thread then ends within one heartbeat anyway.
  }
  thread_.join();
  close(wake_fd_);
}

RedisNearCache::Lookup RedisNearCache::Find(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto now = SteadyClock::now();
  AbsorbLocked(now);
  if (!LiveLocked(now)) return {};
  if (const auto it = entries_.find(key); it != entries_.end()) {
    if (!it->second.expires_at || *it->second.expires_at > now) return {.hit = true, .value = it->second.value};
    entries_.erase(it);
  }
  return {.epoch = epoch_};
}

void RedisNearCache::Remember(std::uint64_t epoch, const std::string& key, std::optional<std::string> value,
                              std::optional<TimePoint> expires_at) {
  std::lock_guard lock(mutex_);
  if (epoch == 0 || epoch != epoch_) return;
  if (entries_.size() >= options_.max_entries) entries_.clear();
  entries_.insert_or_assign(key, Entry{std::move(value), expires_at});
}

void RedisNearCache::Forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
  ++epoch_;
}

bool RedisNearCache::Live() {
  std::lock_guard lock(mutex_);
  const auto now = SteadyClock::now();
  AbsorbLocked(now);
  return LiveLocked(now);
}

bool RedisNearCache::LiveLocked(TimePoint now) const {
  return subscription_ != nullptr && now - last_heard_ <= silence_allowed_;
}

void RedisNearCache::AbsorbLocked(TimePoint now) {
  if (!subscription_) return;
  auto arrived = subscription_->TakeArrived();
  if (!arrived) {
    spdlog::warn("kv near cache: subscription lost, answering from Redis until it is back: {}",
                 arrived.error().internal_detail);
    DropLocked();
    return;
  }
  if (!arrived->empty()) last_heard_ = now;
  for (const auto& reply : *arrived) {
    if (const auto* payload = MessagePayload(*reply)) {
      entries_.erase(std::string(Text(*payload)));
      ++epoch_;
    }
  }
}

void RedisNearCache::DropLocked() {
  subscription_.reset();
  entries_.clear();
  ++epoch_;
}

bool RedisNearCache::Subscribe() {
  auto connection = RedisConnection::Open(options_.redis);
  if (!connection) return false;
  const std::string_view subscribe[] = {"SUBSCRIBE", options_.channel};
  auto reply = (*connection)->Command(subscribe);
  if (!reply || (*reply)->type != REDIS_REPLY_ARRAY || (*reply)->elements < 1 ||
      (*reply)->element[0]->type != REDIS_REPLY_STRING || Text(*(*reply)->element[0]) != "subscribe") {
    return false;
  }
  std::lock_guard lock(mutex_);
  subscription_ = std::move(*connection);
  entries_.clear();
  ++epoch_;
  last_heard_ = last_ping_ = SteadyClock::now();
  spdlog::info("kv near cache: subscribed to {}", options_.channel);
  return true;
}

void RedisNearCache::Run() {
  while (!stopping_) {
    int fd = -1;
    {
      std::lock_guard lock(mutex_);
      if (subscription_) fd = subscription_->Fd();
    }
    if (fd < 0 && Subscribe()) continue;
    // Wait for a message, the next heartbeat, or shutdown. Lookups take messages in as well; this thread is
    // what keeps an idle node's subscription proven.
    std::array<pollfd, 2> waits{pollfd{.fd = wake_fd_, .events = POLLIN, .revents = 0},
                                pollfd{.fd = fd, .events = POLLIN, .revents = 0}};
    poll(waits.data(), fd < 0 ? 1 : 2, static_cast<int>(options_.heartbeat.count()));
    if (stopping_) break;
    std::lock_guard lock(mutex_);
    const auto now = SteadyClock::now();
    AbsorbLocked(now);
    if (!subscription_) continue;
    if (now - last_heard_ > silence_allowed_) {
      spdlog::warn("kv near cache: no answer from Redis for {} ms, answering from Redis until it is back",
                   std::chrono::duration_cast<std::chrono::milliseconds>(now - last_heard_).count());
      DropLocked();
      continue;
    }
    if (now - last_ping_ >= options_.heartbeat) {
      const std::string_view ping[] = {"PING"};
      if (!subscription_->Send(ping)) {
        DropLocked();
        continue;
      }
      last_ping_ = now;
    }
  }
}

}  // namespace menshen::store::kv
