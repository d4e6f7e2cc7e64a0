// Conversions between Beast messages and the transport-neutral Request/Response, and the limit checks
// made on a request head before its body is read. Only server.cpp includes this header.
#pragma once

#include <boost/beast/http.hpp>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/server/client_address.hpp"
#include "http/server/server.hpp"

namespace menshen::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Method, target, headers and client IP (see ClientAddress) of a request whose head was read (possibly
// partially).
Request RequestFromHeader(const BeastRequest& message, const Peer& peer, const IpNetworks& trusted_proxies);

// The refusal to send for a read error, or nullopt when the peer simply went away.
std::optional<ErrorId> ClassifyReadError(const boost::system::error_code& ec);

// URI length, header size and declared body size against the limits; the error and its public detail.
std::optional<std::pair<ErrorId, std::string>> CheckHeaderLimits(const BeastRequest& message,
                                                                 const ServerOptions& options);

// A head whose framing or Host is ambiguous, as RFC 9112 asks a server to refuse with 400 and a closed
// connection; the public detail, or nullopt when the head is sound. Beast itself refuses differing
// Content-Length values, and Transfer-Encoding after Content-Length; this adds what it lets through:
// - Transfer-Encoding other than exactly "chunked" (6.1: a final coding other than chunked leaves the length
//   unknown; codings before it are ones this server cannot decode), or in an HTTP/1.0 request;
// - Transfer-Encoding together with Content-Length in either order (6.1, 6.3);
// - an HTTP/1.1 request without Host, and any request with more than one Host (3.2). HTTP/1.0 predates Host
//   and may leave it out.
std::optional<std::string> CheckFraming(const BeastRequest& message);

bool IsExpectContinue(const BeastRequest& message);

// The status line and header fields of `response`, ending in the blank line: the bytes Beast's serializer
// writes for the same message, without building its field list, and a Date field (`date`, an
// IMF-fixdate) as RFC 9110 6.6.1 asks of a server with a clock. The body that goes with it is
// ResponseBody's. A header whose name or value holds CR, LF or NUL is left out (it would split the
// response); 1xx, 204 and 304 responses carry no body and no Content-Length (RFC 9110 8.6).
// `strict_transport_security`, when not empty, is sent as that header's value (RFC 6797 6.1).
std::string ResponseHead(const Response& response, bool keep_alive, std::string_view date,
                         std::string_view strict_transport_security = {});
std::string_view ResponseBody(const Response& response);

// `when` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 5.6.7).
std::string HttpDate(std::time_t when);
// HttpDate of now, formatted once per second per thread.
std::string_view CurrentHttpDate();

}  // namespace menshen::http
