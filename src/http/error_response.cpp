#include "http/error_response.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "core/uri_query.hpp"

namespace menshen::http {
namespace {

using nlohmann::ordered_json;

// The codes the token endpoint defines (RFC 6749 5.2, RFC 8707 2); temporarily_unavailable tells a client to
// retry, as at the authorization endpoint (4.1.2.1).
constexpr std::array<std::string_view, 8> kTokenCodes = {
    "invalid_request",        "invalid_client", "invalid_grant",  "unauthorized_client",
    "unsupported_grant_type", "invalid_scope",  "invalid_target", "temporarily_unavailable"};

// The codes an authorization error redirect may carry (RFC 6749 4.1.2.1, OpenID Connect Core 3.1.2.6).
constexpr std::array<std::string_view, 15> kAuthorizeCodes = {"invalid_request",
                                                              "unauthorized_client",
                                                              "access_denied",
                                                              "unsupported_response_type",
                                                              "invalid_scope",
                                                              "temporarily_unavailable",
                                                              "interaction_required",
                                                              "login_required",
                                                              "account_selection_required",
                                                              "consent_required",
                                                              "invalid_request_uri",
                                                              "invalid_request_object",
                                                              "request_not_supported",
                                                              "request_uri_not_supported",
                                                              "registration_not_supported"};

template <std::size_t N>
bool Defines(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

struct RfcAnswer {
  std::string_view code;  // empty: the response carries no error code
  int status;
};

// RFC 6749 5.2: the entry's code where the token endpoint defines it, server_error for a failure of ours,
// invalid_request for any other refusal (a malformed body, a limit: the request is what is wrong).
RfcAnswer TokenEndpointAnswer(const catalog::CanonicalEntry& entry) {
  if (Defines(kTokenCodes, entry.oauth)) {
    if (entry.oauth == "invalid_client") return {entry.oauth, 401};
    return {entry.oauth, entry.oauth == "temporarily_unavailable" ? 503 : 400};
  }
  if (entry.status >= 500) return {"server_error", entry.status};
  return {"invalid_request", 400};
}

// RFC 6750 3.1: no error code when no token was sent; any other refusal means the token cannot be used
// (invalid, expired, revoked, or its user may no longer sign in).
RfcAnswer BearerAnswer(const catalog::CanonicalEntry& entry) {
  if (entry.oauth == "login_required") return {"", 401};
  if (entry.oauth == "insufficient_scope") return {entry.oauth, 403};
  if (entry.oauth == "invalid_request") return {entry.oauth, 400};
  if (entry.status >= 500) return {"", entry.status};
  return {"invalid_token", 401};
}

std::string_view AuthorizeCode(const catalog::CanonicalEntry& entry) {
  return Defines(kAuthorizeCodes, entry.oauth) ? std::string_view(entry.oauth) : "server_error";
}

// The one log line of an error: what the client is not told, with the request id to find it by.
void LogInternalDetail(const Request& request, const Error& error, const catalog::CanonicalEntry& entry) {
  if (error.internal_detail.empty()) return;
  spdlog::log(entry.status >= 500 ? spdlog::level::err : spdlog::level::warn, "{} {}: {} (request {})", request.route,
              ToString(error.id), error.internal_detail, request.request_id);
}

std::string Dump(const ordered_json& body) {
  // Replacement characters keep a response valid JSON even if a detail echoes broken input.
  return body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string Description(const Error& error, const catalog::CanonicalEntry& entry) {
  return DescriptionText(error.public_detail.empty() ? entry.en : error.public_detail);
}

class Shaper {
 public:
  Shaper(const catalog::Catalog& catalog, const Request& request, const Error& error)
      : catalog_(catalog), request_(request), error_(error) {}

  Response operator()(EnvelopeShape& shape) const {
    const auto [rendered, entry] = Look(request_.locale);
    ordered_json envelope = {{"code", rendered.code},
                             {"message", rendered.message},
                             {"data", std::move(shape.data)},
                             {"error", ToString(error_.id)},
                             {"request_id", request_.request_id}};
    if (!error_.public_detail.empty()) envelope["detail"] = error_.public_detail;
    auto response = Finish(Dump(envelope), rendered.http_status, rendered.code);
    if (shape.bearer_challenge && rendered.http_status == 401) {
      const auto code = BearerAnswer(entry).code;
      response.headers.emplace_back("WWW-Authenticate",
                                    code.empty() ? std::string("Bearer") : fmt::format("Bearer error=\"{}\"", code));
    }
    return response;
  }

  Response operator()(const OAuthShape&) const {
    const auto [rendered, entry] = Look(request_.locale);
    const auto [code, status] = TokenEndpointAnswer(entry);
    const ordered_json body = {{"error", code},
                               {"error_description", Description(error_, entry)},
                               {"code", rendered.code},
                               {"message", rendered.message}};
    auto response = Finish(Dump(body), status, rendered.code);
    NoStore(response);
    // Every 401 names the scheme to use (RFC 9110 11.6.1; RFC 6749 5.2 for Basic).
    if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"menshen\"");
    return response;
  }

  Response operator()(const BearerShape&) const {
    const auto [rendered, entry] = Look(request_.locale);
    const auto [code, status] = BearerAnswer(entry);
    const auto description = Description(error_, entry);
    ordered_json body;
    if (!code.empty()) body["error"] = code;
    if (!code.empty()) body["error_description"] = description;
    body["code"] = rendered.code;
    body["message"] = rendered.message;
    auto response = Finish(Dump(body), status, rendered.code);
    NoStore(response);
    if (status == 401 || status == 403) {
      std::string challenge = "Bearer realm=\"menshen\"";
      if (!code.empty()) challenge += fmt::format(", error=\"{}\", error_description=\"{}\"", code, description);
      if (code == "insufficient_scope") challenge += ", scope=\"openid\"";
      response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
    }
    return response;
  }

  Response operator()(const PageShape& shape) const {
    const auto [rendered, entry] = Look(shape.locale);
    // An error shown to the user, not sent anywhere: never a success status.
    auto response = shape.frames.ErrorPage({.locale = shape.locale,
                                            .message = rendered.message,
                                            .code = rendered.code,
                                            .request_id = request_.request_id,
                                            .status = std::max(entry.status, 400)});
    return Mark(std::move(response), rendered.code);
  }

  Response operator()(const RedirectShape& shape) const {
    const auto [rendered, entry] = Look(request_.locale);
    std::vector<std::pair<std::string, std::string>> params = {{"error", std::string(AuthorizeCode(entry))}};
    if (!error_.public_detail.empty()) params.emplace_back("error_description", DescriptionText(error_.public_detail));
    if (shape.state) params.emplace_back("state", *shape.state);
    params.emplace_back("iss", shape.issuer);
    return Mark(shape.frames.Redirect(WithQuery(shape.redirect_uri, params)), rendered.code);
  }

 private:
  // The one catalog look-up and the one log line of the error.
  catalog::Described Look(catalog::Locale locale) const {
    const auto described = catalog_.Describe(error_.id, locale);
    LogInternalDetail(request_, error_, described.entry);
    return described;
  }

  Response Mark(Response response, std::int64_t code) const {
    response.error = error_.id;
    response.code = code;
    return response;
  }

  Response Finish(std::string body, int status, std::int64_t code) const {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return Mark(std::move(response), code);
  }

  const catalog::Catalog& catalog_;
  const Request& request_;
  const Error& error_;
};

}  // namespace

void NoStore(Response& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
}

Response ErrorResponse(const catalog::Catalog& catalog, const Request& request, const Error& error, ErrorShape shape) {
  return std::visit(Shaper(catalog, request, error), shape);
}

std::string DescriptionText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u > 0x7e) ? '?' : (c == '"' || c == '\\') ? '\'' : c;
  }
  return out;
}

}  // namespace menshen::http
