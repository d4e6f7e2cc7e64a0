// Time is injected so that tests are exact: services take a Clock&, never call now() themselves.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace menshen {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Now in whole seconds since the epoch: the unit of every timestamp column.
  std::int64_t UnixSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::seconds{1'700'000'000}})
      : now_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint{TimePoint::duration{now_.load()}}; }
  void Advance(std::chrono::nanoseconds by) { now_ += std::chrono::duration_cast<TimePoint::duration>(by).count(); }

 private:
  std::atomic<TimePoint::rep> now_;
};

}  // namespace menshen
