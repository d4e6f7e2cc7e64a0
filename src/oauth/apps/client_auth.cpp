#include "oauth/apps/client_auth.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/base64.hpp"

namespace menshen::oauth {
namespace {

constexpr std::string_view kBasic = "basic ";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding ('+' is a space); nullopt on a malformed escape.
std::optional<std::string> FormDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size() || HexValue(in[i + 1]) < 0 || HexValue(in[i + 2]) < 0) return std::nullopt;
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::unexpected<Error> InvalidClient(std::string why) { return Fail(ErrorId::kOauth2InvalidClient, std::move(why)); }

Result<ClientCredentials> ParseBasic(std::string_view header) {
  auto encoded = header.substr(kBasic.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  const auto decoded = crypto::Base64Decode(encoded);
  if (!decoded) return InvalidClient("malformed Basic credentials");
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return InvalidClient("Basic credentials must be client_id:client_secret");
  auto id = FormDecode(std::string_view(*decoded).substr(0, colon));
  auto secret = FormDecode(std::string_view(*decoded).substr(colon + 1));
  if (!id || !secret) return InvalidClient("malformed percent-encoding in Basic credentials");
  if (id->empty()) return InvalidClient("Basic credentials name no client");
  return ClientCredentials{std::move(*id), std::move(*secret), AuthMethod::kClientSecretBasic};
}

}  // namespace

bool IsBasicAuthorization(std::optional<std::string_view> authorization) {
  if (!authorization || authorization->size() < kBasic.size()) return false;
  return std::equal(kBasic.begin(), kBasic.end(), authorization->begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

Result<ClientCredentials> ParseClientCredentials(std::optional<std::string_view> authorization,
                                                 const ClientFormFields& form) {
  if (authorization && !authorization->empty()) {
    if (!IsBasicAuthorization(authorization)) return InvalidClient("the token endpoint takes Basic authentication");
    auto basic = ParseBasic(*authorization);
    if (!basic) return basic;
    if (form.client_secret) {
      return Fail(ErrorId::kOauth2InvalidRequest, "use one client authentication method, not Basic and a body secret");
    }
    if (form.client_id && *form.client_id != basic->client_id) {
      return Fail(ErrorId::kOauth2InvalidRequest, "client_id differs from the Basic credentials");
    }
    return basic;
  }
  if (!form.client_id || form.client_id->empty()) {
    if (form.client_secret) return Fail(ErrorId::kOauth2InvalidRequest, "client_secret without client_id");
    return InvalidClient("client authentication required");
  }
  if (form.client_secret) {
    return ClientCredentials{std::string(*form.client_id), std::string(*form.client_secret),
                             AuthMethod::kClientSecretPost};
  }
  return ClientCredentials{std::string(*form.client_id), {}, AuthMethod::kNone};
}

}  // namespace menshen::oauth
