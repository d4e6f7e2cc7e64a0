// Values bound to and read from SQL statements, independent of any driver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace menshen::store::sql {

using Blob = std::vector<std::byte>;

// nullptr is SQL NULL. Integers bind as int64 (cast unsigned values explicitly).
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

// Parameters for the `?` placeholders of a statement, in order.
using Params = std::vector<Value>;

enum class ColumnType { kNull, kInteger, kReal, kText, kBlob };

Blob ToBlob(std::string_view bytes);

// One result row, copied out of the driver so that it outlives the statement.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t Size() const { return values_.size(); }
  const Value& At(std::size_t index) const { return values_.at(index); }
  bool IsNull(std::size_t index) const { return std::holds_alternative<std::nullptr_t>(At(index)); }
  // A getter of the wrong type is a bug in the caller's SQL and throws std::bad_variant_access.
  std::int64_t Int64(std::size_t index) const { return std::get<std::int64_t>(At(index)); }
  double Double(std::size_t index) const { return std::get<double>(At(index)); }
  const std::string& Text(std::size_t index) const { return std::get<std::string>(At(index)); }
  const Blob& Bytes(std::size_t index) const { return std::get<Blob>(At(index)); }

 private:
  std::vector<Value> values_;
};

}  // namespace menshen::store::sql
