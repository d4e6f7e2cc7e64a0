#include "store/sql/postgres/pg_statement.hpp"

#include <fmt/format.h>

#include <charconv>

#include "store/sql/postgres/pg_connection.hpp"

namespace menshen::store::sql {
namespace {

// Type OIDs of pg_catalog (stable across releases).
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kOid = 26;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kNumeric = 1700;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

PgStatement::PgStatement(PgConnection* connection, std::uint64_t generation, std::string sql, std::string name,
                         PgResult description)
    : connection_(connection),
      generation_(generation),
      sql_(std::move(sql)),
      name_(std::move(name)),
      description_(std::move(description)),
      parameters_(PQnparams(description_.get())) {}

PgStatement::~PgStatement() { connection_->Forget(name_, generation_); }

Status PgStatement::Bind(const Params& params) {
  Reset();
  if (static_cast<std::size_t>(parameters_) != params.size()) {
    return Fail(ErrorId::kInfraDatabaseError, {},
                fmt::format("statement wants {} parameters, got {}: {}", parameters_, params.size(), sql_));
  }
  values_.assign(params.size(), {});
  nulls_.assign(params.size(), false);
  formats_.assign(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& value = params[i];
    if (std::holds_alternative<std::nullptr_t>(value)) {
      nulls_[i] = true;
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      values_[i] = std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      values_[i] = fmt::format("{}", *d);  // shortest text that reads back as the same double
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      if (s->find('\0') != std::string::npos) {
        return Fail(ErrorId::kInfraDatabaseError, {}, fmt::format("text parameter {} holds a NUL byte", i + 1));
      }
      values_[i] = *s;
    } else {
      const auto& blob = std::get<Blob>(value);
      values_[i].assign(reinterpret_cast<const char*>(blob.data()), blob.size());
      formats_[i] = 1;  // bytes as they are
    }
  }
  return {};
}

Result<bool> PgStatement::Step() {
  if (result_ == nullptr) {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = nulls_[i] ? nullptr : values_[i].c_str();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    auto result =
        connection_->RunPrepared(name_, generation_, parameters_, values.data(), lengths.data(), formats_.data());
    if (!result) return std::unexpected(result.error());
    result_ = std::move(*result);
    row_ = -1;
  }
  if (row_ < PQntuples(result_.get())) ++row_;
  return row_ < PQntuples(result_.get());
}

void PgStatement::Reset() {
  result_.reset();
  row_ = -1;
  values_.clear();
  nulls_.clear();
  formats_.clear();
}

int PgStatement::ColumnCount() const { return PQnfields(result_ != nullptr ? result_.get() : description_.get()); }

std::string_view PgStatement::Raw(int index) const {
  return {PQgetvalue(result_.get(), row_, index), static_cast<std::size_t>(PQgetlength(result_.get(), row_, index))};
}

ColumnType PgStatement::Type(int index) const {
  if (result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_.get())) return ColumnType::kNull;
  if (PQgetisnull(result_.get(), row_, index) != 0) return ColumnType::kNull;
  switch (PQftype(result_.get(), index)) {
    case kBool:
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return ColumnType::kInteger;
    case kFloat4:
    case kFloat8:
      return ColumnType::kReal;
    case kNumeric:
      // SUM() of BIGINT is NUMERIC: a whole number reads as an integer, as SQLite gives it.
      return Raw(index).find_first_not_of("-0123456789") == std::string_view::npos ? ColumnType::kInteger
                                                                                   : ColumnType::kReal;
    case kBytea:
      return ColumnType::kBlob;
    default:
      return ColumnType::kText;
  }
}

std::int64_t PgStatement::Int64(int index) const {
  if (Type(index) == ColumnType::kNull) return 0;
  const auto raw = Raw(index);
  if (PQftype(result_.get(), index) == kBool) return raw == "t" ? 1 : 0;
  std::int64_t value = 0;
  if (std::from_chars(raw.data(), raw.data() + raw.size(), value).ec != std::errc{}) {
    return static_cast<std::int64_t>(Double(index));
  }
  return value;
}

double PgStatement::Double(int index) const {
  if (Type(index) == ColumnType::kNull) return 0;
  const auto raw = Raw(index);
  double value = 0;
  std::from_chars(raw.data(), raw.data() + raw.size(), value);
  return value;
}

std::string PgStatement::Text(int index) const {
  if (Type(index) == ColumnType::kBlob) {
    const Blob bytes = Bytes(index);
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  if (Type(index) == ColumnType::kNull) return {};
  return std::string(Raw(index));
}

Blob PgStatement::Bytes(int index) const {
  const auto type = Type(index);
  if (type == ColumnType::kNull) return {};
  const auto raw = Raw(index);
  if (type != ColumnType::kBlob) return ToBlob(raw);
  // bytea's text output is hex: "\x" and two digits per byte.
  Blob bytes;
  bytes.reserve(raw.size() / 2);
  for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
    bytes.push_back(static_cast<std::byte>(HexDigit(raw[i]) * 16 + HexDigit(raw[i + 1])));
  }
  return bytes;
}

}  // namespace menshen::store::sql
