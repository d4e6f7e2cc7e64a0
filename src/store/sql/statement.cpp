#include "store/sql/statement.hpp"

#include <vector>

#include "store/sql/statement_cache.hpp"

namespace menshen::store::sql {

Blob ToBlob(std::string_view bytes) {
  const auto* first = reinterpret_cast<const std::byte*>(bytes.data());
  return Blob(first, first + bytes.size());
}

Value Statement::Get(int index) const {
  switch (Type(index)) {
    case ColumnType::kNull:
      return nullptr;
    case ColumnType::kInteger:
      return Int64(index);
    case ColumnType::kReal:
      return Double(index);
    case ColumnType::kText:
      return Text(index);
    case ColumnType::kBlob:
      return Bytes(index);
  }
  return nullptr;
}

Row Statement::CurrentRow() const {
  std::vector<Value> values;
  const int count = ColumnCount();
  values.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) values.push_back(Get(i));
  return Row(std::move(values));
}

StatementHandle& StatementHandle::operator=(StatementHandle&& other) noexcept {
  if (this != &other) {
    Release();
    statement_ = std::move(other.statement_);
    home_ = other.home_;
  }
  return *this;
}

StatementHandle::~StatementHandle() { Release(); }

void StatementHandle::Release() {
  if (statement_ == nullptr) return;
  if (home_ != nullptr) {
    home_->Give(std::move(statement_));
  } else {
    statement_.reset();
  }
}

}  // namespace menshen::store::sql
