#include "core/config/config_value.hpp"

#include <gtest/gtest.h>

#include "core/config/config_schema.hpp"

namespace menshen::config {
namespace {

TEST(ConfigValueTest, ParsesDurations) {
  EXPECT_EQ(ParseDuration("15000"), 15000);
  EXPECT_EQ(ParseDuration("500ms"), 500);
  EXPECT_EQ(ParseDuration("15s"), 15000);
  EXPECT_EQ(ParseDuration("2m"), 120000);
  EXPECT_EQ(ParseDuration("1h"), 3600000);
  EXPECT_EQ(ParseDuration("0"), 0);
}

TEST(ConfigValueTest, RejectsMalformedDurations) {
  for (std::string_view bad : {"", "s", "-5s", "1.5s", "15 s", "15sec", "15S", "1h30m", "99999999999999999h"}) {
    EXPECT_EQ(ParseDuration(bad), std::nullopt) << bad;
  }
}

TEST(ConfigValueTest, ParsesSizes) {
  EXPECT_EQ(ParseSize("16384"), 16384);
  EXPECT_EQ(ParseSize("512B"), 512);
  EXPECT_EQ(ParseSize("16KiB"), 16384);
  EXPECT_EQ(ParseSize("1MiB"), 1 << 20);
  EXPECT_EQ(ParseSize("2GiB"), std::int64_t{2} << 30);
}

TEST(ConfigValueTest, RejectsMalformedSizes) {
  for (std::string_view bad : {"", "KiB", "16kb", "16KB", "16 KiB", "-1", "1.5MiB", "99999999999999999GiB"}) {
    EXPECT_EQ(ParseSize(bad), std::nullopt) << bad;
  }
}

TEST(ConfigValueTest, ParsesCommaSeparatedLists) {
  using Items = std::vector<std::string>;
  EXPECT_EQ(ParseList(""), Items{});
  EXPECT_EQ(ParseList("  "), Items{});
  EXPECT_EQ(ParseList("10.0.0.0/8"), Items{"10.0.0.0/8"});
  EXPECT_EQ(ParseList("a, b ,c"), (Items{"a", "b", "c"}));
  for (std::string_view bad : {",", "a,", ",a", "a,,b", "a, ,b"}) EXPECT_EQ(ParseList(bad), std::nullopt) << bad;
}

TEST(ConfigValueTest, ParsesBooleans) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("1"), true);
  EXPECT_EQ(ParseBool("false"), false);
  EXPECT_EQ(ParseBool("0"), false);
  EXPECT_EQ(ParseBool("yes"), std::nullopt);
  EXPECT_EQ(ParseBool("TRUE"), std::nullopt);
}

TEST(ConfigValueTest, FormatsInLargestWholeUnit) {
  EXPECT_EQ(FormatDuration(100), "100ms");
  EXPECT_EQ(FormatDuration(1500), "1500ms");
  EXPECT_EQ(FormatDuration(10000), "10s");
  EXPECT_EQ(FormatDuration(120000), "2m");
  EXPECT_EQ(FormatDuration(3600000), "1h");
  EXPECT_EQ(FormatSize(256), "256");
  EXPECT_EQ(FormatSize(16384), "16KiB");
  EXPECT_EQ(FormatSize(1 << 20), "1MiB");
  EXPECT_EQ(FormatSize(1 << 30), "1GiB");
}

TEST(ConfigValueTest, TomlTypesMustMatchButTextConverts) {
  RawValue toml_string{RawValue::Kind::kString, "4"};
  EXPECT_FALSE(ConvertValue(KeyType::kInt, toml_string, false).has_value());
  EXPECT_EQ(ConvertValue(KeyType::kInt, RawValue::Text("4"), false), Value{std::int64_t{4}});
  EXPECT_EQ(ConvertValue(KeyType::kBool, RawValue::Text("1"), false), Value{true});
  RawValue toml_duration{RawValue::Kind::kString, "15s"};
  EXPECT_EQ(ConvertValue(KeyType::kDuration, toml_duration, false), Value{std::int64_t{15000}});
  RawValue integer{RawValue::Kind::kInteger, "", 7};
  EXPECT_EQ(ConvertValue(KeyType::kSize, integer, false), Value{std::int64_t{7}});
  EXPECT_FALSE(ConvertValue(KeyType::kString, integer, false).has_value());
}

TEST(ConfigValueTest, TypeErrorsQuoteTheValueUnlessSecret) {
  auto shown = ConvertValue(KeyType::kInt, RawValue::Text("many"), false);
  ASSERT_FALSE(shown.has_value());
  EXPECT_EQ(shown.error(), "must be an integer, got \"many\"");
  RawValue secret{RawValue::Kind::kInteger, "", 1234};
  auto hidden = ConvertValue(KeyType::kString, secret, true);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error(), "must be a string, got an integer (value hidden)");
}

TEST(ConfigChecksTest, Listen) {
  for (std::string_view good :
       {"127.0.0.1:8080", "0.0.0.0:0", "[::1]:443", "[::]:65535", "localhost:80", "auth.example.com:8443"}) {
    EXPECT_EQ(CheckListen(good), "") << good;
  }
  for (std::string_view bad : {"8080", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                               "256.0.0.1:80", "::1:80", "[::g]:80", "bad_host:80", "-x.com:80", "a..b:80"}) {
    EXPECT_NE(CheckListen(bad), "") << bad;
  }
}

TEST(ConfigChecksTest, StoreUrls) {
  EXPECT_EQ(CheckDatabaseUrl("sqlite:var/menshen.db"), "");
  EXPECT_EQ(CheckDatabaseUrl("postgres://u@db/menshen"), "");
  EXPECT_EQ(CheckDatabaseUrl("postgresql://db/menshen"), "");
  EXPECT_NE(CheckDatabaseUrl("sqlite:"), "");
  EXPECT_NE(CheckDatabaseUrl("mysql://db"), "");
  EXPECT_EQ(CheckKvUrl("memory:"), "");
  EXPECT_EQ(CheckKvUrl("redis://127.0.0.1:6379"), "");
  EXPECT_EQ(CheckKvUrl("sqlite:kv.db"), "");
  EXPECT_NE(CheckKvUrl("sqlite:"), "");
  EXPECT_NE(CheckKvUrl("redis://"), "");
  EXPECT_NE(CheckKvUrl("memcached://x"), "");
}

TEST(ConfigChecksTest, KvPrefixIsPrintableWithoutSpaces) {
  EXPECT_EQ(CheckKvPrefix("menshen:"), "");
  EXPECT_EQ(CheckKvPrefix("prod-eu:{menshen}:"), "");
  EXPECT_EQ(CheckKvPrefix(""), "");
  EXPECT_NE(CheckKvPrefix("two words:"), "");
  EXPECT_NE(CheckKvPrefix("tab\t:"), "");
  EXPECT_NE(CheckKvPrefix(std::string(65, 'p')), "");
}

TEST(ConfigChecksTest, Issuer) {
  for (const char* ok : {"", "https://id.example.com", "https://id.example.com/tenant", "http://127.0.0.1:8080",
                         "http://localhost:8080", "http://[::1]:8080"}) {
    EXPECT_EQ(CheckIssuer(ok), "") << ok;
  }
  for (const char* bad :
       {"menshen", "http://id.example.com", "https://id.example.com?x=1", "https://id.example.com#f", "https://",
        "https://user@id.example.com", "ftp://id.example.com", "https://id example.com"}) {
    EXPECT_NE(CheckIssuer(bad), "") << bad;
  }
}

}  // namespace
}  // namespace menshen::config
