#include "oauth/apps/app_rules.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "core/unicode_text.hpp"

namespace menshen::oauth {
namespace {

using DecodeUtf8;

constexpr std::u32string_view kNamePunctuation = U" -_.()&'+,:";

std::unexpected<Error> BadUri(std::string_view why) {
  return Fail(ErrorId::kCommonInvalidParameter, std::string("redirect URI ").append(why));
}

bool IsInvisible(char32_t c) {
  return IsControl(c) || IsBidiControl(c) || IsDefaultIgnorable(c) || IsFormat(c) || IsUnassignedOrPrivate(c) ||
         c == 0x2028 || c == 0x2029;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8 as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  while (!host.empty()) {
    const auto dot = host.find('.');
    const auto part = host.substr(0, dot);
    int value = -1;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || end != part.data() + part.size() || value > 255 || part.size() > 3) return false;
    ++parts;
    host = dot == std::string_view::npos ? std::string_view{} : host.substr(dot + 1);
  }
  return parts == 4;
}

bool IsSchemeChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

// The scheme of an absolute URI ("https"), lower case; empty when `uri` does not start with one.
std::string SchemeOf(std::string_view uri) {
  const auto colon = uri.find(':');
  if (colon == 0 || colon == std::string_view::npos) return {};
  const auto scheme = uri.substr(0, colon);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front())) || !std::ranges::all_of(scheme, IsSchemeChar)) {
    return {};
  }
  return Lower(scheme);
}

bool EscapesAreValid(std::string_view uri) {
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] != '%') continue;
    if (i + 2 >= uri.size() || !std::isxdigit(static_cast<unsigned char>(uri[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      return false;
    }
  }
  return true;
}

Status CheckHttpAuthority(std::string_view rest, bool https) {
  if (!rest.starts_with("//")) return BadUri("must have a host (scheme://host/...)");
  rest.remove_prefix(2);
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) return BadUri("must not contain user information");
  std::string_view host = authority;
  std::string_view port;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return BadUri("has a malformed IPv6 host");
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && !port.starts_with(':')) return BadUri("has a malformed port");
    if (!port.empty()) port.remove_prefix(1);
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return BadUri("must have a host");
  if (!port.empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535) {
      return BadUri("has a port outside 1..65535");
    }
  }
  if (!https && !IsLoopbackHost(Lower(host))) return BadUri("must use https (http only to a loopback address)");
  return {};
}

template <class T>
bool HasDuplicates(const std::vector<T>& items) {
  std::set<T> seen(items.begin(), items.end());
  return seen.size() != items.size();
}

}  // namespace

Result<AppName> ParseAppName(std::string_view raw) {
  auto invalid = [](std::string_view why) { return Fail(ErrorId::kAppNameInvalid, std::string(why)); };
  const auto display = ComposeCanonical(raw);
  if (!display) return invalid("name must be UTF-8");
  const auto points = DecodeUtf8(*display);
  if (!points || points->empty()) return invalid("name must not be empty");
  if (points->size() > static_cast<std::size_t>(kMaxAppNameLength)) {
    return invalid(fmt::format("name must be at most {} characters", kMaxAppNameLength));
  }
  const char32_t first = points->front();
  if (!IsLetter(first) && !IsDecimalDigit(first)) {
    return invalid("name must start with a letter or digit");
  }
  if (points->back() == U' ') return invalid("name must not end with a space");
  for (std::size_t i = 0; i < points->size(); ++i) {
    const char32_t c = (*points)[i];
    if (IsLetter(c) || IsDecimalDigit(c) || IsCombiningMark(c)) continue;
    if (kNamePunctuation.find(c) == std::u32string_view::npos) {
      return invalid("name may hold letters, digits, single spaces and - _ . ( ) & ' + , : only");
    }
    if (c == U' ' && (*points)[i - 1] == U' ') return invalid("name must not hold two spaces in a row");
  }
  auto key = FoldCompatible(*display);
  if (!key) return invalid("name must be UTF-8");
  return AppName{*display, *key};
}

Result<std::optional<std::string>> ParseDescription(std::string_view raw) {
  auto invalid = [](std::string_view why) { return Fail(ErrorId::kAppDescriptionInvalid, std::string(why)); };
  if (raw.empty()) return std::nullopt;
  const auto text = ComposeCanonical(raw);
  if (!text) return invalid("description must be UTF-8");
  const auto points = DecodeUtf8(*text);
  if (!points) return invalid("description must be UTF-8");
  if (points->size() > static_cast<std::size_t>(kMaxDescriptionLength)) {
    return invalid(fmt::format("description must be at most {} characters", kMaxDescriptionLength));
  }
  if (std::ranges::any_of(*points, IsInvisible)) {
    return invalid("description must not hold control or invisible characters");
  }
  return *text;
}

Status CheckRedirectUri(std::string_view uri, AppType type) {
  if (uri.empty()) return BadUri("must not be empty");
  if (uri.size() > kMaxUriLength) return BadUri(fmt::format("must be at most {} bytes", kMaxUriLength));
  if (!std::ranges::all_of(uri, [](char c) { return c > 0x20 && c < 0x7f; })) {
    return BadUri("must be visible ASCII (percent-encode the rest)");
  }
  if (uri.find('#') != std::string_view::npos) return BadUri("must not contain a fragment");
  if (uri.find('*') != std::string_view::npos) return BadUri("must not contain a wildcard");
  if (!EscapesAreValid(uri)) return BadUri("has a malformed percent-escape");
  const auto scheme = SchemeOf(uri);
  if (scheme.empty()) return BadUri("must be absolute (start with a scheme such as https:)");
  const auto rest = uri.substr(scheme.size() + 1);
  if (scheme == "https" || scheme == "http") return CheckHttpAuthority(rest, scheme == "https");
  if (type == AppType::kNative && scheme.find('.') != std::string::npos) {
    if (rest.empty()) return BadUri("must have a path after the scheme");
    return {};
  }
  return BadUri(type == AppType::kNative
                    ? "must use https, http to a loopback address, or a private-use scheme such as com.example.app:"
                    : "must use https (http only to a loopback address)");
}

bool IsScopeToken(std::string_view scope) {
  if (scope.empty() || scope.size() > 128) return false;
  return std::ranges::all_of(scope,
                             [](char c) { return c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e); });
}

bool IsResourceIndicator(std::string_view uri) {
  if (uri.empty() || uri.size() > kMaxUriLength || uri.find('#') != std::string_view::npos) return false;
  if (!std::ranges::all_of(uri, [](char c) { return c > 0x20 && c < 0x7f; }) || !EscapesAreValid(uri)) return false;
  const auto scheme = SchemeOf(uri);
  return !scheme.empty() && uri.size() > scheme.size() + 1;
}

Status CheckResources(const App& client, const std::vector<std::string>& resources) {
  for (const auto& resource : resources) {
    if (!IsResourceIndicator(resource)) {
      return Fail(ErrorId::kOauth2InvalidTarget, "resource must be an absolute URI without a fragment");
    }
    // An exact match: a prefix or a normalized form would let one resource server's tokens reach another.
    if (std::ranges::find(client.allowed_resources, resource) == client.allowed_resources.end()) {
      return Fail(ErrorId::kOauth2InvalidTarget,
                  fmt::format("resource {} is not among this client's allowed_resources", resource));
    }
  }
  return {};
}

Status CheckApp(const App& app) {
  auto invalid = [](std::string why) { return Fail(ErrorId::kCommonInvalidParameter, std::move(why)); };
  const bool is_public = IsPublic(app.type);
  if (is_public && app.auth_method != AuthMethod::kNone) {
    return invalid(
        fmt::format("a {} app is a public client: token_endpoint_auth_method must be none", ToString(app.type)));
  }
  if (!is_public && app.auth_method == AuthMethod::kNone) {
    return invalid(fmt::format("a {} app must authenticate with a client secret", ToString(app.type)));
  }
  if (app.grant_types.empty()) return invalid("grant_types must not be empty");
  if (HasDuplicates(app.grant_types)) return invalid("grant_types must not repeat a value");
  if (app.type == AppType::kM2m && (app.grant_types.size() != 1 || !app.Allows(GrantType::kClientCredentials))) {
    return invalid("an m2m app has the client_credentials grant only");
  }
  if (is_public && app.Allows(GrantType::kClientCredentials)) {
    return invalid("a public client cannot use client_credentials");
  }
  if (app.Allows(GrantType::kRefreshToken) && !app.Allows(GrantType::kAuthorizationCode) &&
      !app.Allows(GrantType::kPassword)) {
    return invalid("refresh_token needs a grant that issues refresh tokens (authorization_code or password)");
  }
  if (app.Allows(GrantType::kAuthorizationCode) && app.redirect_uris.empty()) {
    return invalid("authorization_code needs at least one redirect URI");
  }
  for (const auto* list : {&app.redirect_uris, &app.post_logout_redirect_uris, &app.scopes, &app.allowed_resources}) {
    if (list->size() > kMaxListSize) return invalid(fmt::format("at most {} entries per list", kMaxListSize));
    if (HasDuplicates(*list)) return invalid("lists must not repeat a value");
  }
  for (const auto* list : {&app.redirect_uris, &app.post_logout_redirect_uris}) {
    for (const auto& uri : *list) {
      if (auto ok = CheckRedirectUri(uri, app.type); !ok) return ok;
    }
  }
  for (const auto& scope : app.scopes) {
    if (!IsScopeToken(scope)) return invalid(fmt::format("scope \"{}\" is not a scope token", scope));
  }
  for (const auto& resource : app.allowed_resources) {
    if (!IsResourceIndicator(resource)) {
      return invalid("allowed_resources: each must be an absolute URI without a fragment (RFC 8707 2)");
    }
  }
  if (auto alg = CheckIdTokenAlg(app.id_token_alg); !alg) return alg;
  if (app.access_token_ttl < kMinAccessTokenTtl || app.access_token_ttl > kMaxAccessTokenTtl) {
    return invalid(fmt::format("access_token_lifetime must be {}..{} seconds", kMinAccessTokenTtl, kMaxAccessTokenTtl));
  }
  if (app.refresh_token_ttl < kMinRefreshTokenTtl || app.refresh_token_ttl > kMaxRefreshTokenTtl) {
    return invalid(
        fmt::format("refresh_token_lifetime must be {}..{} seconds", kMinRefreshTokenTtl, kMaxRefreshTokenTtl));
  }
  return {};
}

Status CheckIdTokenAlg(crypto::JwsAlg alg) {
  if (alg == crypto::JwsAlg::kRs256 || alg == crypto::JwsAlg::kEs256) return {};
  return Fail(ErrorId::kCommonInvalidParameter, "id_token_signed_response_alg must be RS256 or ES256");
}

Result<crypto::JwsAlg> ParseIdTokenAlg(std::string_view name) {
  const auto alg = crypto::ParseAlg(name);
  if (!alg) return Fail(ErrorId::kCommonInvalidParameter, "id_token_signed_response_alg must be RS256 or ES256");
  if (auto ok = CheckIdTokenAlg(*alg); !ok) return std::unexpected(ok.error());
  return *alg;
}

AuthMethod DefaultAuthMethod(AppType type) {
  return IsPublic(type) ? AuthMethod::kNone : AuthMethod::kClientSecretBasic;
}

std::vector<GrantType> DefaultGrantTypes(AppType type) {
  if (type == AppType::kM2m) return {GrantType::kClientCredentials};
  return {GrantType::kAuthorizationCode, GrantType::kRefreshToken};
}

}  // namespace menshen::oauth
