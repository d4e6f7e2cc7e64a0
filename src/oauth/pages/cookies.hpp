// The hosted pages' two cookies: the sign-in (an opaque secret, see BrowserSessions) and the CSRF key of the
// forms. HttpOnly, Path=/; with an https issuer also Secure and named __Host- (RFC 6265bis 4.1.3.2), so that
// no subdomain or plain-http page can plant one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace menshen::oauth {

struct CookieNames {
  std::string session;
  std::string csrf;
};

class Cookies {
 public:
  explicit Cookies(bool secure)
      : secure_(secure),
        names_{secure ? "__Host-menshen_session" : "menshen_session", secure ? "__Host-menshen_csrf" : "menshen_csrf"} {
  }

  const CookieNames& Names() const { return names_; }
  // The value of cookie `name` in the request's Cookie headers (the first, when repeated).
  static std::optional<std::string> Read(const http::Request& request, std::string_view name);
  // A Set-Cookie value. The sign-in cookie is SameSite=Lax: it must come along when another site sends the
  // browser to /oauth/authorize. The CSRF cookie is Strict: only our own forms need it.
  std::string Set(std::string_view name, std::string_view value, bool strict) const;
  // A Set-Cookie value that deletes `name`.
  std::string Clear(std::string_view name) const;

 private:
  bool secure_;
  CookieNames names_;
};

}  // namespace menshen::oauth
