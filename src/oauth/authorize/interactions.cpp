#include "oauth/authorize/interactions.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace menshen::oauth {
namespace {

constexpr std::size_t kMaxIdLength = 64;

std::string Key(std::string_view kind, std::string_view id) {
  return "oauth:interaction:" + std::string(kind) + ":" + std::string(id);
}

}  // namespace

Result<std::string> Interactions::Save(std::string_view kind, const nlohmann::json& state) {
  auto id = random_.Token(32);
  auto stored = kv_.Set(Key(kind, id), state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        std::chrono::duration_cast<store::kv::Duration>(kLifetime));
  if (!stored) return std::unexpected(stored.error());
  return id;
}

Status Interactions::Replace(std::string_view kind, std::string_view id, const nlohmann::json& state) {
  if (id.empty() || id.size() > kMaxIdLength) return Fail(ErrorId::kTokenExpired);
  return kv_.Set(Key(kind, id), state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                 std::chrono::duration_cast<store::kv::Duration>(kLifetime));
}

Result<std::optional<nlohmann::json>> Interactions::Load(std::string_view kind, std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return std::nullopt;
  auto value = kv_.Get(Key(kind, id));
  if (!value) return std::unexpected(value.error());
  if (!*value) return std::nullopt;
  auto parsed = nlohmann::json::parse(**value, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

Result<bool> Interactions::Finish(std::string_view kind, std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return kv_.Delete(Key(kind, id));
}

std::string CsrfToken(std::string_view browser_secret, std::string_view interaction_id) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), browser_secret.data(), static_cast<int>(browser_secret.size()),
       reinterpret_cast<const unsigned char*>(interaction_id.data()), interaction_id.size(), mac.data(), &length);
  return Base64UrlEncode(std::span<const std::uint8_t>(mac.data(), length));
}

bool CsrfMatches(std::string_view browser_secret, std::string_view interaction_id, std::string_view token) {
  if (browser_secret.empty() || token.empty()) return false;
  const auto expected = CsrfToken(browser_secret, interaction_id);
  return expected.size() == token.size() && CRYPTO_memcmp(expected.data(), token.data(), token.size()) == 0;
}

}  // namespace menshen::oauth
