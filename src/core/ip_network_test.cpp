#include "core/ip_network.hpp"

#include <gtest/gtest.h>

namespace menshen {
namespace {

IpAddress Ip(std::string_view text) {
  const auto address = ParseIpAddress(text);
  EXPECT_TRUE(address) << text;
  return address.value_or(IpAddress{});
}

bool In(std::string_view network, std::string_view address) {
  const auto parsed = ParseIpNetwork(network);
  EXPECT_TRUE(parsed) << network << ": " << (parsed ? "" : parsed.error());
  return parsed && parsed->Contains(Ip(address));
}

TEST(IpAddressTest, Ipv4MappedIpv6IsTheSameAddressAsIpv4) {
  EXPECT_EQ(Ip("::ffff:192.0.2.1"), Ip("192.0.2.1"));
  EXPECT_TRUE(Ip("::ffff:192.0.2.1").IsV4());
  EXPECT_EQ(ToString(Ip("::ffff:192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(IpAddressHash{}(Ip("::ffff:192.0.2.1")), IpAddressHash{}(Ip("192.0.2.1")));
  EXPECT_FALSE(Ip("2001:db8::1").IsV4());
  EXPECT_EQ(ToString(Ip("2001:DB8:0:0::1")), "2001:db8::1");
}

TEST(IpAddressTest, RefusesWhatIsNotABareAddress) {
  for (std::string_view bad :
       {"", " 192.0.2.1", "192.0.2.1 ", "192.0.2.1:80", "[::1]", "::1%lo", "192.0.2", "192.0.2.256", "0x7f.0.0.1",
        "unknown", "2001:db8::1::2", "a.b.c.d", "1111:2222:3333:4444:5555:6666:7777:8888:9999", "192.0.2.1/32"}) {
    EXPECT_EQ(ParseIpAddress(bad), std::nullopt) << bad;
  }
}

TEST(IpNetworkTest, Ipv4PrefixesCountIpv4Bits) {
  EXPECT_TRUE(In("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(In("10.0.0.0/8", "11.0.0.0"));
  EXPECT_TRUE(In("192.0.2.7/32", "192.0.2.7"));
  EXPECT_FALSE(In("192.0.2.7/32", "192.0.2.6"));
  EXPECT_TRUE(In("192.0.2.7", "192.0.2.7"));
  EXPECT_TRUE(In("172.16.0.0/12", "172.31.255.255"));
  EXPECT_FALSE(In("172.16.0.0/12", "172.32.0.0"));
  EXPECT_TRUE(In("10.0.0.0/8", "::ffff:10.1.2.3"));
}

TEST(IpNetworkTest, SlashZeroOfIpv4IsEveryIpv4AddressAndNoIpv6One) {
  EXPECT_TRUE(In("0.0.0.0/0", "203.0.113.9"));
  EXPECT_TRUE(In("0.0.0.0/0", "0.0.0.0"));
  EXPECT_FALSE(In("0.0.0.0/0", "2001:db8::1"));
}

TEST(IpNetworkTest, Ipv6Prefixes) {
  EXPECT_TRUE(In("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(In("2001:db8::/32", "2001:db9::1"));
  EXPECT_TRUE(In("::1/128", "::1"));
  EXPECT_TRUE(In("::1", "::1"));
  EXPECT_FALSE(In("::1/128", "::2"));
  EXPECT_TRUE(In("fe80::/10", "febf::1"));
  EXPECT_FALSE(In("fe80::/10", "fec0::1"));
  // ::/0 covers the whole 128-bit space, in which IPv4 addresses are held mapped.
  EXPECT_TRUE(In("::/0", "2001:db8::1"));
  EXPECT_TRUE(In("::/0", "192.0.2.1"));
  EXPECT_TRUE(In("::ffff:0:0/96", "192.0.2.1"));
  EXPECT_TRUE(In("::ffff:192.0.2.0/120", "192.0.2.200"));
}

TEST(IpNetworkTest, RefusesGarbageBadPrefixesAndHostBits) {
  for (std::string_view bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/ 8",
                               "10.0.0.0/8 ", "10.0.0.0/x", "::/129", "example.com", "10.0.0.0/08x", "*"}) {
    EXPECT_FALSE(ParseIpNetwork(bad)) << bad;
  }
  const auto host_bits = ParseIpNetwork("10.0.0.1/8");
  ASSERT_FALSE(host_bits);
  EXPECT_NE(host_bits.error().find("did you mean 10.0.0.0/8"), std::string::npos) << host_bits.error();
  EXPECT_FALSE(ParseIpNetwork("2001:db8::1/32"));
}

TEST(IpNetworksTest, ParsesAListAndNamesTheFirstBadEntry) {
  const auto list = IpNetworks::Parse({"10.0.0.0/8", "2001:db8::/32"});
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->Contains(Ip("10.2.3.4")));
  EXPECT_TRUE(list->Contains(Ip("2001:db8::5")));
  EXPECT_FALSE(list->Contains(Ip("192.0.2.1")));
  const auto bad = IpNetworks::Parse({"10.0.0.0/8", "proxy.internal"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("proxy.internal"), std::string::npos);
  EXPECT_FALSE(IpNetworks{}.Contains(Ip("127.0.0.1")));
}

}  // namespace
}  // namespace menshen
