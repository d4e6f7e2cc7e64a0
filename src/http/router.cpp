#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "http/form.hpp"

namespace menshen::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsCapture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

void AddAllowed(std::vector<Method>& allowed, Method method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) allowed.push_back(method);
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, Dispatch dispatch) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with /");
  const std::size_t index = routes_.size();
  routes_.push_back(Route{method, pattern, std::move(handler), dispatch});
  const auto segments = Split(pattern);
  if (std::none_of(segments.begin(), segments.end(), IsCapture)) {
    literal_[pattern].push_back(index);
    return;
  }
  patterned_.push_back(Compiled{{segments.begin(), segments.end()}, index});
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  RouteMatch match;
  if (const auto it = literal_.find(std::string(path)); it != literal_.end()) {
    for (const auto index : it->second) {
      if (routes_[index].method == method) {
        match.route = &routes_[index];
        return match;
      }
      AddAllowed(match.allowed, routes_[index].method);
    }
  }
  const auto segments = Split(path);
  for (const auto& compiled : patterned_) {
    if (compiled.segments.size() != segments.size()) continue;
    Fields params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = compiled.segments[i];
      if (IsCapture(want)) {
        auto value = PercentDecode(segments[i], /*plus_is_space=*/false);
        ok = value.has_value() && !value->empty();
        if (ok) params.emplace_back(want.substr(1, want.size() - 2), std::move(*value));
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    const Route& route = routes_[compiled.route_index];
    if (route.method != method) {
      AddAllowed(match.allowed, route.method);
      continue;
    }
    match.route = &route;
    match.params = std::move(params);
    match.allowed.clear();
    return match;
  }
  return match;
}

std::string AllowHeader(const std::vector<Method>& methods) {
  std::string out;
  for (const auto method : methods) {
    if (!out.empty()) out += ", ";
    out += ToString(method);
  }
  return out;
}

}  // namespace menshen::http
