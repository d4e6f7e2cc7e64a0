#include "http/form.hpp"

#include <fmt/core.h>

#include "http/utf8.hpp"

namespace menshen::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    // A run without an escape is copied whole.
    const std::size_t run_start = i;
    while (i < in.size() && in[i] != '%' && !(plus_is_space && in[i] == '+')) ++i;
    out.append(in.substr(run_start, i - run_start));
    if (i == in.size()) break;
    if (in[i] == '+') {
      out += ' ';
      ++i;
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 3;
  }
  return out;
}

Status ParseUrlEncoded(std::string_view text, std::size_t max_params, Fields& out) {
  std::size_t count = 0;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    if (++count > max_params) {
      return Fail(ErrorId::kGatewayTooManyParameters, fmt::format("at most {} parameters per request", max_params));
    }
    const auto eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return Fail(ErrorId::kCommonInvalidParameter, "malformed percent-encoding");
    if (!IsValidUtf8(*name) || !IsValidUtf8(*value)) {
      return Fail(ErrorId::kCommonInvalidParameter, "parameters must be valid UTF-8");
    }
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return {};
}

}  // namespace menshen::http
