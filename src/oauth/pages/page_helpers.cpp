#include "oauth/pages/page_helpers.hpp"

#include <algorithm>
#include <cctype>

#include "http/form.hpp"

namespace menshen::oauth {

Result<http::Fields> PageForm(const http::Request& request, std::size_t max_params) {
  const auto type = request.Header("content-type").value_or("");
  std::string media(type.substr(0, type.find(';')));
  std::ranges::transform(media, media.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media != "application/x-www-form-urlencoded") {
    return Fail(ErrorId::kHttpUnsupportedMediaType, "send the form as application/x-www-form-urlencoded");
  }
  http::Fields fields;
  if (auto parsed = http::ParseUrlEncoded(request.body, max_params, fields); !parsed) {
    return std::unexpected(parsed.error());
  }
  return fields;
}

Result<http::Fields> RequestParameters(const http::Request& request, std::size_t max_params) {
  if (request.method == http::Method::kPost) return PageForm(request, max_params);
  return request.query_params;
}

std::optional<std::string> FormValue(const http::Fields& fields, std::string_view name, std::size_t max) {
  std::optional<std::string> found;
  for (const auto& [key, value] : fields) {
    if (key != name) continue;
    if (found) return std::nullopt;
    found = value;
  }
  if (found && found->size() > max) return std::nullopt;
  return found;
}

audit::RequestContext ContextOf(const http::Request& request) {
  return {.ip = request.client_ip,
          .request_id = request.request_id,
          .user_agent = std::string(request.Header("user-agent").value_or("").substr(0, 256))};
}

http::Response ErrorPage(const PageRouteDeps& deps, const http::Request& request, catalog::Locale locale,
                         const Error& error) {
  return deps.renderer.FailAs(request, error, http::PageShape{locale, deps.pages});
}

http::Response ErrorRedirect(const PageRouteDeps& deps, const http::Request& request, const ErrorTarget& target,
                             const Error& error) {
  return deps.renderer.FailAs(request, error,
                              http::RedirectShape{target.redirect_uri, target.state, deps.flow.Issuer(), deps.pages});
}

Result<std::optional<BrowserSession>> CurrentSession(const PageRouteDeps& deps, const http::Request& request) {
  const auto secret = Cookies::Read(request, deps.cookies.Names().session);
  if (!secret) return std::nullopt;
  return deps.sessions.Find(*secret);
}

CsrfKey BrowserCsrfKey(const PageRouteDeps& deps, const http::Request& request) {
  auto cookie = Cookies::Read(request, deps.cookies.Names().csrf);
  if (cookie && cookie->size() >= 43 && cookie->size() <= 64) return {*cookie, false};
  return {deps.random.Token(32), true};
}

void SetCsrfCookie(const PageRouteDeps& deps, const CsrfKey& key, http::Response& response) {
  if (key.is_new)
    response.headers.emplace_back("Set-Cookie", deps.cookies.Set(deps.cookies.Names().csrf, key.value, true));
}

Result<nlohmann::json> PostedStep(const PageRouteDeps& deps, const http::Request& request, const http::Fields& form,
                                  std::string_view kind) {
  const auto id = FormValue(form, "interaction", 64);
  const auto token = FormValue(form, "csrf", 64);
  const auto cookie = Cookies::Read(request, deps.cookies.Names().csrf);
  if (!id || !token || !cookie || !CsrfMatches(*cookie, *id, *token)) {
    return Fail(ErrorId::kTokenInvalid, {}, "the form's CSRF token does not match this browser");
  }
  auto step = deps.interactions.Load(kind, *id);
  if (!step) return std::unexpected(step.error());
  if (!*step) return Fail(ErrorId::kTokenExpired, {}, "the form's step is over or expired");
  (**step)["id"] = *id;
  return **step;
}

}  // namespace menshen::oauth
