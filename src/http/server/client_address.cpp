#include "http/server/client_address.hpp"

namespace menshen::http {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string ClientAddress(const Peer& peer, const Fields& headers, const IpNetworks& trusted_proxies) {
  if (!peer.trusted_proxy) return peer.text;
  // The nearest hop known to be a trusted proxy so far; it starts as the peer itself.
  std::optional<IpAddress> nearest;
  // Repeated header lines form one list in order (RFC 9110 5.3): the last line holds the rightmost entries.
  for (auto field = headers.rbegin(); field != headers.rend(); ++field) {
    if (field->first != "x-forwarded-for") continue;
    std::string_view list = field->second;
    while (!list.empty()) {
      const auto comma = list.rfind(',');
      const auto entry = Trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
      if (entry.empty()) continue;  // empty list elements are ignored (RFC 9110 5.6.1)
      const auto address = ParseIpAddress(entry);
      if (!address) return nearest ? ToString(*nearest) : peer.text;
      if (!trusted_proxies.Contains(*address)) return ToString(*address);
      nearest = address;
    }
  }
  return nearest ? ToString(*nearest) : peer.text;
}

}  // namespace menshen::http
