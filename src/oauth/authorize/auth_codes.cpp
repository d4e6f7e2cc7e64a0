#include "oauth/authorize/auth_codes.hpp"

#include <nlohmann/json.hpp>

#include "oauth/apps/client_secret.hpp"

namespace menshen::oauth {
namespace {

using nlohmann::json;
using store::kv::Duration;

constexpr std::size_t kMaxCodeLength = 128;
constexpr std::string_view kPending = "-";  // the marker's value until the grant id is known

std::string CodeKey(std::string_view hash) { return "oauth:code:" + std::string(hash); }
std::string MarkerKey(std::string_view hash) { return "oauth:code-used:" + std::string(hash); }
std::string ReplayKey(std::string_view hash) { return "oauth:code-replayed:" + std::string(hash); }

json ToJson(const CodeGrant& g) {
  return {{"client_id", g.client_id},
          {"redirect_uri", g.redirect_uri},
          {"code_challenge", g.code_challenge},
          {"scopes", g.scopes},
          {"user_id", g.user_id},
          {"session_id", g.session_id},
          {"auth_time", g.auth_time},
          {"nonce", g.nonce ? json(*g.nonce) : json(nullptr)}};
}

std::optional<CodeGrant> FromJson(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    CodeGrant g{.client_id = j.at("client_id").get<std::string>(),
                .redirect_uri = j.at("redirect_uri").get<std::string>(),
                .code_challenge = j.at("code_challenge").get<std::string>(),
                .scopes = j.at("scopes").get<std::vector<std::string>>(),
                .user_id = j.at("user_id").get<std::string>(),
                .session_id = j.at("session_id").get<std::string>(),
                .auth_time = j.at("auth_time").get<std::int64_t>()};
    if (j.at("nonce").is_string()) g.nonce = j.at("nonce").get<std::string>();
    return g;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Result<std::string> AuthCodes::Issue(const CodeGrant& grant) {
  auto code = random_.Token(32);
  if (auto stored = kv_.Set(CodeKey(HashClientSecret(code)), ToJson(grant).dump(), Duration(kLifetime)); !stored) {
    return std::unexpected(stored.error());
  }
  return code;
}

Result<TakenCode> AuthCodes::Take(std::string_view code) {
  auto invalid = [] { return Fail(ErrorId::kOauth2InvalidGrant, "the code is invalid, expired or already used"); };
  if (code.empty() || code.size() > kMaxCodeLength) return invalid();
  const auto hash = HashClientSecret(code);
  // Of concurrent callers, only the one that claims the marker gets the grant; the others see a replay.
  auto value = kv_.Get(CodeKey(hash));
  if (!value) return std::unexpected(value.error());
  auto claimed = kv_.SetIfAbsent(MarkerKey(hash), kPending, Duration(kMarkerLifetime));
  if (!claimed) return std::unexpected(claimed.error());
  if (!*claimed) {
    // The replay mark tells a redemption still under way (its marker pending) to revoke what it issues (RFC
    // 6749 4.1.2). It is set before the marker is read, while that redemption writes its grant id into the
    // marker before it reads the mark: in the store's one order of writes, at least one of the two sees the
    // other's, so the grant is revoked by this call or by that one. Read first, both could miss.
    auto marked = kv_.Set(ReplayKey(hash), "1", Duration(kMarkerLifetime));
    auto marker = kv_.Get(MarkerKey(hash));
    if (!marker) return std::unexpected(marker.error());
    const auto grant_id = marker->value_or(std::string(kPending));
    // Unmarked and still pending, the grant would outlive the replay: the store's error is returned. Once the
    // marker names the grant, the caller revokes it itself and the mark is only a second path.
    if (!marked && grant_id == kPending) return std::unexpected(marked.error());
    return TakenCode{.reused_grant_id = grant_id == kPending ? std::string{} : grant_id};
  }
  // Dropped on purpose: the marker claimed above is what refuses a second use; a record left behind only
  // waits out its own short lifetime.
  (void)kv_.Delete(CodeKey(hash));
  if (!*value) {
    // An unknown code should leave nothing behind; a marker left over only expires.
    (void)kv_.Delete(MarkerKey(hash));  // dropped on purpose: see above
    return invalid();
  }
  auto grant = FromJson(**value);
  if (!grant) return Fail(ErrorId::kOauth2InvalidGrant, {}, "an authorization code's record did not parse");
  return TakenCode{.grant = std::move(*grant)};
}

Result<bool> AuthCodes::Redeemed(std::string_view code, std::string_view grant_id) {
  const auto hash = HashClientSecret(code);
  if (auto stored = kv_.Set(MarkerKey(hash), grant_id, Duration(kMarkerLifetime)); !stored) {
    return std::unexpected(stored.error());
  }
  auto replayed = kv_.Get(ReplayKey(hash));
  if (!replayed) return std::unexpected(replayed.error());
  return replayed->has_value();
}

}  // namespace menshen::oauth
