#include "http/server/connection_limits.hpp"

namespace menshen::http {

bool ConnectionsPerAddress::TryAdd(const IpAddress& address) {
  std::lock_guard lock(mutex_);
  auto& count = open_[address];
  if (count >= limit_) return false;
  ++count;
  return true;
}

void ConnectionsPerAddress::Remove(const IpAddress& address) {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

std::size_t ConnectionsPerAddress::Count(const IpAddress& address) const {
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace menshen::http
