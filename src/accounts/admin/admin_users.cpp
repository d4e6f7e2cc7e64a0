// The changing half of AdminService: create, update, delete, lock and unlock, disable and enable, reset a
// password. Each change is one transaction; the sessions it must end are ended right after it commits.
#include "accounts/admin/admin_service.hpp"
#include "accounts/identity/profile_fields.hpp"

namespace menshen::accounts {
namespace {

store::sql::Value Nullable(const std::optional<std::string>& v) {
  return v ? store::sql::Value(*v) : store::sql::Value(nullptr);
}
store::sql::Value Nullable(const std::optional<std::int64_t>& v) {
  return v ? store::sql::Value(*v) : store::sql::Value(nullptr);
}

std::string_view ActionName(StateChange change) {
  switch (change) {
    case StateChange::kLock:
      return "admin.user.lock";
    case StateChange::kUnlock:
      return "admin.user.unlock";
    case StateChange::kDisable:
      return "admin.user.disable";
    case StateChange::kEnable:
      return "admin.user.enable";
  }
  return "admin.user.state";
}

AdminAction ActionOf(StateChange change) {
  switch (change) {
    case StateChange::kLock:
      return AdminAction::kLock;
    case StateChange::kUnlock:
      return AdminAction::kUnlock;
    case StateChange::kDisable:
      return AdminAction::kDisable;
    case StateChange::kEnable:
      return AdminAction::kEnable;
  }
  return AdminAction::kUpdate;
}

}  // namespace

Result<User> AdminService::CreateUser(const Principal& principal, const CreateUserInput& input,
                                      const audit::RequestContext& context) {
  auto actor = Actor(principal);
  if (!actor) return std::unexpected(actor.error());
  if (auto ok = CheckRoleGrant(*actor, input.role); !ok) return std::unexpected(ok.error());
  auto rules = rules_;
  rules.password_required = false;
  auto user = PrepareNewUser(input.fields, rules);
  if (!user) return std::unexpected(user.error());
  if (input.fields.password && !input.fields.password->empty()) {
    auto hash = hashing_.Hash(*input.fields.password);
    if (!hash) return std::unexpected(hash.error());
    user->password_hash = std::move(*hash);
  }
  user->id = random_.Token(16);
  user->role = input.role;
  user->created_at = user->updated_at = Now();
  Status inserted = db_.Write([&](store::sql::Connection& c) { return InsertUser(c, *user); });
  if (!inserted && !IsIdentifierTaken(inserted.error().id) && inserted.error().id != ErrorId::kInfraDatabaseError) {
    inserted = Fail(ErrorId::kAccountCreateFailed, {}, inserted.error().internal_detail);
  }
  Audit(context, "admin.user.create", principal, inserted ? user->id : "", inserted);
  if (!inserted) return std::unexpected(inserted.error());
  return std::move(*user);
}

Result<std::vector<ColumnUpdate>> AdminService::PatchColumns(const User& actor, const User& target,
                                                             const AdminPatch& patch) {
  std::vector<ColumnUpdate> columns;
  bool has_username = target.username.has_value(), has_email = target.email.has_value();
  bool has_phone = target.phone.has_value();
  if (patch.username) {
    has_username = patch.username->has_value();
    std::optional<Identifier> parsed;
    if (has_username) {
      auto ok = ParseUsername(**patch.username, rules_.username);
      if (!ok) return std::unexpected(ok.error());
      parsed = std::move(*ok);
    }
    columns.push_back({"username", parsed ? store::sql::Value(parsed->key) : store::sql::Value(nullptr)});
    columns.push_back({"username_display", parsed ? store::sql::Value(parsed->display) : store::sql::Value(nullptr)});
  }
  if (patch.email) {
    has_email = patch.email->has_value();
    std::optional<Identifier> parsed;
    if (has_email) {
      auto ok = ParseEmail(**patch.email);
      if (!ok) return std::unexpected(ok.error());
      parsed = std::move(*ok);
    }
    columns.push_back({"email", parsed ? store::sql::Value(parsed->key) : store::sql::Value(nullptr)});
    columns.push_back({"email_display", parsed ? store::sql::Value(parsed->display) : store::sql::Value(nullptr)});
  }
  if (patch.phone) {
    has_phone = patch.phone->has_value();
    std::optional<std::string> parsed;
    if (has_phone) {
      auto ok = NormalizePhone(**patch.phone, rules_.phone_region);
      if (!ok) return std::unexpected(ok.error());
      parsed = std::move(*ok);
    }
    columns.push_back({"phone", Nullable(parsed)});
  }
  if (!has_username && !has_email && !has_phone) {
    return Fail(ErrorId::kCommonInvalidParameter, "an account keeps at least one of username, email or phone");
  }
  std::vector<FieldUpdate> fields;
  for (const auto& [name, value] : patch.profile) fields.push_back({name, value});
  if (auto ok = CheckProfileUpdate(fields); !ok) return std::unexpected(ok.error());
  for (const auto& field : fields) {
    // The column name comes from the fixed list, never from the request.
    const auto names = ProfileFieldNames();
    const auto known = std::ranges::find(names, field.name);
    columns.push_back(
        {*known, field.value.empty() ? store::sql::Value(nullptr) : store::sql::Value(std::string(field.value))});
  }
  if (patch.role && *patch.role != target.role) {
    if (auto ok = CheckAdminAction(actor, target, AdminAction::kChangeRole); !ok) return std::unexpected(ok.error());
    if (auto ok = CheckRoleGrant(actor, *patch.role); !ok) return std::unexpected(ok.error());
    columns.push_back({"role", std::string(ToString(*patch.role))});
  }
  for (const auto& [column, value] : {std::pair{"account_expires_at", &patch.account_expires_at},
                                      std::pair{"password_expires_at", &patch.password_expires_at}}) {
    if (!*value) continue;
    if (**value && ***value < 0) return Fail(ErrorId::kCommonInvalidParameter, std::string(column) + " is negative");
    columns.push_back({column, Nullable(**value)});
  }
  return columns;
}

Result<User> AdminService::UpdateUser(const Principal& principal, std::string_view id, const AdminPatch& patch,
                                      const audit::RequestContext& context) {
  auto pair = ActorAndTarget(principal, id, AdminAction::kUpdate);
  if (!pair) return std::unexpected(pair.error());
  auto columns = PatchColumns(pair->actor, pair->target, patch);
  if (!columns) return std::unexpected(columns.error());
  auto updated = store::sql::WriteValue(
      db_, [&](store::sql::Connection& c) { return UpdateUserColumns(c, pair->target.id, *columns, Now()); });
  const Status outcome = updated ? Status{} : Status(std::unexpected(updated.error()));
  Audit(context, "admin.user.update", principal, pair->target.id, outcome);
  if (!updated) return std::unexpected(updated.error());
  if (!*updated) return Fail(ErrorId::kAccountDeleted);
  auto user = FindUser(pair->target.id);
  if (!user) return std::unexpected(user.error());
  return std::move(**user);
}

Status AdminService::DeleteUser(const Principal& principal, std::string_view id, const audit::RequestContext& context) {
  auto pair = ActorAndTarget(principal, id, AdminAction::kDelete);
  if (!pair) {
    // A second delete of the same account: it no longer exists.
    if (pair.error().id == ErrorId::kAccountDeleted) return Fail(ErrorId::kPoolUserDeleteFailed, "already deleted");
    return std::unexpected(pair.error());
  }
  Status deleted = db_.Write([&](store::sql::Connection& c) { return MarkUserDeleted(c, pair->target.id, Now()); });
  if (deleted) deleted = credentials_.EndAllSessions(pair->target.id, CredentialChange::kDeleted);
  Audit(context, "admin.user.delete", principal, pair->target.id, deleted);
  return deleted;
}

Result<User> AdminService::ChangeState(const Principal& principal, std::string_view id, StateChange change,
                                       const audit::RequestContext& context) {
  auto pair = ActorAndTarget(principal, id, ActionOf(change));
  if (!pair) return std::unexpected(pair.error());
  const auto& target = pair->target;
  std::vector<ColumnUpdate> columns;
  switch (change) {
    case StateChange::kLock:
      columns.push_back({"status", std::string(ToString(AccountStatus::kLocked))});
      break;
    case StateChange::kDisable:
      columns.push_back({"status", std::string(ToString(AccountStatus::kDisabled))});
      break;
    case StateChange::kUnlock:
      // Unlocking lifts a lock, never a disablement: the two are separate decisions (LiftLockout).
      break;
    case StateChange::kEnable:
      if (target.status == AccountStatus::kDisabled) {
        columns.push_back({"status", std::string(ToString(AccountStatus::kActive))});
      }
      break;
  }
  auto updated = store::sql::WriteValue(db_, [&](store::sql::Connection& c) {
    // The throttle's counters of a new lockout generation start at zero on every node.
    return change == StateChange::kUnlock ? LiftLockout(c, target.id, Now())
                                          : UpdateUserColumns(c, target.id, columns, Now());
  });
  Status outcome = updated ? Status{} : Status(std::unexpected(updated.error()));
  if (outcome && (change == StateChange::kLock || change == StateChange::kDisable)) {
    outcome = credentials_.EndAllSessions(
        target.id, change == StateChange::kLock ? CredentialChange::kLocked : CredentialChange::kDisabled);
  }
  Audit(context, std::string(ActionName(change)), principal, target.id, outcome);
  if (!outcome) return std::unexpected(outcome.error());
  auto user = FindUser(target.id);
  if (!user) return std::unexpected(user.error());
  if (!user->has_value()) return Fail(ErrorId::kAccountDeleted);
  return std::move(**user);
}

Status AdminService::ResetPassword(const Principal& principal, std::string_view id, std::string_view password,
                                   bool temporary, const audit::RequestContext& context) {
  if (password.empty()) return Fail(ErrorId::kPasswordRequired);
  auto pair = ActorAndTarget(principal, id, AdminAction::kResetPassword);
  if (!pair) return std::unexpected(pair.error());
  // CheckAdminAction has refused the actor's own account: every session of the target ends.
  auto set = credentials_.SetPassword(pair->target, password, std::nullopt, temporary);
  // The new password is not throttled by guesses at the old one.
  if (set) set = db_.Write([&](store::sql::Connection& c) { return NextLockoutGeneration(c, pair->target.id, Now()); });
  Audit(context, temporary ? "admin.user.password.temporary" : "admin.user.password", principal, pair->target.id, set);
  return set;
}

}  // namespace menshen::accounts
