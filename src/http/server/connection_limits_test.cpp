#include "http/server/connection_limits.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

IpAddress Ip(std::string_view text) { return ParseIpAddress(text).value(); }

TEST(ConnectionsPerAddressTest, RefusesTheConnectionPastTheLimitOfOneAddressOnly) {
  ConnectionsPerAddress limits(2);
  EXPECT_TRUE(limits.TryAdd(Ip("127.0.0.1")));
  EXPECT_TRUE(limits.TryAdd(Ip("127.0.0.1")));
  EXPECT_FALSE(limits.TryAdd(Ip("127.0.0.1")));
  EXPECT_EQ(limits.Count(Ip("127.0.0.1")), 2u);
  EXPECT_TRUE(limits.TryAdd(Ip("127.0.0.2")));
  limits.Remove(Ip("127.0.0.1"));
  EXPECT_TRUE(limits.TryAdd(Ip("127.0.0.1")));
}

TEST(ConnectionsPerAddressTest, Ipv4MappedIpv6CountsAsTheIpv4Address) {
  ConnectionsPerAddress limits(1);
  EXPECT_TRUE(limits.TryAdd(Ip("192.0.2.1")));
  EXPECT_FALSE(limits.TryAdd(Ip("::ffff:192.0.2.1")));
}

TEST(ConnectionsPerAddressTest, ForgetsAddressesWithNoConnectionLeft) {
  ConnectionsPerAddress limits(3);
  ASSERT_TRUE(limits.TryAdd(Ip("2001:db8::1")));
  limits.Remove(Ip("2001:db8::1"));
  EXPECT_EQ(limits.Count(Ip("2001:db8::1")), 0u);
  limits.Remove(Ip("2001:db8::1"));  // a stray release does not go below zero
  EXPECT_EQ(limits.Count(Ip("2001:db8::1")), 0u);
}

}  // namespace
}  // namespace menshen::http
