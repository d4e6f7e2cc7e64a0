#include "accounts/service.hpp"

#include <openssl/sha.h>

#include <array>

#include "accounts/user_repo.hpp"

namespace menshen::accounts {

std::string HashRefreshToken(std::string_view token) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const auto b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

AccountsService::AccountsService(store::sql::Database& db, store::kv::Kv& kv, crypto::HashingPool& hashing,
                                 const AccessTokens& tokens, AuditLog& audit, const Clock& clock, Random& random,
                                 AccountsOptions options)
    : db_(db),
      kv_(kv),
      hashing_(hashing),
      tokens_(tokens),
      audit_(audit),
      clock_(clock),
      random_(random),
      options_(std::move(options)) {
  auto dummy = hashing_.Hasher().Hash(random_.Token(24));
  if (!dummy) throw std::runtime_error("cannot compute the dummy password hash");
  dummy_hash_ = *dummy;
}

std::int64_t AccountsService::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

Result<User> AccountsService::Register(const RegisterInput& input, const RequestContext& context) {
  if (!input.username && !input.email && !input.phone) {
    return Fail(ErrorId::kCommonMissingParameter, "one of username, email or phone is required");
  }
  if (!input.password || input.password->empty()) return Fail(ErrorId::kPasswordRequired);
  User user;
  std::vector<std::string_view> personal;
  if (input.username) {
    auto parsed = ParseUsername(*input.username, options_.username);
    if (!parsed) return std::unexpected(parsed.error());
    user.username = parsed->key;
    user.username_display = parsed->display;
    personal.push_back(*input.username);
  }
  if (input.email) {
    auto parsed = ParseEmail(*input.email);
    if (!parsed) return std::unexpected(parsed.error());
    user.email = parsed->key;
    user.email_display = parsed->display;
    personal.push_back(*input.email);
  }
  if (input.phone) {
    auto parsed = NormalizePhone(*input.phone, options_.phone_region);
    if (!parsed) return std::unexpected(parsed.error());
    user.phone = *parsed;
    personal.push_back(*input.phone);
  }
  if (input.nickname) {
    user.nickname = *input.nickname;
    personal.push_back(*input.nickname);
  }
  // Cheap checks come first: the policy refuses an oversized password before any hashing.
  if (auto ok = CheckPassword(*input.password, options_.password, personal); !ok) return std::unexpected(ok.error());
  auto hash = hashing_.Hash(*input.password);
  if (!hash) return std::unexpected(hash.error());
  user.id = random_.Token(16);
  user.password_hash = *hash;
  user.created_at = user.updated_at = Now();
  auto inserted = db_.Write([&](store::sql::Connection& c) { return InsertUser(c, user); });
  audit_.Record(context, {.action = "register",
                          .outcome = inserted ? "success" : std::string(ToString(inserted.error().id)),
                          .actor_id = inserted ? user.id : "",
                          .target_id = inserted ? user.id : ""});
  if (!inserted) return std::unexpected(inserted.error());
  return user;
}

Result<User> AccountsService::GetUser(std::string_view user_id) {
  std::optional<User> found;
  auto read = db_.Read([&](store::sql::Connection& c) -> Status {
    auto user = FindUserById(c, user_id);
    if (!user) return std::unexpected(user.error());
    found = std::move(*user);
    return {};
  });
  if (!read) return std::unexpected(read.error());
  if (!found || found->status == AccountStatus::kDeleted) return Fail(ErrorId::kAuthUserNotFound);
  return *found;
}

}  // namespace menshen::accounts
