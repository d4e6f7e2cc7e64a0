// Renders results as the catalog envelope: {"code","message","data","error","request_id"}, and errors in any
// shape through error_response.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "http/error_response.hpp"
#include "http/message.hpp"

namespace menshen::http {

class Renderer {
 public:
  explicit Renderer(const catalog::Catalog& catalog) : catalog_(catalog) {}

  // A success envelope with `data`; `status` 200 unless the caller says otherwise (201 on create).
  Response Ok(const Request& request, nlohmann::json data, int status = 200) const;
  // An error envelope: the active profile's code and message, the canonical id, a public detail if any.
  Response Fail(const Request& request, const Error& error) const;
  Response Fail(const Request& request, ErrorId id, std::string public_detail = {}) const;
  // An error envelope that still carries `data`: for the few catalog entries that are answers rather than
  // failures (pagination.no_more_records answers an empty page).
  Response Fail(const Request& request, const Error& error, nlohmann::json data) const;
  // `error` in the shape its protocol asks for (RFC 6749, RFC 6750, an HTML page, a redirect).
  Response FailAs(const Request& request, const Error& error, ErrorShape shape) const;

  const catalog::Catalog& Catalog() const { return catalog_; }

 private:
  const catalog::Catalog& catalog_;
};

}  // namespace menshen::http
