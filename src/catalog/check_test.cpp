#include <gtest/gtest.h>

#include <sstream>

#include "catalog/catalog.hpp"
#include "catalog/test_support.hpp"

namespace menshen::catalog {
namespace {

struct CheckResult {
  int exit_code;
  std::string report;
};

CheckResult Check(const std::filesystem::path& file) {
  std::ostringstream out;
  const int code = CheckCommand(file, out);
  return {code, out.str()};
}

TEST(CheckCommand, ReportsTheBlankRowsOfSeed002) {
  const auto dir = testing::SeedsDir();
  const auto file = testing::SeedFile(dir, "002_");
  const auto [code, report] = Check(file);
  EXPECT_EQ(code, 1);
  const std::string name = file.string();
  EXPECT_NE(report.find(name + ":18: blank row: number 1013 has no text"), std::string::npos) << report;
  EXPECT_NE(report.find(name + ":25: blank row\n"), std::string::npos) << report;
  EXPECT_NE(report.find(name + ":28: blank row\n"), std::string::npos) << report;
}

TEST(CheckCommand, ReportsIdenticalTextsInSeeds001And004) {
  const auto dir = testing::SeedsDir();
  const auto [code, report] = Check(testing::SeedFile(dir, "001_"));
  EXPECT_EQ(code, 1);
  EXPECT_NE(report.find("numbers 100 (line 49) and 211 have identical text: 请求参数无效"), std::string::npos)
      << report;
  const auto idaas = Check(testing::SeedFile(dir, "004_"));
  EXPECT_NE(idaas.report.find("numbers 2227 (line"), std::string::npos) << idaas.report;
}

TEST(CheckCommand, ReportsDuplicatesAndRowsItCannotParse) {
  const testing::TempDir dir("menshen-catalog-check");
  const auto file = dir.Write("codes.md",
                              "| code | text |\n| --- | --- |\n| 1 | one |\n| 1 | uno |\n| x2 | two |\n"
                              "| 3 | three | extra |\n");
  const auto [code, report] = Check(file);
  EXPECT_EQ(code, 1);
  const std::string name = file.string();
  EXPECT_NE(report.find(name + ":4: duplicate number 1 (first at line 3)"), std::string::npos) << report;
  EXPECT_NE(report.find(name + ":5: cannot parse row: code \"x2\" is not a number"), std::string::npos) << report;
  EXPECT_NE(report.find(name + ":6: cannot parse row: 3 cells, the header has 2"), std::string::npos) << report;
}

TEST(CheckCommand, ExitsZeroOnACleanTableAndTwoOnAnUnreadableFile) {
  const testing::TempDir dir("menshen-catalog-check-clean");
  const auto clean =
      Check(dir.Write("ok.rst", "===== ====\ncode  text\n===== ====\n1     one\n2     two\n===== ====\n"));
  EXPECT_EQ(clean.exit_code, 0) << clean.report;
  EXPECT_EQ(Check(dir.Path() / "missing.md").exit_code, 2);
  EXPECT_EQ(Check(dir.Write("empty.md", "no table here\n")).exit_code, 1);
}

}  // namespace
}  // namespace menshen::catalog
