// libFuzzer target for the request path a client's bytes take before any handler: Beast's parser with the
// server's limits, then our conversion (client address included), limit and framing checks, query parsing, routing and
// JSON body parsing.
#include <utility>
// clang-format off
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include <cstddef>
#include <cstdint>

#include "http/form.hpp"
#include "http/json_body.hpp"
#include "http/router.hpp"
#include "http/server/transport.hpp"

namespace {

using namespace menshen::http;

const Router& FuzzRouter() {
  static const Router router = [] {
    Router r;
    const Handler none = [](Request&) { return Response{}; };
    r.Add(Method::kGet, "/healthz", none);
    r.Add(Method::kGet, "/api/v1/admin/users/{id}", none);
    r.Add(Method::kPost, "/api/v1/admin/users/{id}/lock", none);
    r.Add(Method::kPost, "/api/v1/auth/login", none);
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  const ServerOptions options{.max_header_bytes = 4096, .max_uri_bytes = 2048, .max_body_bytes = 65536};
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes + options.max_uri_bytes));
  parser.body_limit(options.max_body_bytes);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!parser.is_header_done()) return 0;

  // The peer is a trusted proxy, so that X-Forwarded-For is walked too.
  static const menshen::IpNetworks trusted =
      menshen::IpNetworks::Parse({"127.0.0.0/8", "10.0.0.0/8", "2001:db8::/32"}).value();
  const Peer peer{*menshen::ParseIpAddress("127.0.0.1"), "127.0.0.1", true};
  Request request = RequestFromHeader(parser.get(), peer, trusted);
  if (CheckHeaderLimits(parser.get(), options)) return 0;
  if (CheckFraming(parser.get())) return 0;
  if (auto match = FuzzRouter().Match(request.method, request.path); match.route) {
    request.path_params = std::move(match.params);
  }
  (void)ParseUrlEncoded(request.query, 100, request.query_params);
  if (parser.is_done()) {
    request.body = parser.get().body();
    (void)ParseJsonObject(request, 100);
  }
  return 0;
}
