// The rules an application's registration must keep: pure functions, no storage, no HTTP.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "oauth/model.hpp"

namespace menshen::oauth {

inline constexpr int kMaxAppNameLength = 64;       // code points
inline constexpr int kMaxDescriptionLength = 140;  // code points
inline constexpr std::size_t kMaxUriLength = 2048;
inline constexpr std::size_t kMaxListSize = 32;  // redirect URIs, scopes

struct AppName {
  std::string display;  // NFC, case kept
  std::string key;      // NFKC + case fold: "Payroll" and "ＰＡＹＲＯＬＬ" are one name
};

// 1..64 code points of letters, marks and digits of any script, single spaces and - _ . ( ) & ' + , :
// starting with a letter or digit. Whitespace at either end is refused, not trimmed. app.name_invalid.
Result<AppName> ParseAppName(std::string_view raw);

// At most 140 code points (NFC), no control, bidi-control or invisible characters. An empty text clears
// the description (nullopt). app.description_invalid.
Result<std::optional<std::string>> ParseDescription(std::string_view raw);

// A redirect URI (also a post-logout one): absolute, at most 2048 bytes of visible ASCII, no fragment, no
// user info, no wildcard. https; http only to a loopback host (127.0.0.0/8, [::1], localhost); a native
// app may also use a private-use scheme with a dot in it (com.example.app:/callback, RFC 8252 7.1).
// common.invalid_parameter with the reason.
Status CheckRedirectUri(std::string_view uri, AppType type);

// RFC 6749 3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ), here at most 128 bytes.
bool IsScopeToken(std::string_view scope);

// An absolute URI without a fragment, as RFC 8707 asks of a `resource` parameter.
bool IsResourceIndicator(std::string_view uri);

// The `resource` parameters of a token request (RFC 8707 2) against the client's allowed_resources: each must
// be well formed and listed, compared exactly. oauth2.invalid_target otherwise, naming the first refused.
Status CheckResources(const App& client, const std::vector<std::string>& resources);

// The rules across fields of a whole registration (after defaults): public types authenticate with
// `none`, confidential ones with a secret; m2m has client_credentials only, public clients never;
// authorization_code needs a redirect URI; refresh_token needs a grant that issues refresh tokens; lists are short and
// without duplicates; allowed resources are resource indicators; lifetimes in bounds.
Status CheckApp(const App& app);

// ID tokens are signed RS256 (the default, which every relying party verifies) or ES256; anything else
// (HS256 with a secret the server would have to keep, none, EdDSA that few relying parties verify) is
// common.invalid_parameter.
Status CheckIdTokenAlg(crypto::JwsAlg alg);
Result<crypto::JwsAlg> ParseIdTokenAlg(std::string_view name);

// What a new app of `type` gets when the request leaves them out.
AuthMethod DefaultAuthMethod(AppType type);
std::vector<GrantType> DefaultGrantTypes(AppType type);

}  // namespace menshen::oauth
