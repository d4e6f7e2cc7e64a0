#include "oauth/api/oauth_http.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "core/json_text.hpp"

namespace menshen::oauth {

using nlohmann::json;

http::Response JsonNoStore(const json& body) { return JsonTextNoStore(CompactJson(body)); }

http::Response JsonTextNoStore(std::string body) {
  http::Response response;
  response.body = std::move(body);
  NoStore(response);
  return response;
}

std::optional<std::string_view> Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields) {
    if (key == name) out.push_back(value);
  }
  return out;
}

Result<Form> ParseForm(const http::Request& request, std::size_t max_params,
                       std::initializer_list<std::string_view> repeatable) {
  const auto type = request.Header("content-type").value_or("");
  const auto media = type.substr(0, type.find(';'));
  std::string lower(media);
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  if (lower != "application/x-www-form-urlencoded") {
    return Fail(ErrorId::kOauth2InvalidRequest, "send the parameters as application/x-www-form-urlencoded");
  }
  Form form;
  if (auto parsed = http::ParseUrlEncoded(request.body, max_params, form.fields); !parsed) {
    return std::unexpected(parsed.error());
  }
  for (std::size_t i = 0; i < form.fields.size(); ++i) {
    const auto& name = form.fields[i].first;
    if (std::ranges::find(repeatable, name) != repeatable.end()) continue;
    for (std::size_t j = i + 1; j < form.fields.size(); ++j) {
      if (form.fields[j].first == name) {
        return Fail(ErrorId::kOauth2InvalidRequest, fmt::format("parameter {} is repeated", name));
      }
    }
  }
  return form;
}

Result<std::shared_ptr<const App>> AuthenticateClient(AppsService& apps, const http::Request& request,
                                                      const Form& form) {
  auto credentials =
      ParseClientCredentials(request.Header("authorization"),
                             {.client_id = form.Get("client_id"), .client_secret = form.Get("client_secret")});
  if (!credentials) return std::unexpected(credentials.error());
  return apps.AuthenticateClient(*credentials);
}

}  // namespace menshen::oauth
