#include "http/pipeline.hpp"

#include <spdlog/spdlog.h>

#include "core/blocking.hpp"
#include "http/form.hpp"
#include "http/utf8.hpp"

namespace menshen::http {

Pipeline::Pipeline(const Router& router, const Renderer& renderer, Metrics& metrics, AccessLog* access_log,
                   PipelineOptions options)
    : router_(router), renderer_(renderer), metrics_(metrics), access_log_(access_log), options_(options) {}

void Pipeline::Identify(Request& request) {
  request.request_id = request_ids_.Choose(request.Header("x-request-id").value_or(""));
  const auto accept_language = request.Header("accept-language");
  request.locale = accept_language ? catalog::ParseAcceptLanguage(*accept_language, options_.default_locale)
                                   : options_.default_locale;
}

std::variant<const Route*, Response> Pipeline::Begin(Request& request) {
  auto match = router_.Match(request.method, request.path);
  if (!match.route && request.method == Method::kHead) match = router_.Match(Method::kGet, request.path);
  if (!match.route) {
    if (match.allowed.empty()) {
      request.route = "(unmatched)";
      return renderer_.Fail(request, ErrorId::kCommonNotFound, "no such endpoint");
    }
    request.route = "(method not allowed)";
    auto response =
        renderer_.Fail(request, ErrorId::kHttpMethodNotAllowed, std::string("allowed: ") + AllowHeader(match.allowed));
    response.headers.emplace_back("Allow", AllowHeader(match.allowed));
    return response;
  }
  request.route = match.route->pattern;
  for (const auto& [name, value] : match.params) {
    if (!IsValidUtf8(value)) return renderer_.Fail(request, ErrorId::kCommonInvalidParameter, "path must be UTF-8");
  }
  request.path_params = std::move(match.params);
  if (auto parsed = ParseUrlEncoded(request.query, options_.max_params, request.query_params); !parsed) {
    return renderer_.Fail(request, parsed.error());
  }
  return match.route;
}

Response Pipeline::Invoke(const Route& route, Request& request) const {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    // A bug, not a client's fault: log the text, send the catalog's internal error only.
    spdlog::error("handler {} threw: {} (request {})", route.pattern, e.what(), request.request_id);
  } catch (const WouldBlock&) {
    throw;  // not a failure: InvokeWithoutBlocking moves the request to a worker
  } catch (...) {
    spdlog::error("handler {} threw a non-exception (request {})", route.pattern, request.request_id);
  }
  return renderer_.Fail(request, ErrorId::kCommonInternalError);
}

std::optional<Response> Pipeline::InvokeWithoutBlocking(const Route& route, Request& request) const {
  NonBlockingScope scope;
  try {
    return Invoke(route, request);
  } catch (const WouldBlock&) {
    return std::nullopt;
  }
}

Response Pipeline::Reject(const Request& request, ErrorId id, std::string public_detail) const {
  return renderer_.Fail(request, id, std::move(public_detail));
}

void Pipeline::Finish(const Request& request, Response& response) {
  response.headers.emplace_back("X-Request-Id", request.request_id);
  const auto duration = std::chrono::steady_clock::now() - request.received_at;
  metrics_.Observe(request.route.empty() ? std::string_view{"(rejected)"} : std::string_view{request.route},
                   response.status, response.code, duration);
  if (access_log_) access_log_->Write(request, response, duration);
}

}  // namespace menshen::http
