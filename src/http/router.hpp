// Method + path-pattern routing. Patterns are literal segments and `{name}` captures: "/admin/users/{id}/lock".
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.hpp"

namespace menshen::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs. kWorker: the bounded worker pool (anything that usually blocks: database, hashing).
// kInline: on the I/O thread, for handlers that usually answer from memory in microseconds. Such a handler
// runs inside a NonBlockingScope (core/blocking.hpp): if it reaches something that may block, it is run again
// from the start on the worker pool, so it must change nothing before it could block.
enum class Dispatch { kWorker, kInline };

// Decided once, when a route is added: a handler whose stores all answer from this process's memory may run
// inline; one that reads a store across the network (Redis) would block on every request, so it goes to a
// worker at once instead of being run, stopped and run again each time.
constexpr Dispatch InlineWhen(bool stores_in_process) {
  return stores_in_process ? Dispatch::kInline : Dispatch::kWorker;
}

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  Dispatch dispatch = Dispatch::kWorker;
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  std::vector<Method> allowed;   // methods the path has, when the method did not match (405)
  Fields params;
};

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler, Dispatch dispatch = Dispatch::kWorker);
  RouteMatch Match(Method method, std::string_view path) const;
  const std::vector<Route>& Routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{x}" marks a capture
    std::size_t route_index;
  };
  std::vector<Route> routes_;
  std::unordered_map<std::string, std::vector<std::size_t>> literal_;  // path -> route indexes
  std::vector<Compiled> patterned_;
};

// "GET, POST" for an Allow header.
std::string AllowHeader(const std::vector<Method>& methods);

}  // namespace menshen::http
