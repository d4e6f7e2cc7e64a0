#include "http/render.hpp"

namespace menshen::http {

Response Renderer::Ok(const Request& request, nlohmann::json data, int status) const {
  const auto rendered = catalog_.Success(request.locale);
  nlohmann::ordered_json envelope = {{"code", rendered.code},
                                     {"message", rendered.message},
                                     {"data", std::move(data)},
                                     {"error", nullptr},
                                     {"request_id", request.request_id}};
  Response response;
  response.status = status;
  response.body = envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  response.code = rendered.code;
  return response;
}

Response Renderer::Fail(const Request& request, const Error& error) const { return Fail(request, error, nullptr); }

Response Renderer::Fail(const Request& request, const Error& error, nlohmann::json data) const {
  return ErrorResponse(catalog_, request, error, EnvelopeShape{std::move(data)});
}

Response Renderer::FailAs(const Request& request, const Error& error, ErrorShape shape) const {
  return ErrorResponse(catalog_, request, error, std::move(shape));
}

Response Renderer::Fail(const Request& request, ErrorId id, std::string public_detail) const {
  return Fail(request, Error{id, std::move(public_detail), {}});
}

}  // namespace menshen::http
