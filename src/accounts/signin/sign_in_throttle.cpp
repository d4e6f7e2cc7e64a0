#include "accounts/signin/sign_in_throttle.hpp"

#include <algorithm>
#include <charconv>

namespace menshen::accounts {
namespace {

using store::kv::Duration;

Duration Ms(std::chrono::seconds s) { return std::chrono::duration_cast<Duration>(s); }

}  // namespace

std::chrono::seconds LockOutDelay(std::chrono::seconds lock_duration, std::chrono::seconds max_lock_duration,
                                  std::int64_t strike) {
  auto delay = lock_duration;
  for (std::int64_t i = 1; i < strike && delay < max_lock_duration; ++i) delay *= 2;
  return std::min(delay, max_lock_duration);
}

std::string RetryAfterText(std::chrono::milliseconds remaining) {
  const auto seconds = std::max<std::int64_t>(1, (remaining.count() + 999) / 1000);
  if (seconds < 60) return fmt::format("in {} second{}", seconds, seconds == 1 ? "" : "s");
  const auto minutes = (seconds + 59) / 60;
  if (minutes < 120) return fmt::format("in {} minute{}", minutes, minutes == 1 ? "" : "s");
  return fmt::format("in {} hours", (minutes + 59) / 60);
}

Status SignInThrottle::CheckSource(std::string_view ip) {
  auto stored = kv_.Get(IpFailuresKey(ip));
  if (!stored) return std::unexpected(stored.error());
  if (!stored->has_value()) return {};
  const auto& text = **stored;
  std::int64_t count = 0;
  if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
      ec != std::errc{} || end != text.data() + text.size()) {
    // Only this code writes the counter: junk means a corrupt store, and a limit that cannot be read must
    // not turn into no limit.
    return Fail(ErrorId::kInfraCacheError, {}, "the sign-in failure count of a source is not a number");
  }
  if (count >= options_.max_ip_failures) {
    return Fail(ErrorId::kAuthzIpRestricted, "too many failed sign-ins from this address; try later");
  }
  return {};
}

std::chrono::milliseconds SignInThrottle::Remaining(std::string_view key, std::chrono::milliseconds otherwise) {
  auto ttl = kv_.Ttl(key);
  if (!ttl || ttl->state != store::kv::TtlState::kExpiring) return otherwise;
  return ttl->remaining;
}

Result<Admission> SignInThrottle::Admit(const ThrottleSubject& subject, bool known_account, std::string_view ip) {
  Admission admission;
  const auto lock_key = PairLockKey(subject, ip);
  auto locked = kv_.Get(lock_key);
  if (!locked) return std::unexpected(locked.error());
  if (locked->has_value()) {
    admission.verdict = ThrottleVerdict::kPairLocked;
    admission.retry_after = Remaining(lock_key, Ms(options_.lock_duration));
    return admission;
  }
  bool familiar = false;
  if (known_account) {
    auto seen = kv_.Get(FamiliarSourceKey(subject.id, ip));
    if (!seen) return std::unexpected(seen.error());
    familiar = seen->has_value();
  }
  if (!familiar) {
    // The account-wide limit binds only sources that never signed in to this account (like Azure AD's smart
    // lockout and its familiar locations), so a crowd of strangers cannot keep the owner out.
    const auto account_key = AccountFailuresKey(subject);
    auto count = kv_.Increment(account_key, 1, Ms(options_.lock_duration));
    if (!count) return std::unexpected(count.error());
    admission.counted_for_account = true;
    if (*count > options_.max_account_failures) {
      admission.verdict = ThrottleVerdict::kAccountLimited;
      admission.retry_after = Remaining(account_key, Ms(options_.lock_duration));
      return admission;
    }
  }
  const auto failures_key = PairFailuresKey(subject, ip);
  auto count = kv_.Increment(failures_key, 1, Ms(options_.lock_duration));
  if (!count) return std::unexpected(count.error());
  admission.pair_count = *count;
  if (*count > options_.max_failures) {
    // Parallel attempts beyond the limit, while the one that reached it is still being compared.
    admission.verdict = ThrottleVerdict::kPairLocked;
    admission.retry_after = Remaining(failures_key, Ms(options_.lock_duration));
    return admission;
  }
  // The attempt that reached the limit may have set the lock and restarted the count after the lock was read
  // above: this attempt then counts in the fresh count, and only the lock, read again, refuses it.
  auto locked_since = kv_.Get(lock_key);
  if (!locked_since) return std::unexpected(locked_since.error());
  if (locked_since->has_value()) {
    admission.verdict = ThrottleVerdict::kPairLocked;
    admission.retry_after = Remaining(lock_key, Ms(options_.lock_duration));
  }
  return admission;
}

Result<std::chrono::seconds> SignInThrottle::RecordFailure(const ThrottleSubject& subject, std::string_view ip,
                                                           const Admission& admission) {
  if (auto counted = RecordSourceFailure(ip); !counted) return std::unexpected(counted.error());
  if (admission.pair_count != options_.max_failures) return std::chrono::seconds{0};
  const auto strikes_key = PairStrikesKey(subject, ip);
  auto strike = kv_.Increment(strikes_key, 1);
  if (!strike) return std::unexpected(strike.error());
  const auto delay = LockOutDelay(options_.lock_duration, options_.max_lock_duration, *strike);
  // Strikes are forgotten once a whole max_lock_duration has passed after the lock-out ends.
  if (auto kept = kv_.Expire(strikes_key, Ms(delay + options_.max_lock_duration)); !kept) {
    return std::unexpected(kept.error());
  }
  // The lock first, then a fresh count: no moment in between lets a guess through.
  if (auto set = kv_.Set(PairLockKey(subject, ip), "1", Ms(delay)); !set) return std::unexpected(set.error());
  if (auto cleared = kv_.Delete(PairFailuresKey(subject, ip)); !cleared) return std::unexpected(cleared.error());
  return delay;
}

Status SignInThrottle::RecordSourceFailure(std::string_view ip) {
  auto counted = kv_.Increment(IpFailuresKey(ip), 1, Ms(options_.ip_window));
  if (!counted) return std::unexpected(counted.error());
  return {};
}

Status SignInThrottle::RecordSuccess(const ThrottleSubject& subject, std::string_view user_id, std::string_view ip,
                                     const Admission& admission) {
  for (const auto& key : {PairFailuresKey(subject, ip), PairStrikesKey(subject, ip)}) {
    if (auto cleared = kv_.Delete(key); !cleared) return std::unexpected(cleared.error());
  }
  // A success is no failure: take back the attempt counted account-wide.
  if (admission.counted_for_account) {
    if (auto back = kv_.Increment(AccountFailuresKey(subject), -1, Ms(options_.lock_duration)); !back) {
      return std::unexpected(back.error());
    }
  }
  if (auto set = kv_.Set(FamiliarSourceKey(user_id, ip), "1", Ms(options_.familiar_ttl)); !set) {
    return std::unexpected(set.error());
  }
  return {};
}

}  // namespace menshen::accounts
