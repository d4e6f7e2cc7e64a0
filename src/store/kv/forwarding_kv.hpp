// A Kv that passes every call to another: a base for decorators that change one call (tests use it to run
// another request's step in the middle of a call, as a second node would).
#pragma once

#include "store/kv/kv.hpp"

namespace menshen::store::kv {

class ForwardingKv : public Kv {
 public:
  explicit ForwardingKv(Kv& inner) : inner_(inner) {}

  Result<std::optional<std::string>> Get(std::string_view key) override { return inner_.Get(key); }
  Status Set(std::string_view key, std::string_view value, Duration ttl) override {
    return inner_.Set(key, value, ttl);
  }
  Result<bool> SetIfAbsent(std::string_view key, std::string_view value, Duration ttl) override {
    return inner_.SetIfAbsent(key, value, ttl);
  }
  Result<bool> Delete(std::string_view key) override { return inner_.Delete(key); }
  Result<std::int64_t> Increment(std::string_view key, std::int64_t by, Duration ttl_on_create) override {
    return inner_.Increment(key, by, ttl_on_create);
  }
  Result<bool> Expire(std::string_view key, Duration ttl) override { return inner_.Expire(key, ttl); }
  Result<KeyTtl> Ttl(std::string_view key) override { return inner_.Ttl(key); }
  std::unique_ptr<Generation> OpenGeneration(std::string_view name) override { return inner_.OpenGeneration(name); }
  bool InProcess() const override { return inner_.InProcess(); }
  void DeclareReadMostly(std::string_view prefix) override { inner_.DeclareReadMostly(prefix); }
  Status Ping() override { return inner_.Ping(); }

 protected:
  Kv& inner_;
};

}  // namespace menshen::store::kv
