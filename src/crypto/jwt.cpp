#include "crypto/jwt.hpp"

#include <algorithm>
#include <cmath>

#include "core/json_text.hpp"
#include "crypto/jws.hpp"

namespace menshen::crypto {
namespace {

std::unexpected<Error> Invalid(std::string why) { return Fail(ErrorId::kTokenInvalid, {}, std::move(why)); }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// RFC 7515 section 4.1.9: "application/" may be left out of typ.
std::string_view MediaSubtype(std::string_view typ) {
  constexpr std::string_view kPrefix = "application/";
  if (typ.size() > kPrefix.size() && EqualsIgnoringCase(typ.substr(0, kPrefix.size()), kPrefix)) {
    typ.remove_prefix(kPrefix.size());
  }
  return typ;
}

// A registered claim of the wrong type makes the token invalid rather than the claim absent.
bool TakeString(nlohmann::json& body, const char* name, std::string& out) {
  const auto it = body.find(name);
  if (it == body.end()) return true;
  if (!it->is_string()) return false;
  out = std::move(it->get_ref<std::string&>());
  body.erase(it);
  return true;
}

bool TakeTime(nlohmann::json& body, const char* name, std::optional<std::int64_t>& out) {
  const auto it = body.find(name);
  if (it == body.end()) return true;
  if (it->is_number_integer()) {
    out = it->get<std::int64_t>();
  } else if (it->is_number_float() && std::isfinite(it->get<double>()) && std::abs(it->get<double>()) < 1e15) {
    out = static_cast<std::int64_t>(std::floor(it->get<double>()));
  } else {
    return false;
  }
  body.erase(it);
  return true;
}

bool TakeAudience(nlohmann::json& body, std::vector<std::string>& out) {
  const auto it = body.find("aud");
  if (it == body.end()) return true;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& value : *it) {
      if (!value.is_string()) return false;
      out.push_back(value.get<std::string>());
    }
  } else {
    return false;
  }
  body.erase(it);
  return true;
}

// A registered claim given its own field wins over an extra claim of the same name.
bool IsSetRegisteredClaim(const Claims& claims, std::string_view name) {
  if (name == "iss") return !claims.iss.empty();
  if (name == "sub") return !claims.sub.empty();
  if (name == "aud") return !claims.aud.empty();
  if (name == "exp") return claims.exp.has_value();
  if (name == "iat") return claims.iat.has_value();
  if (name == "nbf") return claims.nbf.has_value();
  if (name == "jti") return !claims.jti.empty();
  if (name == "sid") return !claims.sid.empty();
  return false;
}

}  // namespace

Result<std::string> SignJwt(const SigningKey& key, const Claims& claims, std::string_view typ) {
  // Member by member: building a tree of allocated nodes only to print it cost more than the rest of a
  // client_credentials request but the signature.
  JsonObjectWriter body;
  const auto put = [&body](std::string_view name, const std::string& value) {
    if (!value.empty()) body.String(name, value);
  };
  const auto put_time = [&body](std::string_view name, const std::optional<std::int64_t>& value) {
    if (value) body.Integer(name, *value);
  };
  put("iss", claims.iss);
  put("sub", claims.sub);
  if (claims.aud.size() == 1) body.String("aud", claims.aud.front());
  if (claims.aud.size() > 1) body.Value("aud", claims.aud);
  put_time("exp", claims.exp);
  put_time("iat", claims.iat);
  put_time("nbf", claims.nbf);
  put("jti", claims.jti);
  put("sid", claims.sid);
  if (claims.extra.is_object()) {
    for (const auto& [name, value] : claims.extra.items()) {
      if (IsSetRegisteredClaim(claims, name)) continue;
      if (value.is_string()) {
        body.String(name, value.get_ref<const std::string&>());
      } else {
        body.Value(name, value);
      }
    }
  }
  return SignJws(key, body.Finish(), typ);
}

Result<Claims> VerifyJwt(const KeySet& keys, std::string_view token, const Clock& clock,
                         const JwtRequirements& requirements) {
  auto jws = VerifyJws(keys, token);
  if (!jws) return std::unexpected(std::move(jws.error()));
  if (!requirements.typ.empty()) {
    const auto typ = jws->header.find("typ");
    if (typ == jws->header.end() || !typ->is_string() ||
        !EqualsIgnoringCase(MediaSubtype(typ->get_ref<const std::string&>()), MediaSubtype(requirements.typ))) {
      return Invalid("typ does not match");
    }
  }
  nlohmann::json body = nlohmann::json::parse(jws->payload, nullptr, false);
  if (!body.is_object()) return Invalid("payload is not a JSON object");
  Claims claims;
  if (!TakeString(body, "iss", claims.iss) || !TakeString(body, "sub", claims.sub) || !TakeAudience(body, claims.aud) ||
      !TakeTime(body, "exp", claims.exp) || !TakeTime(body, "iat", claims.iat) || !TakeTime(body, "nbf", claims.nbf) ||
      !TakeString(body, "jti", claims.jti) || !TakeString(body, "sid", claims.sid)) {
    return Invalid("a registered claim has the wrong type");
  }
  claims.extra = std::move(body);

  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  const std::int64_t leeway = requirements.leeway.count();
  if (!claims.exp && requirements.require_exp) return Invalid("no exp");
  if (requirements.check_exp && claims.exp && now - leeway >= *claims.exp)
    return Fail(ErrorId::kTokenExpired, {}, "exp has passed");
  if (claims.nbf && now + leeway < *claims.nbf) return Invalid("nbf is in the future");
  if (claims.iat && now + leeway < *claims.iat) return Invalid("iat is in the future");
  if (!requirements.issuer.empty() && claims.iss != requirements.issuer) return Invalid("iss does not match");
  if (!requirements.audience.empty() &&
      std::find(claims.aud.begin(), claims.aud.end(), requirements.audience) == claims.aud.end()) {
    return Invalid("aud does not match");
  }
  return claims;
}

}  // namespace menshen::crypto
