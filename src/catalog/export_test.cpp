#include "catalog/export.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/table_parser.hpp"

namespace menshen::catalog {
namespace {

const std::vector<std::string> kProfiles = {"menshen",      "oauth2-server",   "open-platform",
                                            "user-service", "account-billing", "idaas"};

// Importing an export gives the profile's rows back: same cells, same order, same sections.
void ExpectTableRoundTrip(const Catalog& catalog, const std::string& exported, TableSyntax syntax) {
  const Profile& profile = catalog.ActiveProfile();
  const ParsedTables parsed = ParseTables(exported);
  ASSERT_TRUE(parsed.error.empty());
  EXPECT_TRUE(parsed.issues.empty());
  ASSERT_EQ(parsed.tables.size(), std::max<std::size_t>(1, profile.sections.size())) << exported;
  std::size_t index = 0;
  for (std::size_t t = 0; t < parsed.tables.size(); ++t) {
    const Table& table = parsed.tables[t];
    EXPECT_EQ(table.syntax, syntax);
    EXPECT_EQ(table.header, profile.columns);
    EXPECT_EQ(table.title, profile.sections.empty() ? profile.title : profile.sections[t]);
    for (const TableRow& row : table.rows) {
      ASSERT_LT(index, profile.rows.size());
      EXPECT_EQ(row.cells, RowCells(catalog, profile, profile.rows[index])) << profile.name << " line " << row.line;
      ++index;
    }
  }
  EXPECT_EQ(index, profile.rows.size()) << profile.name;
}

TEST(Export, MarkdownRoundTripsForEveryProfile) {
  for (const auto& name : kProfiles) {
    const Catalog catalog = Catalog::Load(name);
    ExpectTableRoundTrip(catalog, ExportMarkdown(catalog, catalog.ActiveProfile()), TableSyntax::kMarkdown);
  }
}

TEST(Export, RstRoundTripsForEveryProfile) {
  for (const auto& name : kProfiles) {
    const Catalog catalog = Catalog::Load(name);
    ExpectTableRoundTrip(catalog, ExportRst(catalog, catalog.ActiveProfile()), TableSyntax::kRst);
  }
}

TEST(Export, JsonRoundTripsForEveryProfile) {
  for (const auto& name : kProfiles) {
    const Catalog catalog = Catalog::Load(name);
    const Profile& profile = catalog.ActiveProfile();
    const auto doc = nlohmann::json::parse(ExportJson(catalog, profile));
    EXPECT_EQ(doc.at("profile"), name);
    ASSERT_EQ(doc.at("rows").size(), profile.rows.size());
    for (std::size_t i = 0; i < profile.rows.size(); ++i) {
      const auto& item = doc.at("rows")[i];
      const ProfileRow& row = profile.rows[i];
      if (row.code) {
        EXPECT_EQ(item.at("code").get<std::int64_t>(), *row.code);
      } else {
        EXPECT_TRUE(item.at("code").is_null());
      }
      EXPECT_EQ(item.at("text"), row.text);
      EXPECT_EQ(item.at("symbol"), row.symbol);
      EXPECT_EQ(item.at("en"), row.en);
      EXPECT_EQ(item.at("hint"), row.hint);
      std::vector<std::string> ids;
      for (const ErrorId id : row.ids) ids.emplace_back(ToString(id));
      EXPECT_EQ(item.at("ids").get<std::vector<std::string>>(), ids);
    }
  }
}

TEST(Export, MenshenTableListsCodeIdMessagesStatusAndHint) {
  const Catalog catalog = Catalog::Load("menshen");
  const std::string md = ExportMarkdown(catalog, catalog.ActiveProfile());
  EXPECT_NE(md.find("| code | id | zh-CN | en | HTTP | 排查策略 |"), std::string::npos);
  EXPECT_NE(md.find("| 202004 | auth.password_wrong | 密码错误 | Incorrect password | 401 |"), std::string::npos);
  EXPECT_NE(md.find("| 0 | common.success | 成功 | Success | 200 |"), std::string::npos);
}

TEST(Export, KeepsTheSeedLayoutAndBlankRows) {
  const Catalog catalog = Catalog::Load("user-service");
  const std::string md = ExportMarkdown(catalog, catalog.ActiveProfile());
  EXPECT_NE(md.find("| **infocode** | **info 返回值** | **状态描述** | **排查策略** |"), std::string::npos);
  EXPECT_NE(md.find("| 1013 |  |  |  |"), std::string::npos);
  EXPECT_NE(md.find("|  |  |  |  |"), std::string::npos);
  const Catalog open = Catalog::Load("open-platform");
  const std::string sections = ExportMarkdown(open, open.ActiveProfile());
  EXPECT_LT(sections.find("## 授权／令牌请求接口返回码"), sections.find("## API通用返回码"));
}

TEST(ExportCommand, WritesTheTableOrExplainsTheFailure) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(ExportCommand("idaas", "rst", {}, out, err), 0);
  EXPECT_NE(out.str().find("验证码验证失败(验证码错误)"), std::string::npos);
  EXPECT_EQ(ExportCommand("idaas", "pdf", {}, out, err), 2);
  EXPECT_EQ(ExportCommand("nobody", "md", {}, out, err), 2);
  EXPECT_NE(err.str().find("unknown profile"), std::string::npos);
}

}  // namespace
}  // namespace menshen::catalog
