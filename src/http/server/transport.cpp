#include "http/server/transport.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <charconv>

namespace menshen::http {

namespace bhttp = boost::beast::http;

namespace {

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string Lowercase(std::string_view in) {
  std::string out(in);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool MayHaveBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool IsSafeInHeader(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) == text.npos; }

void AppendNumber(std::string& out, std::size_t value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  if (name.empty() || !IsSafeInHeader(name) || !IsSafeInHeader(value)) {
    spdlog::error("response header {:?} left out: an empty name, or a line break or NUL in it", name);
    return;
  }
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

}  // namespace

Request RequestFromHeader(const BeastRequest& message, const Peer& peer, const IpNetworks& trusted_proxies) {
  Request request;
  request.received_at = std::chrono::steady_clock::now();
  request.method = ToMethod(message.method());
  request.target = std::string(message.target());
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  request.headers.reserve(16);
  for (const auto& field : message) {
    request.headers.emplace_back(Lowercase(field.name_string()), std::string(field.value()));
  }
  request.client_ip = ClientAddress(peer, request.headers, trusted_proxies);
  return request;
}

std::optional<ErrorId> ClassifyReadError(const boost::system::error_code& ec) {
  // A timed-out stream is already closed by Beast: nothing can be said to that client.
  if (ec == boost::beast::error::timeout) return std::nullopt;
  if (ec == bhttp::error::header_limit) return ErrorId::kHttpHeaderTooLarge;
  if (ec == bhttp::error::body_limit) return ErrorId::kHttpBodyTooLarge;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  // Any other parser error is a malformed request; socket errors mean the peer is gone.
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) return ErrorId::kCommonBadRequest;
  return std::nullopt;
}

std::optional<std::pair<ErrorId, std::string>> CheckHeaderLimits(const BeastRequest& message,
                                                                 const ServerOptions& options) {
  const auto target = message.target();
  if (target.size() > options.max_uri_bytes) {
    return std::pair{ErrorId::kHttpUriTooLong, fmt::format("the URI may be at most {} bytes", options.max_uri_bytes)};
  }
  std::size_t header_bytes = message.method_string().size() + target.size() + 12;  // request line
  for (const auto& field : message) header_bytes += field.name_string().size() + field.value().size() + 4;
  if (header_bytes > options.max_header_bytes) {
    return std::pair{ErrorId::kHttpHeaderTooLarge,
                     fmt::format("headers may be at most {} bytes", options.max_header_bytes)};
  }
  if (const auto length = message.payload_size(); length && *length > options.max_body_bytes) {
    return std::pair{ErrorId::kHttpBodyTooLarge,
                     fmt::format("the body may be at most {} bytes", options.max_body_bytes)};
  }
  return std::nullopt;
}

std::optional<std::string> CheckFraming(const BeastRequest& message) {
  std::size_t hosts = 0;
  bool content_length = false;
  bool transfer_encoding = false;
  bool only_chunked = true;  // every Transfer-Encoding line, joined, is the one coding "chunked"
  std::size_t codings = 0;
  for (const auto& field : message) {
    switch (field.name()) {
      case bhttp::field::host:
        ++hosts;
        break;
      case bhttp::field::content_length:
        content_length = true;
        break;
      case bhttp::field::transfer_encoding:
        transfer_encoding = true;
        // Split by hand, not with Beast's token_list, which stops at the first bad token and would take
        // "chunked;x=1" for "chunked": any element but the bare word is refused.
        for (std::string_view list = field.value(); !list.empty();) {
          const auto comma = list.find(',');
          auto coding = list.substr(0, comma);
          list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
          while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
          while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
          if (coding.empty()) continue;  // empty list elements are ignored (RFC 9110 5.6.1)
          ++codings;
          only_chunked = only_chunked && boost::beast::iequals(coding, "chunked");
        }
        break;
      default:
        break;
    }
  }
  if (transfer_encoding) {
    if (message.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
    if (content_length) return "a request may not carry both Transfer-Encoding and Content-Length";
    if (!only_chunked || codings != 1) return "Transfer-Encoding must be chunked, alone";
  }
  if (hosts > 1) return "a request must carry one Host header, not several";
  if (hosts == 0 && message.version() >= 11) return "an HTTP/1.1 request must carry a Host header";
  return std::nullopt;
}

bool IsExpectContinue(const BeastRequest& message) {
  const auto expect = message[bhttp::field::expect];
  return expect.size() == 12 && Lowercase(expect) == "100-continue";
}

std::string ResponseHead(const Response& response, bool keep_alive, std::string_view date,
                         std::string_view strict_transport_security) {
  std::string head;
  head.reserve(256);
  head += "HTTP/1.1 ";
  AppendNumber(head, static_cast<unsigned>(response.status));
  head += ' ';
  head += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  head += "\r\n";
  AppendField(head, "Date", date);
  AppendField(head, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) AppendField(head, name, value);
  if (!strict_transport_security.empty()) AppendField(head, "Strict-Transport-Security", strict_transport_security);
  if (!keep_alive) head += "Connection: close\r\n";
  if (MayHaveBody(response.status)) {
    head += "Content-Length: ";
    AppendNumber(head, response.body.size());
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

std::string_view ResponseBody(const Response& response) {
  return MayHaveBody(response.status) ? std::string_view(response.body) : std::string_view{};
}

std::string HttpDate(std::time_t when) {
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  // Fixed English names: an IMF-fixdate does not follow the locale.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto end =
      fmt::format_to_n(text, sizeof text, "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[utc.tm_wday], utc.tm_mday,
                       kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return std::string(text, end.out);
}

std::string_view CurrentHttpDate() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    text = HttpDate(now);
    formatted_at = now;
  }
  return text;
}

}  // namespace menshen::http
