#include "crypto/jws.hpp"

#include "core/json_text.hpp"
#include "core/random.hpp"
#include "crypto/base64.hpp"

namespace menshen::crypto {
namespace {

std::span<const std::uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// RSA 2048's signature; ES256's and EdDSA's are 64 bytes.
constexpr std::size_t kMaxSignatureBytes = 256;

std::unexpected<Error> Invalid(std::string why) { return Fail(ErrorId::kTokenInvalid, {}, std::move(why)); }

const std::string* StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

}  // namespace

Result<std::string> SignJws(const SigningKey& key, std::string_view payload, std::string_view typ) {
  // Written by hand, like the payload: signing is on the token endpoint's every request.
  JsonObjectWriter header;
  header.String("alg", AlgName(key.Alg())).String("kid", key.Kid());
  if (!typ.empty()) header.String("typ", typ);
  const auto header_text = header.Finish();
  std::string token;
  token.reserve((header_text.size() + payload.size() + kMaxSignatureBytes) * 4 / 3 + 8);
  AppendBase64Url(token, Bytes(header_text));
  token += '.';
  AppendBase64Url(token, Bytes(payload));
  auto signature = key.Sign(token);
  if (!signature) return std::unexpected(signature.error());
  token += '.';
  AppendBase64Url(token, Bytes(*signature));
  return token;
}

Result<VerifiedJws> VerifyJws(const KeySet& keys, std::string_view token) {
  if (token.size() > kMaxJwsBytes) return Invalid("token longer than the limit");
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("not three segments");
  }
  const auto header_text = Base64UrlDecode(token.substr(0, first));
  if (!header_text) return Invalid("header is not base64url");
  VerifiedJws out;
  out.header = nlohmann::json::parse(*header_text, nullptr, false);
  if (!out.header.is_object()) return Invalid("header is not a JSON object");
  const std::string* alg = StringMember(out.header, "alg");
  const std::string* kid = StringMember(out.header, "kid");
  if (alg == nullptr) return Invalid("header without alg");
  if (kid == nullptr) return Invalid("header without kid");
  // RFC 7515 section 4.1.11: extensions we do not understand must not be ignored.
  if (out.header.contains("crit")) return Invalid("header has crit");
  out.key = keys.Find(*kid);
  if (out.key == nullptr) return Invalid("unknown kid");
  if (*alg != AlgName(out.key->Alg())) return Invalid("alg differs from the key's");
  const auto signature = Base64UrlDecode(token.substr(second + 1));
  if (!signature) return Invalid("signature is not base64url");
  if (!out.key->Verify(token.substr(0, second), *signature)) return Invalid("bad signature");
  auto payload = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  if (!payload) return Invalid("payload is not base64url");
  out.payload = std::move(*payload);
  return out;
}

}  // namespace menshen::crypto
