#include "store/sql/postgres/pg_error.hpp"

#include <gtest/gtest.h>

#include "store/sql/postgres/pg_url.hpp"

namespace menshen::store::sql {
namespace {

TEST(PgError, KeyColumnsAreReadFromTheDetailWithoutTheValues) {
  EXPECT_EQ(KeyColumns("Key (username)=(alice) already exists."), "username");
  EXPECT_EQ(KeyColumns("Key (user_id, client_id)=(u, c) already exists."), "user_id, client_id");
  EXPECT_EQ(KeyColumns("something else"), "");
}

TEST(PgError, RedactUrlHidesThePasswordWhereverItIsWritten) {
  EXPECT_EQ(RedactUrl("postgres://menshen:s3cret@db:5432/menshen?sslmode=require"),
            "postgres://menshen:***@db:5432/menshen?sslmode=require");
  EXPECT_EQ(RedactUrl("postgresql://db/menshen?user=m&password=s3cret&sslmode=verify-full"),
            "postgresql://db/menshen?user=m&password=***&sslmode=verify-full");
  EXPECT_EQ(RedactUrl("postgres://menshen@db/menshen"), "postgres://menshen@db/menshen");
  EXPECT_EQ(RedactUrl("sqlite:menshen.db"), "sqlite:menshen.db");
}

}  // namespace
}  // namespace menshen::store::sql
