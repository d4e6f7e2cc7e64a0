#include "http/templates.hpp"

#include <gtest/gtest.h>

namespace menshen::http {
namespace {

using Sources = std::map<std::string, std::string, std::less<>>;

TEST(Templates, EscapesEveryValueAndIncludesPartials) {
  Templates templates(Sources{{"page", "{{> head}}<p>{{text}}</p>{{#items}}<i>{{.}}</i>{{/items}}{{#flag}}F{{/flag}}"},
                              {"head", "<h1>{{title}}</h1>"}});
  auto html =
      templates.Render("page", {{"title", "<b>&"}, {"text", "\"x' <script>"}, {"items", {"a<", "b"}}, {"flag", false}});
  ASSERT_TRUE(html);
  EXPECT_EQ(*html, "<h1>&lt;b&gt;&amp;</h1><p>&quot;x&apos; &lt;script&gt;</p><i>a&lt;</i><i>b</i>");
}

TEST(Templates, UnknownTemplateIsAnError) {
  Templates templates(Sources{{"a", "x"}});
  EXPECT_FALSE(templates.Render("b", nlohmann::json::object()));
}

TEST(Templates, ABrokenTemplateFailsAtStart) {
  EXPECT_THROW(Templates(Sources{{"bad", "{{#open}}never closed"}}), std::runtime_error);
}

}  // namespace
}  // namespace menshen::http
