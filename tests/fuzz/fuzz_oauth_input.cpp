// What the OAuth endpoints and the apps admin API read from a client before any database is touched: client
// credentials (HTTP Basic or the form), app names, descriptions, redirect URIs and their matching, scopes,
// resource indicators, PKCE verifiers and challenges, and the hosted pages' cookies. None may crash or hang,
// and what they accept must hold its promises.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/uri_query.hpp"
#include "oauth/apps/app_rules.hpp"
#include "oauth/apps/client_auth.hpp"
#include "oauth/authorize/pkce.hpp"
#include "oauth/authorize/redirect_uri.hpp"
#include "oauth/pages/cookies.hpp"

namespace {

// The input's first line is an Authorization header, the second and third the form's client_id and
// client_secret (absent when the line is missing), the rest the text every rule reads.
struct Parts {
  std::string_view authorization;
  std::optional<std::string_view> client_id;
  std::optional<std::string_view> client_secret;
  std::string_view text;
};

Parts Split(std::string_view input) {
  Parts parts;
  std::optional<std::string_view>* slots[] = {&parts.client_id, &parts.client_secret};
  auto line = [&input]() {
    const auto end = input.find('\n');
    const auto out = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    return out;
  };
  parts.authorization = line();
  for (auto* slot : slots) {
    if (!input.empty()) *slot = line();
  }
  parts.text = input;
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace menshen::oauth;
  const auto parts = Split({reinterpret_cast<const char*>(data), size});
  const std::optional<std::string_view> header =
      parts.authorization.empty() ? std::nullopt : std::optional(parts.authorization);
  if (auto credentials = ParseClientCredentials(header, {parts.client_id, parts.client_secret})) {
    if (credentials->client_id.empty()) __builtin_trap();
    if (credentials->method == AuthMethod::kClientSecretBasic && !IsBasicAuthorization(header)) __builtin_trap();
    if (credentials->method == AuthMethod::kNone && !credentials->secret.empty()) __builtin_trap();
  }
  if (auto name = ParseAppName(parts.text)) {
    auto again = ParseAppName(name->display);
    if (!again || again->key != name->key) __builtin_trap();
  }
  (void)ParseDescription(parts.text);
  for (const auto type : {AppType::kWeb, AppType::kSpa, AppType::kNative, AppType::kM2m}) {
    if (CheckRedirectUri(parts.text, type) && parts.text.find('#') != std::string_view::npos) __builtin_trap();
  }
  if (IsScopeToken(parts.text) && (parts.text.empty() || parts.text.find(' ') != std::string_view::npos)) {
    __builtin_trap();
  }
  if (IsResourceIndicator(parts.text) && parts.text.find('#') != std::string_view::npos) __builtin_trap();
  (void)ParseIdTokenAlg(parts.text);

  const std::string text(parts.text);
  if (!RedirectUriMatches({text}, text)) __builtin_trap();  // a registered URI always matches itself
  (void)RedirectUriMatches({"http://127.0.0.1:8080/cb", "https://app.example.com/cb"}, text);
  for (const char c : menshen::PercentEncode(text)) {
    const bool unreserved = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
    if (!unreserved && c != '%') __builtin_trap();
  }
  // Any URI and values make a query string: the URI as given, then the parameters, encoded.
  const auto query =
      menshen::WithQuery(parts.authorization, {{"code", text}, {"state", std::string(parts.authorization)}});
  if (!query.starts_with(parts.authorization) || query.find("code=") == std::string::npos) __builtin_trap();
  if (IsValidCodeVerifier(text)) {
    const auto challenge = S256Challenge(text);
    if (!IsValidCodeChallenge(challenge) || !VerifierMatches(text, challenge)) __builtin_trap();
  }
  (void)VerifierMatches(text, parts.authorization);

  menshen::http::Request request;
  request.headers.emplace_back("cookie", text);
  if (auto cookie = Cookies::Read(request, "menshen_session")) {
    if (cookie->find(';') != std::string::npos) __builtin_trap();
  }
  return 0;
}
