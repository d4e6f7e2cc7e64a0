// The client address a request is answered, limited and logged for: the TCP peer, or behind a trusted
// proxy the address that proxy vouches for in X-Forwarded-For.
#pragma once

#include <string>

#include "core/ip_network.hpp"
#include "http/message.hpp"

namespace menshen::http {

// The other end of a connection, worked out once when it is accepted.
struct Peer {
  IpAddress address;
  std::string text;            // ToString(address): IPv4-mapped IPv6 peers read as IPv4
  bool trusted_proxy = false;  // in server.trusted_proxies: its X-Forwarded-For is read
};

// Each proxy appends the address it received the request from to X-Forwarded-For, so the entries a client
// cannot forge are the rightmost ones, up to the first that no trusted proxy wrote. When the peer is a
// trusted proxy the header lines (`headers`, lowercase names) are read right to left, skipping trusted
// proxies, and the first other address is the client. An entry that is not an IP address ("unknown", a
// port, garbage) ends the walk at the nearest trusted hop: the proxy that passed it on, whose own address
// is known. From any other peer the header is ignored and the peer is the client.
std::string ClientAddress(const Peer& peer, const Fields& headers, const IpNetworks& trusted_proxies);

}  // namespace menshen::http
