// Open connections per client address, so that one address cannot hold every connection the server
// allows. Counted once per connection (on accept and on close), never per request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "core/ip_network.hpp"

namespace menshen::http {

class ConnectionsPerAddress {
 public:
  explicit ConnectionsPerAddress(std::size_t limit) : limit_(limit) {}

  // Counts one more connection from `address`; false (and nothing counted) when it already holds the limit.
  bool TryAdd(const IpAddress& address);
  // Ends a connection TryAdd counted.
  void Remove(const IpAddress& address);
  std::size_t Count(const IpAddress& address) const;

 private:
  const std::size_t limit_;
  mutable std::mutex mutex_;
  // Only addresses with open connections are kept, so the map is bounded by the connection limit.
  std::unordered_map<IpAddress, std::uint32_t, IpAddressHash> open_;
};

}  // namespace menshen::http
