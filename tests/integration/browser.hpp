// A browser for the hosted pages: a cookie jar over RawClient, redirects not followed, and the few HTML
// reads the tests need (a form's hidden fields, a page's text).
#pragma once

#include <map>
#include <string>

#include "raw_client.hpp"

namespace menshen::testing {

// Percent-encoding for form bodies and query strings.
inline std::string Encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

inline std::string Decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

// The decoded value of a query parameter of `url`; empty when absent.
inline std::string QueryValue(const std::string& url, const std::string& name) {
  const auto query = url.find('?');
  if (query == std::string::npos) return {};
  std::string rest = url.substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string::npos ? std::string{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string::npos ? std::string{} : Decode(pair.substr(eq + 1));
  }
  return {};
}

// The hidden inputs of `html` (as the pages write them), with &amp; undone in the values.
inline std::map<std::string, std::string> HiddenFields(const std::string& html) {
  std::map<std::string, std::string> out;
  const std::string open = "<input type=\"hidden\" name=\"";
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    const auto name_start = at + open.size();
    const auto name_end = html.find('"', name_start);
    const std::string value_open = " value=\"";
    if (html.compare(name_end + 1, value_open.size(), value_open) != 0) continue;
    const auto value_start = name_end + 1 + value_open.size();
    std::string value = html.substr(value_start, html.find('"', value_start) - value_start);
    for (auto amp = value.find("&amp;"); amp != std::string::npos; amp = value.find("&amp;", amp + 1)) {
      value.erase(amp + 1, 4);
    }
    out.emplace(html.substr(name_start, name_end - name_start), value);
  }
  return out;
}

class Browser {
 public:
  explicit Browser(std::uint16_t port, std::string accept_language = "en") : port_(port), language_(accept_language) {}

  RawResponse Get(const std::string& target, const std::string& extra_headers = {}) {
    return Send("GET", target, {}, extra_headers);
  }
  RawResponse PostForm(const std::string& target, const std::map<std::string, std::string>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) body += (body.empty() ? "" : "&") + Encode(name) + "=" + Encode(value);
    return Send("POST", target, body, "Content-Type: application/x-www-form-urlencoded\r\n");
  }
  RawResponse Send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& extra_headers) {
    std::string headers = "Accept-Language: " + language_ + "\r\n" + extra_headers;
    if (!cookies_.empty()) {
      std::string line;
      for (const auto& [name, value] : cookies_) line += (line.empty() ? "" : "; ") + name + "=" + value;
      headers += "Cookie: " + line + "\r\n";
    }
    auto response = Request(port_, method, target, body, headers);
    if (!response) return {};
    for (const auto& set : response->set_cookies) {
      const auto eq = set.find('=');
      const auto end = set.find(';');
      const auto name = set.substr(0, eq);
      const auto value = set.substr(eq + 1, end - eq - 1);
      if (value.empty() || set.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    return *response;
  }

  std::map<std::string, std::string>& Cookies() { return cookies_; }

 private:
  std::uint16_t port_;
  std::string language_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace menshen::testing
