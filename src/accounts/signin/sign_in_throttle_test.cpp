// The sign-in throttle's rules against the in-process store, with a clock that moves only when told to.
#include "accounts/signin/sign_in_throttle.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include "store/kv/forwarding_kv.hpp"
#include "store/kv/memory/memory_kv.hpp"

namespace menshen::accounts {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class SignInThrottleTest : public ::testing::Test {
 protected:
  // One attempt with the given outcome; the verdict it met.
  ThrottleVerdict Attempt(const ThrottleSubject& subject, std::string_view ip, bool right_password, bool known = true) {
    auto admission = throttle_.Admit(subject, known, ip);
    EXPECT_TRUE(admission);
    if (admission->verdict != ThrottleVerdict::kAllowed) return admission->verdict;
    if (right_password) {
      EXPECT_TRUE(throttle_.RecordSuccess(subject, subject.id, ip, *admission));
    } else {
      EXPECT_TRUE(throttle_.RecordFailure(subject, ip, *admission));
    }
    return admission->verdict;
  }
  void FailTimes(const ThrottleSubject& subject, std::string_view ip, int times) {
    for (int i = 0; i < times; ++i) Attempt(subject, ip, false);
  }

  ManualClock clock_;
  store::kv::MemoryKv kv_{clock_, 100'000};
  SignInThrottle throttle_{kv_, ThrottleOptions{.max_failures = 3,
                                                .lock_duration = minutes(15),
                                                .max_lock_duration = hours(1),
                                                .max_account_failures = 10,
                                                .familiar_ttl = hours(24 * 90),
                                                .max_ip_failures = 1000,
                                                .ip_window = minutes(15)}};
  const ThrottleSubject alice_{"alice-id", 0};
};

// The in-process store with one pause: `before_increment` runs once, just before the first increment of `key`,
// as another node's request would between this request's reads and its count.
class InterleavingKv final : public store::kv::ForwardingKv {
 public:
  InterleavingKv(store::kv::Kv& inner, std::string key, std::function<void()> before_increment)
      : ForwardingKv(inner), key_(std::move(key)), before_increment_(std::move(before_increment)) {}

  Result<std::int64_t> Increment(std::string_view key, std::int64_t by, store::kv::Duration ttl) override {
    if (key == key_ && before_increment_) std::exchange(before_increment_, nullptr)();
    return inner_.Increment(key, by, ttl);
  }

 private:
  std::string key_;
  std::function<void()> before_increment_;
};

TEST(LockOutDelay, DoublesFromTheBaseAndStopsAtTheCap) {
  EXPECT_EQ(LockOutDelay(minutes(15), hours(24), 1), minutes(15));
  EXPECT_EQ(LockOutDelay(minutes(15), hours(24), 2), minutes(30));
  EXPECT_EQ(LockOutDelay(minutes(15), hours(24), 4), hours(2));
  EXPECT_EQ(LockOutDelay(minutes(15), hours(24), 8), hours(24));
  EXPECT_EQ(LockOutDelay(minutes(15), hours(24), 1'000'000), hours(24));
  // A cap below the base wins.
  EXPECT_EQ(LockOutDelay(minutes(15), minutes(5), 1), minutes(5));
}

TEST(RetryAfterText, RoundsUpInTheLargestFittingUnit) {
  EXPECT_EQ(RetryAfterText(std::chrono::milliseconds(1)), "in 1 second");
  EXPECT_EQ(RetryAfterText(std::chrono::milliseconds(1995)), "in 2 seconds");
  EXPECT_EQ(RetryAfterText(seconds(61)), "in 2 minutes");
  EXPECT_EQ(RetryAfterText(minutes(15)), "in 15 minutes");
  EXPECT_EQ(RetryAfterText(hours(24)), "in 24 hours");
}

TEST_F(SignInThrottleTest, OneSourceIsLockedOutOfOneAccountOnly) {
  FailTimes(alice_, "10.0.0.2", 3);
  EXPECT_EQ(Attempt(alice_, "10.0.0.2", true), ThrottleVerdict::kPairLocked);
  // The owner, elsewhere, and the same source on another account are untouched.
  EXPECT_EQ(Attempt(alice_, "10.0.0.3", true), ThrottleVerdict::kAllowed);
  EXPECT_EQ(Attempt({"bob-id", 0}, "10.0.0.2", true), ThrottleVerdict::kAllowed);
}

TEST_F(SignInThrottleTest, EachFurtherLockOutOfAPairLastsTwiceAsLongUpToTheCap) {
  for (const auto delay : {minutes(15), minutes(30), minutes(60), minutes(60)}) {
    FailTimes(alice_, "10.0.0.2", 3);
    clock_.Advance(delay - seconds(1));
    EXPECT_EQ(throttle_.Admit(alice_, true, "10.0.0.2")->verdict, ThrottleVerdict::kPairLocked) << delay.count();
    clock_.Advance(seconds(2));
  }
  EXPECT_EQ(Attempt(alice_, "10.0.0.2", true), ThrottleVerdict::kAllowed);
}

TEST_F(SignInThrottleTest, TheRefusalSaysWhenToRetry) {
  FailTimes(alice_, "10.0.0.2", 3);
  clock_.Advance(minutes(5));
  auto admission = throttle_.Admit(alice_, true, "10.0.0.2");
  ASSERT_TRUE(admission);
  EXPECT_EQ(admission->verdict, ThrottleVerdict::kPairLocked);
  EXPECT_EQ(RetryAfterText(admission->retry_after), "in 10 minutes");
}

TEST_F(SignInThrottleTest, ASuccessStartsThePairAfresh) {
  FailTimes(alice_, "10.0.0.2", 2);
  EXPECT_EQ(Attempt(alice_, "10.0.0.2", true), ThrottleVerdict::kAllowed);
  FailTimes(alice_, "10.0.0.2", 2);
  EXPECT_EQ(Attempt(alice_, "10.0.0.2", true), ThrottleVerdict::kAllowed);
}

TEST_F(SignInThrottleTest, PastTheAccountLimitOnlyFamiliarSourcesGetThrough) {
  EXPECT_EQ(Attempt(alice_, "10.0.0.9", true), ThrottleVerdict::kAllowed);  // the owner's usual place
  for (int source = 0; source < 5; ++source) FailTimes(alice_, "10.1.0." + std::to_string(source), 2);
  EXPECT_EQ(Attempt(alice_, "10.2.0.1", true), ThrottleVerdict::kAccountLimited);
  EXPECT_EQ(Attempt(alice_, "10.0.0.9", true), ThrottleVerdict::kAllowed);
  // The window passes and strangers are let through again.
  clock_.Advance(minutes(16));
  EXPECT_EQ(Attempt(alice_, "10.2.0.1", true), ThrottleVerdict::kAllowed);
}

TEST_F(SignInThrottleTest, UnknownAccountsAreNeverFamiliar) {
  const ThrottleSubject unknown{"unknown:abc", 0};
  for (int source = 0; source < 5; ++source) FailTimes(unknown, "10.1.0." + std::to_string(source), 2);
  EXPECT_EQ(Attempt(unknown, "10.0.0.9", false, false), ThrottleVerdict::kAccountLimited);
}

TEST_F(SignInThrottleTest, ANewLockoutGenerationStartsEveryCounterAfresh) {
  FailTimes(alice_, "10.0.0.2", 3);
  EXPECT_EQ(Attempt(alice_, "10.0.0.2", true), ThrottleVerdict::kPairLocked);
  EXPECT_EQ(Attempt({"alice-id", 1}, "10.0.0.2", true), ThrottleVerdict::kAllowed);
}

TEST_F(SignInThrottleTest, ParallelAttemptsBeyondTheLimitAreRefusedBeforeTheOneAtItIsRecorded) {
  std::vector<Admission> admitted;
  for (int i = 0; i < 6; ++i) admitted.push_back(*throttle_.Admit(alice_, true, "10.0.0.2"));
  EXPECT_EQ(admitted[2].verdict, ThrottleVerdict::kAllowed);
  EXPECT_EQ(admitted[3].verdict, ThrottleVerdict::kPairLocked);
  EXPECT_EQ(admitted[5].verdict, ThrottleVerdict::kPairLocked);
}

TEST_F(SignInThrottleTest, TheSourceLimitAcrossAccountsFailsClosedOnJunk) {
  ASSERT_TRUE(throttle_.CheckSource("10.0.0.2"));
  ASSERT_TRUE(kv_.Set(IpFailuresKey("10.0.0.2"), "not a number"));
  EXPECT_EQ(throttle_.CheckSource("10.0.0.2").error().id, ErrorId::kInfraCacheError);
  ASSERT_TRUE(kv_.Set(IpFailuresKey("10.0.0.2"), "1000"));
  EXPECT_EQ(throttle_.CheckSource("10.0.0.2").error().id, ErrorId::kAuthzIpRestricted);
}

TEST_F(SignInThrottleTest, AGuessThatReadTheLockJustBeforeTheLimitWasReachedIsStillRefused) {
  FailTimes(alice_, "10.0.0.2", 2);
  auto reaching = throttle_.Admit(alice_, true, "10.0.0.2");
  ASSERT_TRUE(reaching);
  ASSERT_EQ(reaching->verdict, ThrottleVerdict::kAllowed);
  // A parallel guess reads "not locked"; then the third failure locks the pair and restarts its count; then the
  // parallel guess counts, in the fresh count.
  InterleavingKv racing(kv_, PairFailuresKey(alice_, "10.0.0.2"),
                        [&] { ASSERT_TRUE(throttle_.RecordFailure(alice_, "10.0.0.2", *reaching)); });
  SignInThrottle parallel(racing, ThrottleOptions{.max_failures = 3,
                                                  .lock_duration = minutes(15),
                                                  .max_lock_duration = hours(1),
                                                  .max_account_failures = 10,
                                                  .familiar_ttl = hours(24 * 90),
                                                  .max_ip_failures = 1000,
                                                  .ip_window = minutes(15)});
  const auto late = parallel.Admit(alice_, true, "10.0.0.2");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->verdict, ThrottleVerdict::kPairLocked);
}

}  // namespace
}  // namespace menshen::accounts
