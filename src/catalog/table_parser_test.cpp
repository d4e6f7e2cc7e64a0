#include "catalog/table_parser.hpp"

#include <gtest/gtest.h>

namespace menshen::catalog {
namespace {

TEST(TableParser, ReadsMarkdownWithPaddedAlignmentRows) {
  const auto parsed = ParseTables(
      "## 列表\n\n"
      "|      状态码     |    说明    |\n"
      "|: ----------- :|: -------- :|\n"
      "|      200       |  正常\\(成功\\)  |\n"
      "| 7 | a \\| b |\n");
  ASSERT_EQ(parsed.tables.size(), 1u);
  const Table& table = parsed.tables[0];
  EXPECT_EQ(table.syntax, TableSyntax::kMarkdown);
  EXPECT_EQ(table.title, "列表");
  EXPECT_EQ(table.line, 3u);
  EXPECT_EQ(table.header, (std::vector<std::string>{"状态码", "说明"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].line, 5u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"200", "正常(成功)"}));
  EXPECT_EQ(table.rows[1].cells, (std::vector<std::string>{"7", "a | b"}));
}

TEST(TableParser, KeepsBlankRowsAndSeveralTablesWithTheirTitles) {
  const auto parsed = ParseTables(
      "# **First**\n\n| a | b |\n| --- | --- |\n| 1 | x |\n|   |   |\n\n"
      "# **Second**\n\ntext\n\n| a | b |\n| :- | -: |\n| 2 | y |\n");
  ASSERT_EQ(parsed.tables.size(), 2u);
  EXPECT_EQ(parsed.tables[0].title, "First");
  EXPECT_EQ(parsed.tables[1].title, "Second");
  ASSERT_EQ(parsed.tables[0].rows.size(), 2u);
  EXPECT_EQ(parsed.tables[0].rows[1].cells, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(parsed.tables[1].rows[0].line, 14u);
}

TEST(TableParser, IgnoresCodeFencesAndTablesWithoutADelimiterRow) {
  const auto parsed = ParseTables("```\n| a | b |\n| - | - |\n```\n| not | a table |\n| 1 | 2 |\n");
  EXPECT_TRUE(parsed.tables.empty());
}

TEST(TableParser, ReadsRstSimpleTablesByDisplayColumn) {
  const auto parsed = ParseTables(
      "异常码参照\n==========\n\n"
      "======= ========================== ====\n"
      "异常码  异常码描述                 说明\n"
      "======= ========================== ====\n"
      "404     RESOURCE\\ *NOT*\\ FOUND     资源不存在\n"
      "700     DO\\ *NOT*\\ HAVE_MORE       没有更多记录\n"
      "        continued                  更多\n"
      "\\ \n"
      "======= ========================== ====\n");
  ASSERT_EQ(parsed.tables.size(), 1u);
  const Table& table = parsed.tables[0];
  EXPECT_EQ(table.syntax, TableSyntax::kRst);
  EXPECT_EQ(table.title, "异常码参照");
  EXPECT_EQ(table.header, (std::vector<std::string>{"异常码", "异常码描述", "说明"}));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"404", "RESOURCE_NOT_FOUND", "资源不存在"}));
  EXPECT_EQ(table.rows[1].cells, (std::vector<std::string>{"700", "DO_NOT_HAVE_MORE continued", "没有更多记录 更多"}));
  EXPECT_EQ(table.rows[2].line, 10u);
  EXPECT_EQ(table.rows[2].cells, (std::vector<std::string>{"", "", ""}));
  EXPECT_TRUE(parsed.issues.empty());
}

TEST(TableParser, ReportsAnUnterminatedRstTable) {
  const auto parsed = ParseTables("=== ===\na   b\n=== ===\n1   x\n");
  ASSERT_EQ(parsed.tables.size(), 1u);
  ASSERT_EQ(parsed.issues.size(), 1u);
  EXPECT_EQ(parsed.issues[0].line, 1u);
}

TEST(TableParser, RefusesOversizedInput) {
  EXPECT_FALSE(ParseTables(std::string(kMaxTableInput + 1, 'a')).error.empty());
  EXPECT_FALSE(ParseTables("ok\n" + std::string(kMaxTableLine + 1, '|')).error.empty());
  EXPECT_TRUE(ParseTables("| a |\n| - |\n| " + std::string(1000, 'x') + " |\n").error.empty());
}

TEST(TableParser, SurvivesMalformedInput) {
  const std::vector<std::string> inputs = {"|",
                                           "|\n|-|",
                                           "| a \\",
                                           "=\n=",
                                           "== ==\n\xff\xfe\xe4 x\n== ==",
                                           "\\ *\\ *\\ ",
                                           std::string("| a |\n| - |\n|\0|", 15),
                                           "|\\|\n|-|\n"};
  for (const auto& input : inputs) {
    const auto parsed = ParseTables(input);
    for (const auto& table : parsed.tables) {
      for (const auto& row : table.rows) EXPECT_GE(row.line, 1u);
    }
  }
}

TEST(TableParser, MeasuresWideCharactersAsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("异常码"), 6u);
  EXPECT_EQ(DisplayWidth("用戶 ok"), 7u);
}

}  // namespace
}  // namespace menshen::catalog
