// Idle prepared statements of one connection, keyed by SQL text, least recently used evicted first.
// Preparing is a large share of the cost of a short query; repositories run the same few
// statements over and over, so each connection keeps them compiled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/statement.hpp"

namespace menshen::store::sql {

struct StatementCacheStats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::size_t idle = 0;
};

// Not thread-safe: a connection is used by one thread at a time.
class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // An idle statement for `sql`, or nullptr (counted as a miss; the caller prepares one).
  std::unique_ptr<Statement> Take(std::string_view sql);
  // Returns a statement after use; it is reset, and the least recently used one is dropped when full.
  void Give(std::unique_ptr<Statement> statement);
  void Clear();
  StatementCacheStats Stats() const;

 private:
  using Lru = std::list<std::unique_ptr<Statement>>;

  std::size_t capacity_;
  Lru lru_;  // front is the most recently returned
  std::unordered_multimap<std::string, Lru::iterator> by_sql_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace menshen::store::sql
