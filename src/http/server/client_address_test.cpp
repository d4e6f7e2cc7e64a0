#include "http/server/client_address.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

IpNetworks Trusted(std::vector<std::string> entries) { return IpNetworks::Parse(entries).value(); }

Peer PeerAt(std::string_view text, const IpNetworks& trusted) {
  const auto address = ParseIpAddress(text).value();
  return Peer{address, ToString(address), trusted.Contains(address)};
}

std::string Resolve(std::string_view peer, Fields headers, const IpNetworks& trusted) {
  return ClientAddress(PeerAt(peer, trusted), headers, trusted);
}

TEST(ClientAddressTest, AnUntrustedPeerIsTheClientWhateverItForwards) {
  const auto trusted = Trusted({"10.0.0.0/8"});
  EXPECT_EQ(Resolve("203.0.113.5", {{"x-forwarded-for", "198.51.100.1"}}, trusted), "203.0.113.5");
  EXPECT_EQ(Resolve("203.0.113.5", {{"x-forwarded-for", "10.0.0.1"}}, Trusted({})), "203.0.113.5");
}

TEST(ClientAddressTest, BehindATrustedProxyTheRightmostUntrustedEntryIsTheClient) {
  const auto trusted = Trusted({"10.0.0.0/8", "2001:db8::/32"});
  // A client that sends its own X-Forwarded-For only adds entries left of the one the proxy appends.
  EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", "1.1.1.1, 198.51.100.7"}}, trusted), "198.51.100.7");
  EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.9.9.9"}}, trusted), "198.51.100.7");
  EXPECT_EQ(Resolve("2001:db8::1", {{"x-forwarded-for", "2001:DB8::5,2001:db9::1"}}, trusted), "2001:db9::1");
  EXPECT_EQ(Resolve("::ffff:10.0.0.2", {{"x-forwarded-for", "::ffff:198.51.100.7"}}, trusted), "198.51.100.7");
}

TEST(ClientAddressTest, RepeatedHeaderLinesAreOneListInOrder) {
  const auto trusted = Trusted({"10.0.0.0/8"});
  const Fields headers{
      {"x-forwarded-for", "1.1.1.1, 198.51.100.7"}, {"accept", "*/*"}, {"x-forwarded-for", "10.1.1.1"}};
  EXPECT_EQ(Resolve("10.0.0.2", headers, trusted), "198.51.100.7");
  const Fields forged_last{{"x-forwarded-for", "198.51.100.7"}, {"x-forwarded-for", "192.0.2.66"}};
  EXPECT_EQ(Resolve("10.0.0.2", forged_last, trusted), "192.0.2.66");
}

TEST(ClientAddressTest, AnInvalidEntryNeverBecomesTheClientTheNearestTrustedHopDoes) {
  const auto trusted = Trusted({"10.0.0.0/8"});
  for (std::string_view bad : {"unknown", "198.51.100.7:4711", "[2001:db8::1]", "<script>", "_hidden", "1.2.3"}) {
    EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", std::string(bad)}}, trusted), "10.0.0.2") << bad;
    EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", "198.51.100.9, " + std::string(bad) + ", 10.3.3.3"}}, trusted),
              "10.3.3.3")
        << bad;
  }
}

TEST(ClientAddressTest, EmptyElementsAreSkippedAndAllTrustedGivesTheLeftmost) {
  const auto trusted = Trusted({"10.0.0.0/8"});
  EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", " , 198.51.100.7 ,, "}}, trusted), "198.51.100.7");
  EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", ""}}, trusted), "10.0.0.2");
  EXPECT_EQ(Resolve("10.0.0.2", {}, trusted), "10.0.0.2");
  EXPECT_EQ(Resolve("10.0.0.2", {{"x-forwarded-for", "10.5.5.5, 10.6.6.6"}}, trusted), "10.5.5.5");
}

}  // namespace
}  // namespace menshen::http
