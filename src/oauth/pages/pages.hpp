// The hosted pages (sign-in, consent, sign-out, messages): mustache templates and their texts in zh-CN and
// en, compiled into the binary from web/. Every page is sent with a strict Content-Security-Policy (no
// script at all, styles only from our own stylesheet), X-Frame-Options: DENY and Cache-Control: no-store.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/locale.hpp"
#include "core/error.hpp"
#include "http/message.hpp"
#include "http/render.hpp"
#include "http/templates.hpp"

namespace menshen::oauth {

class Pages {
 public:
  // `base_path`: the issuer's path ("" or "/idp"), the prefix of every link in the pages.
  explicit Pages(std::string base_path);

  // The page's locale: the first of `ui_locales` we have (OpenID Connect Core 3.1.2.1), else the request's
  // Accept-Language choice.
  static catalog::Locale LocaleFor(const http::Request& request, const std::optional<std::string>& ui_locales);

  // Renders `page` ("login", "consent", "logout", "message") with `view`; the locale's texts are `t`.
  // `form_targets`: the URIs a form on the page may end up redirecting to (allowed by form-action, which
  // browsers also apply to the redirect that follows a form post).
  http::Response Render(std::string_view page, catalog::Locale locale, nlohmann::json view,
                        const std::vector<std::string>& form_targets = {}, int status = 200) const;
  // A message page for `error`: its catalog message in the locale, code and request id; its catalog status.
  http::Response Error(const http::Renderer& renderer, const http::Request& request, catalog::Locale locale,
                       const menshen::Error& error) const;
  // A page with a heading and a line of text from the locale's texts.
  http::Response Message(catalog::Locale locale, std::string_view heading_key, std::string_view text_key) const;
  // A localized text of the pages.
  std::string Text(catalog::Locale locale, std::string_view key) const;

  const std::string& Stylesheet() const { return stylesheet_; }
  const std::string& BasePath() const { return base_path_; }

 private:
  std::string base_path_;
  http::Templates templates_;
  std::map<catalog::Locale, nlohmann::json> texts_;
  std::string stylesheet_;
};

// A 303 to `location` with the pages' caching and referrer headers (RFC 6749 4.1.2; 303 turns a form post
// into a GET).
http::Response SeeOther(std::string location);
// Cache-Control: no-store and the headers every page and redirect of the flow carries.
void NoStorePageHeaders(http::Response& response);

}  // namespace menshen::oauth
