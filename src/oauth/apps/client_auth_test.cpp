#include "oauth/apps/client_auth.hpp"

#include <gtest/gtest.h>

#include "crypto/base64.hpp"

namespace menshen::oauth {
namespace {

std::string Basic(std::string_view user_pass) { return "Basic " + crypto::Base64Encode(user_pass); }

TEST(ClientAuthTest, BasicDecodesFormEncodedIdAndSecret) {
  const auto header = Basic("my%20client:s%3Acret+x");
  auto parsed = ParseClientCredentials(header, {});
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->client_id, "my client");
  EXPECT_EQ(parsed->secret, "s:cret x");
  EXPECT_EQ(parsed->method, AuthMethod::kClientSecretBasic);
  EXPECT_TRUE(IsBasicAuthorization("bAsIc abc"));
  EXPECT_FALSE(IsBasicAuthorization("Bearer abc"));
  EXPECT_FALSE(IsBasicAuthorization(std::nullopt));
}

TEST(ClientAuthTest, BasicSecretMayHoldAColon) {
  auto parsed = ParseClientCredentials(Basic("id:a:b"), {});
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->secret, "a:b");
}

TEST(ClientAuthTest, PostAndNone) {
  auto post = ParseClientCredentials(std::nullopt, {.client_id = "id", .client_secret = "s"});
  ASSERT_TRUE(post.has_value());
  EXPECT_EQ(post->method, AuthMethod::kClientSecretPost);
  auto none = ParseClientCredentials(std::nullopt, {.client_id = "id"});
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->method, AuthMethod::kNone);
  EXPECT_EQ(none->client_id, "id");
  // An empty header is no header.
  EXPECT_EQ(ParseClientCredentials("", {.client_id = "id"})->method, AuthMethod::kNone);
}

TEST(ClientAuthTest, MixingMethodsIsAnInvalidRequest) {
  EXPECT_EQ(ParseClientCredentials(Basic("id:s"), {.client_secret = "s"}).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_EQ(ParseClientCredentials(Basic("id:s"), {.client_id = "other"}).error().id, ErrorId::kOauth2InvalidRequest);
  EXPECT_TRUE(ParseClientCredentials(Basic("id:s"), {.client_id = "id"}).has_value());
  EXPECT_EQ(ParseClientCredentials(std::nullopt, {.client_secret = "s"}).error().id, ErrorId::kOauth2InvalidRequest);
}

TEST(ClientAuthTest, MalformedOrMissingCredentialsAreAnInvalidClient) {
  for (const std::string& header : {std::string("Basic !!!"), Basic("no-colon"), Basic(":secret"), Basic("%zz:s"),
                                    std::string("Bearer abc"), std::string("Basic")}) {
    auto parsed = ParseClientCredentials(header, {});
    ASSERT_FALSE(parsed.has_value()) << header;
    EXPECT_EQ(parsed.error().id, ErrorId::kOauth2InvalidClient) << header;
  }
  EXPECT_EQ(ParseClientCredentials(std::nullopt, {}).error().id, ErrorId::kOauth2InvalidClient);
  EXPECT_EQ(ParseClientCredentials(std::nullopt, {.client_id = ""}).error().id, ErrorId::kOauth2InvalidClient);
}

}  // namespace
}  // namespace menshen::oauth
