#include "store/sql/postgres/pg_placeholders.hpp"

#include <gtest/gtest.h>

namespace menshen::store::sql {
namespace {

TEST(PgPlaceholders, NumbersEachQuestionMarkInOrder) {
  const auto numbered = NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?");
  EXPECT_EQ(numbered.sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4");
  EXPECT_EQ(numbered.parameters, 4);
}

TEST(PgPlaceholders, LeavesQuestionMarksInLiteralsIdentifiersAndCommentsAlone) {
  const auto numbered = NumberPlaceholders(
      "SELECT '?', 'it''s ?', \"odd?name\", E'\\'?', $$?$$, $x$ ? $x$ -- why?\n, ? /* ? */ FROM t WHERE a = ?");
  EXPECT_EQ(numbered.sql,
            "SELECT '?', 'it''s ?', \"odd?name\", E'\\'?', $$?$$, $x$ ? $x$ -- why?\n, $1 /* ? */ FROM t WHERE a = $2");
  EXPECT_EQ(numbered.parameters, 2);
}

TEST(PgPlaceholders, ABackslashEndsAStandardStringLiteral) {
  // LIKE ... ESCAPE '\' is a one-character literal under standard_conforming_strings.
  const auto numbered = NumberPlaceholders("SELECT 1 WHERE a LIKE ? ESCAPE '\\' AND b LIKE ? ESCAPE '\\'");
  EXPECT_EQ(numbered.sql, "SELECT 1 WHERE a LIKE $1 ESCAPE '\\' AND b LIKE $2 ESCAPE '\\'");
}

TEST(PgPlaceholders, AnUnterminatedLiteralSwallowsTheRest) {
  const auto numbered = NumberPlaceholders("SELECT 'open ? ");
  EXPECT_EQ(numbered.sql, "SELECT 'open ? ");
  EXPECT_EQ(numbered.parameters, 0);
}

}  // namespace
}  // namespace menshen::store::sql
