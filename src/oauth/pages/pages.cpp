#include "oauth/pages/pages.hpp"

#include <fmt/core.h>

#include <cctype>
#include <stdexcept>

#include "core/embedded.hpp"

namespace menshen::oauth {
namespace web {
std::span<const EmbeddedFile> EmbeddedFiles();
}  // namespace web
namespace {

using nlohmann::json;

std::map<std::string, std::string, std::less<>> TemplateSources() {
  std::map<std::string, std::string, std::less<>> out;
  constexpr std::string_view kDir = "templates/", kSuffix = ".mustache";
  for (const auto& file : web::EmbeddedFiles()) {
    if (!file.path.starts_with(kDir) || !file.path.ends_with(kSuffix)) continue;
    const auto name = file.path.substr(kDir.size(), file.path.size() - kDir.size() - kSuffix.size());
    out.emplace(std::string(name), std::string(file.content));
  }
  return out;
}

std::string_view WebFile(std::string_view path) {
  for (const auto& file : web::EmbeddedFiles()) {
    if (file.path == path) return file.content;
  }
  throw std::runtime_error("web file missing from the build: " + std::string(path));
}

json Texts(std::string_view path) {
  auto parsed = json::parse(WebFile(path), nullptr, false);
  if (!parsed.is_object()) throw std::runtime_error("web file is not a JSON object: " + std::string(path));
  return parsed;
}

// The CSP source for where a form's redirect may go: the origin of an http(s) URI, the scheme of a
// private-use one (com.example.app:). Anything that could break out of the header is left out.
std::optional<std::string> FormActionSource(std::string_view uri) {
  const auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto scheme = uri.substr(0, colon);
  for (char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  if (scheme != "http" && scheme != "https") return std::string(scheme) + ":";
  if (!uri.substr(colon).starts_with("://")) return std::nullopt;
  const auto authority_start = colon + 3;
  const auto end = uri.find_first_of("/?#", authority_start);
  const auto origin = uri.substr(0, end);
  for (char c : origin.substr(authority_start)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') {
      return std::nullopt;
    }
  }
  return std::string(origin);
}

void SecurityHeaders(http::Response& response, const std::vector<std::string>& form_targets) {
  std::string form_action = "'self'";
  for (const auto& target : form_targets) {
    if (auto source = FormActionSource(target)) form_action += " " + *source;
  }
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; img-src 'self'; form-action " + form_action +
                                    "; frame-ancestors 'none'; base-uri 'none'");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  NoStorePageHeaders(response);
}

}  // namespace

void NoStorePageHeaders(http::Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  // The flow's URLs carry codes and state: never hand them to another site in a Referer.
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

http::Response SeeOther(std::string location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", std::move(location));
  NoStorePageHeaders(response);
  return response;
}

Pages::Pages(std::string base_path)
    : base_path_(std::move(base_path)),
      templates_(TemplateSources()),
      texts_{{catalog::Locale::kEn, Texts("locales/en.json")}, {catalog::Locale::kZhCn, Texts("locales/zh-CN.json")}},
      stylesheet_(WebFile("static/menshen.css")) {}

catalog::Locale Pages::LocaleFor(const http::Request& request, const std::optional<std::string>& ui_locales) {
  if (ui_locales) {
    std::string_view rest = *ui_locales;
    while (!rest.empty()) {
      const auto space = rest.find(' ');
      if (auto locale = catalog::ParseLocale(rest.substr(0, space))) return *locale;
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    }
  }
  return request.locale;
}

std::string Pages::Text(catalog::Locale locale, std::string_view key) const {
  const auto& texts = texts_.at(locale);
  const auto it = texts.find(key);
  return it != texts.end() && it->is_string() ? it->get<std::string>() : std::string(key);
}

http::Response Pages::Render(std::string_view page, catalog::Locale locale, json view,
                             const std::vector<std::string>& form_targets, int status) const {
  view["t"] = texts_.at(locale);
  view["lang"] = locale == catalog::Locale::kEn ? "en" : "zh-CN";
  view["base"] = base_path_;
  if (!view.contains("title")) view["title"] = Text(locale, std::string(page) + "_title");
  http::Response response;
  auto html = templates_.Render(page, view);
  if (!html) throw std::runtime_error("page " + std::string(page) + ": " + html.error().internal_detail);
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(*html);
  SecurityHeaders(response, form_targets);
  return response;
}

http::Response Pages::Error(const http::Renderer& renderer, const http::Request& request, catalog::Locale locale,
                            const menshen::Error& error) const {
  const auto& catalog = renderer.Catalog();
  const auto rendered = catalog.Render(error.id, locale);
  auto status = catalog.Entry(error.id).status;
  if (status < 400) status = 400;  // an error shown to the user, not sent anywhere
  auto response = Render("message", locale,
                         {{"title", Text(locale, "error_title")},
                          {"heading", Text(locale, "error_heading")},
                          {"text", std::string(rendered.message)},
                          {"code", fmt::format("{}", rendered.code)},
                          {"request_id", request.request_id}},
                         {}, status);
  response.error = error.id;
  response.code = rendered.code;
  return response;
}

http::Response Pages::Message(catalog::Locale locale, std::string_view heading_key, std::string_view text_key) const {
  return Render(
      "message", locale,
      {{"title", Text(locale, heading_key)}, {"heading", Text(locale, heading_key)}, {"text", Text(locale, text_key)}});
}

}  // namespace menshen::oauth
