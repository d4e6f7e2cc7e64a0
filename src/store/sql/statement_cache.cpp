#include "store/sql/statement_cache.hpp"

namespace menshen::store::sql {

std::unique_ptr<Statement> StatementCache::Take(std::string_view sql) {
  auto found = by_sql_.find(std::string(sql));
  if (found == by_sql_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  auto statement = std::move(*found->second);
  lru_.erase(found->second);
  by_sql_.erase(found);
  return statement;
}

void StatementCache::Give(std::unique_ptr<Statement> statement) {
  statement->Reset();
  if (capacity_ == 0) return;
  lru_.push_front(std::move(statement));
  by_sql_.emplace(lru_.front()->Sql(), lru_.begin());
  while (lru_.size() > capacity_) {
    auto oldest = std::prev(lru_.end());
    auto [first, last] = by_sql_.equal_range((*oldest)->Sql());
    for (auto it = first; it != last; ++it) {
      if (it->second == oldest) {
        by_sql_.erase(it);
        break;
      }
    }
    lru_.erase(oldest);
  }
}

void StatementCache::Clear() {
  by_sql_.clear();
  lru_.clear();
}

StatementCacheStats StatementCache::Stats() const { return {hits_, misses_, lru_.size()}; }

}  // namespace menshen::store::sql
