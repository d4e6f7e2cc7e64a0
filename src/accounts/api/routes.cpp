#include "accounts/api/routes.hpp"

#include "accounts/api/route_helpers.hpp"
#include "http/json_body.hpp"

namespace menshen::accounts {

using nlohmann::json;

Result<Principal> Authenticate(const http::Request& request, const AccessTokens& tokens) {
  const auto header = request.Header("authorization");
  if (!header || header->empty()) return Fail(ErrorId::kAuthLoginRequired);
  constexpr std::string_view kScheme = "Bearer ";
  if (header->size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header->begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      })) {
    return Fail(ErrorId::kTokenInvalid, "use Authorization: Bearer <token>");
  }
  return tokens.Verify(header->substr(kScheme.size()));
}

namespace {

// A password member: clear text, or with "password_encryption": "RSA-OAEP-256" base64 ciphertext made
// with the key from GET /api/v1/auth/password-key. Decrypted here, so the service only sees passwords.
Result<std::optional<std::string>> PasswordField(const json& body, const char* name,
                                                 const keys::PasswordTransportKey& key) {
  auto value = StringField(body, name);
  if (!value || !*value) return value;
  auto encryption = StringField(body, "password_encryption");
  if (!encryption) return std::unexpected(encryption.error());
  if (!*encryption) return value;
  if (**encryption != "RSA-OAEP-256") {
    return Fail(ErrorId::kCommonInvalidParameter, "password_encryption must be RSA-OAEP-256");
  }
  if ((*value)->empty()) return value;  // an empty password is "password required", encrypted or not
  auto plain = key.Decrypt(**value);
  if (!plain) return std::unexpected(plain.error());
  return std::move(*plain);
}

}  // namespace

void AddAccountsRoutes(http::Router& router, AccountsRouteDeps deps) {
  router.Add(
      http::Method::kGet, "/api/v1/auth/password-key",
      [deps](http::Request& request) {
        const auto& key = deps.password_key;
        auto response = deps.renderer.Ok(
            request, {{"kid", key.Kid()}, {"alg", "RSA-OAEP-256"}, {"jwk", key.PublicJwk()}, {"pem", key.PublicPem()}});
        response.headers.emplace_back("Cache-Control", "public, max-age=300");
        return response;
      },
      http::Dispatch::kInline);

  router.Add(http::Method::kPost, "/api/v1/auth/register", [deps](http::Request& request) {
    return WithJson(deps, request, [&](const json& body) {
      RegisterInput input;
      for (auto [name, field] :
           {std::pair{"username", &input.username}, std::pair{"email", &input.email}, std::pair{"phone", &input.phone},
            std::pair{"password", &input.password}, std::pair{"nickname", &input.nickname}}) {
        auto value = name == std::string_view("password") ? PasswordField(body, name, deps.password_key)
                                                          : StringField(body, name);
        if (!value) return deps.renderer.Fail(request, value.error());
        *field = std::move(*value);
      }
      auto user = deps.service.Register(input, ContextOf(request));
      if (!user) return deps.renderer.Fail(request, user.error());
      return deps.renderer.Ok(request, UserJson(*user), 201);
    });
  });

  router.Add(http::Method::kPost, "/api/v1/auth/login", [deps](http::Request& request) {
    return WithJson(deps, request, [&](const json& body) {
      auto account = StringField(body, "account");
      auto password = PasswordField(body, "password", deps.password_key);
      if (!account) return deps.renderer.Fail(request, account.error());
      if (!password) return deps.renderer.Fail(request, password.error());
      auto pair = deps.service.Login(account->value_or(""), password->value_or(""), ContextOf(request));
      if (!pair) return deps.renderer.Fail(request, pair.error());
      return deps.renderer.Ok(request, TokensJson(*pair));
    });
  });

  router.Add(http::Method::kPost, "/api/v1/auth/change-password", [deps](http::Request& request) {
    return WithJson(deps, request, [&](const json& body) {
      std::optional<std::string> values[3];
      const char* names[] = {"account", "old_password", "new_password"};
      for (int i = 0; i < 3; ++i) {
        auto value = i == 0 ? StringField(body, names[i]) : PasswordField(body, names[i], deps.password_key);
        if (!value) return deps.renderer.Fail(request, value.error());
        values[i] = std::move(*value);
      }
      auto pair = deps.service.ChangeExpiredPassword(values[0].value_or(""), values[1].value_or(""),
                                                     values[2].value_or(""), ContextOf(request));
      if (!pair) return deps.renderer.Fail(request, pair.error());
      return deps.renderer.Ok(request, TokensJson(*pair));
    });
  });

  router.Add(http::Method::kPost, "/api/v1/auth/refresh", [deps](http::Request& request) {
    return WithJson(deps, request, [&](const json& body) {
      auto token = StringField(body, "refresh_token");
      if (!token) return deps.renderer.Fail(request, token.error());
      auto pair = deps.service.Refresh(token->value_or(""), ContextOf(request));
      if (!pair) return deps.renderer.Fail(request, pair.error());
      return deps.renderer.Ok(request, TokensJson(*pair));
    });
  });

  router.Add(http::Method::kPost, "/api/v1/auth/logout", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      bool all = false;
      if (!request.body.empty()) {
        auto body = http::ParseJsonObject(request, deps.max_params);
        if (!body) return deps.renderer.Fail(request, body.error());
        if (const auto it = body->find("all"); it != body->end()) {
          if (!it->is_boolean())
            return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, "all must be a boolean");
          all = it->get<bool>();
        }
      }
      if (auto done = deps.service.Logout(principal, all, ContextOf(request)); !done) {
        return deps.renderer.Fail(request, done.error());
      }
      return deps.renderer.Ok(request, nullptr);
    });
  });

  router.Add(http::Method::kGet, "/api/v1/me", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      auto user = deps.service.GetUser(principal.user_id);
      if (!user) return deps.renderer.Fail(request, user.error());
      return deps.renderer.Ok(request, UserJson(*user));
    });
  });

  router.Add(http::Method::kPatch, "/api/v1/me", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      return WithJson(deps, request, [&](const json& body) {
        std::vector<std::pair<std::string, std::string>> values;
        for (const auto& [name, value] : body.items()) {
          if (!value.is_string() && !value.is_null()) {
            return deps.renderer.Fail(request, ErrorId::kCommonInvalidParameter, name + " must be a string or null");
          }
          values.emplace_back(name, value.is_null() ? std::string{} : value.get<std::string>());
        }
        if (values.empty()) return deps.renderer.Fail(request, ErrorId::kCommonMissingParameter, "nothing to update");
        std::vector<FieldUpdate> fields;
        for (const auto& [name, value] : values) fields.push_back({name, value});
        auto user = deps.service.UpdateProfile(principal, fields, ContextOf(request));
        if (!user) return deps.renderer.Fail(request, user.error());
        return deps.renderer.Ok(request, UserJson(*user));
      });
    });
  });

  router.Add(http::Method::kPost, "/api/v1/me/password", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      return WithJson(deps, request, [&](const json& body) {
        auto old_password = PasswordField(body, "old_password", deps.password_key);
        auto new_password = PasswordField(body, "new_password", deps.password_key);
        if (!old_password) return deps.renderer.Fail(request, old_password.error());
        if (!new_password) return deps.renderer.Fail(request, new_password.error());
        if (auto changed = deps.service.ChangePassword(principal, old_password->value_or(""),
                                                       new_password->value_or(""), ContextOf(request));
            !changed) {
          return deps.renderer.Fail(request, changed.error());
        }
        return deps.renderer.Ok(request, nullptr);
      });
    });
  });

  router.Add(http::Method::kGet, "/api/v1/me/sessions", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      auto sessions = deps.service.Sessions(principal);
      if (!sessions) return deps.renderer.Fail(request, sessions.error());
      json items = json::array();
      for (const auto& s : *sessions) {
        items.push_back({{"id", s.id},
                         {"created_at", s.created_at},
                         {"last_used_at", s.last_used_at},
                         {"expires_at", s.expires_at},
                         {"ip", s.ip},
                         {"user_agent", s.user_agent},
                         {"current", s.id == principal.session_id}});
      }
      return deps.renderer.Ok(request, {{"items", std::move(items)}});
    });
  });

  router.Add(http::Method::kDelete, "/api/v1/me/sessions/{id}", [deps](http::Request& request) {
    return WithPrincipal(deps, request, [&](const Principal& principal) {
      const auto id = request.PathParam("id").value_or("");
      if (auto ended = deps.service.EndSession(principal, id, ContextOf(request)); !ended) {
        return deps.renderer.Fail(request, ended.error());
      }
      return deps.renderer.Ok(request, nullptr);
    });
  });

  router.Add(
      http::Method::kGet, "/.well-known/jwks.json",
      [deps](http::Request&) {
        http::Response response;
        response.body = *deps.keys.JwksJson();
        response.headers.emplace_back("Cache-Control", "public, max-age=300");
        return response;
      },
      http::Dispatch::kInline);
}

}  // namespace menshen::accounts
