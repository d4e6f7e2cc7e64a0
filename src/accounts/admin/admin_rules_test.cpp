#include "accounts/admin/admin_rules.hpp"

#include <gtest/gtest.h>

namespace menshen::accounts {
namespace {

User Account(std::string id, Role role, AccountStatus status = AccountStatus::kActive) {
  User user;
  user.id = std::move(id);
  user.role = role;
  user.status = status;
  return user;
}

ErrorId IdOf(const Status& status) { return status ? ErrorId::kCommonSuccess : status.error().id; }

const User kRoot = Account("r", Role::kRoot);
const User kAdmin = Account("a", Role::kAdmin);
const User kOtherAdmin = Account("b", Role::kAdmin);
const User kUser = Account("u", Role::kUser);

TEST(AdminRules, OnlyActiveAdministratorsAdminister) {
  EXPECT_TRUE(CheckIsAdmin(kRoot));
  EXPECT_TRUE(CheckIsAdmin(kAdmin));
  EXPECT_EQ(IdOf(CheckIsAdmin(kUser)), ErrorId::kAuthzForbidden);
  EXPECT_EQ(IdOf(CheckIsAdmin(Account("x", Role::kAdmin, AccountStatus::kLocked))), ErrorId::kAuthzForbidden);
}

TEST(AdminRules, NobodyDeletesRootAndAdminsCannotTouchIt) {
  EXPECT_EQ(IdOf(CheckAdminAction(kRoot, kRoot, AdminAction::kDelete)), ErrorId::kPoolRootUserUndeletable);
  EXPECT_EQ(IdOf(CheckAdminAction(kAdmin, kRoot, AdminAction::kDelete)), ErrorId::kPoolRootUserUndeletable);
  for (const auto action : {AdminAction::kUpdate, AdminAction::kLock, AdminAction::kDisable,
                            AdminAction::kResetPassword, AdminAction::kChangeRole}) {
    EXPECT_EQ(IdOf(CheckAdminAction(kAdmin, kRoot, action)), ErrorId::kAuthzForbidden);
  }
  EXPECT_TRUE(CheckAdminAction(kAdmin, kRoot, AdminAction::kRead));
  EXPECT_TRUE(CheckAdminAction(kRoot, kRoot, AdminAction::kUpdate));
}

TEST(AdminRules, OnlyRootManagesAdministrators) {
  EXPECT_EQ(IdOf(CheckAdminAction(kAdmin, kOtherAdmin, AdminAction::kLock)), ErrorId::kAuthzForbidden);
  EXPECT_TRUE(CheckAdminAction(kRoot, kOtherAdmin, AdminAction::kLock));
  EXPECT_TRUE(CheckAdminAction(kAdmin, kUser, AdminAction::kDelete));
  EXPECT_TRUE(CheckAdminAction(kAdmin, kAdmin, AdminAction::kUpdate));
}

TEST(AdminRules, NoOneLocksThemselvesOut) {
  for (const auto action : {AdminAction::kLock, AdminAction::kDisable, AdminAction::kDelete}) {
    EXPECT_EQ(IdOf(CheckAdminAction(kAdmin, kAdmin, action)), ErrorId::kAuthzForbidden);
  }
  EXPECT_EQ(IdOf(CheckAdminAction(kRoot, kRoot, AdminAction::kLock)), ErrorId::kAuthzForbidden);
}

TEST(AdminRules, NoAdministratorResetsTheirOwnPasswordWithoutTheCurrentOne) {
  for (const auto& actor : {kAdmin, kRoot}) {
    const auto refused = CheckAdminAction(actor, actor, AdminAction::kResetPassword);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().id, ErrorId::kAuthzForbidden);
    EXPECT_NE(refused.error().public_detail.find("POST /api/v1/me/password"), std::string::npos);
  }
  EXPECT_TRUE(CheckAdminAction(kAdmin, kUser, AdminAction::kResetPassword));
  EXPECT_TRUE(CheckAdminAction(kRoot, kOtherAdmin, AdminAction::kResetPassword));
}

TEST(AdminRules, DeletedAccountsCanOnlyBeRead) {
  const auto gone = Account("g", Role::kUser, AccountStatus::kDeleted);
  EXPECT_TRUE(CheckAdminAction(kAdmin, gone, AdminAction::kRead));
  EXPECT_EQ(IdOf(CheckAdminAction(kAdmin, gone, AdminAction::kUnlock)), ErrorId::kAccountDeleted);
}

TEST(AdminRules, RoleGrants) {
  EXPECT_EQ(IdOf(CheckRoleGrant(kRoot, Role::kRoot)), ErrorId::kCommonInvalidParameter);
  EXPECT_EQ(IdOf(CheckRoleGrant(kAdmin, Role::kAdmin)), ErrorId::kAuthzForbidden);
  EXPECT_TRUE(CheckRoleGrant(kRoot, Role::kAdmin));
  EXPECT_TRUE(CheckRoleGrant(kAdmin, Role::kUser));
}

}  // namespace
}  // namespace menshen::accounts
