// The key-encryption key (KEK) that seals signing keys at rest, so that a copy of the database alone
// does not hand out the power to mint tokens. XChaCha20-Poly1305 (libsodium): its 192-bit nonces are
// safe to draw at random for every seal.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config/config.hpp"
#include "core/error.hpp"
#include "core/random.hpp"

namespace menshen::keys {

inline constexpr std::size_t kKekBytes = 32;

class KeyEncryptionKey {
 public:
  static Result<KeyEncryptionKey> FromBytes(std::string_view bytes);
  // Standard base64 of exactly 32 bytes, surrounding whitespace ignored.
  static Result<KeyEncryptionKey> FromBase64(std::string_view text);
  // The file must be a regular file readable by its owner only (mode 0600 or 0400).
  static Result<KeyEncryptionKey> FromFile(const std::filesystem::path& path);
  // security.kek, else security.kek_file, else `<data_dir>/kek`, created 0600 on first use with a
  // warning that it is a development default (it lies beside the database it protects).
  static Result<KeyEncryptionKey> Load(const SecurityConfig& config, const std::filesystem::path& data_dir,
                                       Random& random);

  KeyEncryptionKey(const KeyEncryptionKey&) = default;
  KeyEncryptionKey& operator=(const KeyEncryptionKey&) = default;
  ~KeyEncryptionKey();

  // version || nonce || ciphertext || tag; `key_id` is bound as associated data, so a sealed key
  // moved to another row does not open.
  std::string Seal(std::string_view plaintext, std::string_view key_id, Random& random) const;
  // Fails (never crashes) on a wrong KEK, a wrong key id or tampered bytes.
  Result<std::string> Open(std::string_view sealed, std::string_view key_id) const;

 private:
  KeyEncryptionKey() = default;

  std::array<std::uint8_t, kKekBytes> key_{};
};

}  // namespace menshen::keys
