// Steps of the hosted pages that wait for the user (a sign-in or consent form for an authorization request,
// a sign-out confirmation), kept in the key-value store under a random id for ten minutes. A form names its
// step by that id and proves it came from the same browser with a CSRF token bound to a browser cookie.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/random.hpp"
#include "store/kv/kv.hpp"

namespace menshen::oauth {

class Interactions {
 public:
  static constexpr std::chrono::minutes kLifetime{10};

  Interactions(store::kv::Kv& kv, Random& random) : kv_(kv), random_(random) {}

  // Stores `state` as a step of `kind` ("authorize", "logout"); returns its id.
  Result<std::string> Save(std::string_view kind, const nlohmann::json& state);
  // The step's state; nullopt when it is unknown, expired, finished or of another kind.
  Result<std::optional<nlohmann::json>> Load(std::string_view kind, std::string_view id);
  // Stores what the step has learned (a sign-in on its form); its lifetime starts again.
  Status Replace(std::string_view kind, std::string_view id, const nlohmann::json& state);
  // Finishes a step, so that its form cannot be posted again. True when this call finished it.
  Result<bool> Finish(std::string_view kind, std::string_view id);

 private:
  store::kv::Kv& kv_;
  Random& random_;
};

// The CSRF token of a form: HMAC-SHA256 keyed by the browser's CSRF cookie over the step id, so that a form
// served to one browser cannot be posted from another.
std::string CsrfToken(std::string_view browser_secret, std::string_view interaction_id);
// Compares in constant time; false for an empty cookie or token.
bool CsrfMatches(std::string_view browser_secret, std::string_view interaction_id, std::string_view token);

}  // namespace menshen::oauth
