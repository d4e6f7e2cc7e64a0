// What an application (an OAuth 2.0 client) is, as the oauth module sees it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/signing_key.hpp"

namespace menshen::oauth {

// web: a server-side application that keeps a secret. spa and native: public clients that cannot.
// m2m: a service that acts for itself (client_credentials only).
enum class AppType { kWeb, kSpa, kNative, kM2m };
// How a client authenticates at the token endpoint (RFC 7591 names).
enum class AuthMethod { kClientSecretBasic, kClientSecretPost, kNone };
// kPassword: the resource owner password credentials grant (RFC 6749 4.3), only for an app that lists it.
enum class GrantType { kAuthorizationCode, kRefreshToken, kClientCredentials, kPassword };

std::string_view ToString(AppType type);
std::string_view ToString(AuthMethod method);
std::string_view ToString(GrantType grant);
std::optional<AppType> ParseAppType(std::string_view text);
std::optional<AuthMethod> ParseAuthMethod(std::string_view text);
std::optional<GrantType> ParseGrantType(std::string_view text);

// Public clients (spa, native) never hold a secret.
bool IsPublic(AppType type);

struct App {
  std::string id;  // also the OAuth client_id
  std::string name;
  std::string name_key;  // what uniqueness compares (NFKC, case folded)
  AppType type = AppType::kWeb;
  std::optional<std::string> description;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::vector<GrantType> grant_types;
  std::vector<std::string> scopes;
  // The resource indicators (RFC 8707) the client may name as a token's audience; empty: none, so a token
  // request with `resource` is refused and the token's audience is the client itself.
  std::vector<std::string> allowed_resources;
  AuthMethod auth_method = AuthMethod::kClientSecretBasic;
  std::optional<std::string> secret_hash;  // SHA-256 hex of the client secret; none for public clients
  std::optional<std::int64_t> secret_updated_at;
  std::int64_t access_token_ttl = 3600;  // seconds
  std::int64_t refresh_token_ttl = 30LL * 24 * 3600;
  // How the app's ID tokens are signed (OIDC Dynamic Client Registration's id_token_signed_response_alg):
  // RS256, which every relying party verifies, or ES256.
  crypto::JwsAlg id_token_alg = crypto::JwsAlg::kRs256;
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool Allows(GrantType grant) const;
};

// Lifetime bounds (seconds) the rules enforce.
inline constexpr std::int64_t kMinAccessTokenTtl = 60;
inline constexpr std::int64_t kMaxAccessTokenTtl = 24 * 3600;
inline constexpr std::int64_t kMinRefreshTokenTtl = 3600;
inline constexpr std::int64_t kMaxRefreshTokenTtl = 365LL * 24 * 3600;

}  // namespace menshen::oauth
