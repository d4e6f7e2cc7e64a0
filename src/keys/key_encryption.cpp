#include "keys/key_encryption.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "crypto/base64.hpp"

namespace menshen::keys {
namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kMaxFileBytes = 1024;

std::unexpected<Error> Problem(std::string why) { return Fail(ErrorId::kCommonInternalError, {}, std::move(why)); }

std::string Errno(const std::filesystem::path& path) { return fmt::format("{}: {}", path.string(), strerror(errno)); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int Get() const { return fd_; }

 private:
  int fd_;
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// Written under a private name, then linked into place: a node that loses the race to create the
// file reads the winner's whole key, never a half-written one.
Status CreateKekFile(const std::filesystem::path& path, Random& random) {
  std::array<std::uint8_t, kKekBytes> bytes{};
  random.Fill(bytes);
  std::string text = crypto::Base64Encode({reinterpret_cast<const char*>(bytes.data()), bytes.size()}) + "\n";
  sodium_memzero(bytes.data(), bytes.size());
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const auto temp = path.parent_path() / fmt::format(".kek-{}", random.Hex(8));
  Status result;
  {
    Fd fd(open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.Get() < 0) {
      result = Problem(Errno(temp));
    } else if (!WriteAll(fd.Get(), text) || fsync(fd.Get()) != 0) {
      result = Problem(Errno(temp));
    } else if (link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      result = Problem(Errno(path));
    }
  }
  unlink(temp.c_str());
  sodium_memzero(text.data(), text.size());
  return result;
}

}  // namespace

KeyEncryptionKey::~KeyEncryptionKey() { sodium_memzero(key_.data(), key_.size()); }

Result<KeyEncryptionKey> KeyEncryptionKey::FromBytes(std::string_view bytes) {
  if (sodium_init() < 0) return Problem("libsodium failed to initialise");
  if (bytes.size() != kKekBytes) return Problem(fmt::format("the KEK must be {} bytes", kKekBytes));
  KeyEncryptionKey kek;
  std::memcpy(kek.key_.data(), bytes.data(), kKekBytes);
  return kek;
}

Result<KeyEncryptionKey> KeyEncryptionKey::FromBase64(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return Problem("the KEK is empty");
  text = text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
  auto bytes = crypto::Base64Decode(text);
  if (!bytes) return Problem("the KEK is not base64");
  auto kek = FromBytes(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return kek;
}

Result<KeyEncryptionKey> KeyEncryptionKey::FromFile(const std::filesystem::path& path) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.Get() < 0) return Problem(Errno(path));
  struct stat info {};
  if (fstat(fd.Get(), &info) != 0) return Problem(Errno(path));
  if (!S_ISREG(info.st_mode)) return Problem(fmt::format("{}: not a regular file", path.string()));
  if ((info.st_mode & 077) != 0) {
    return Problem(
        fmt::format("{}: mode {:o} lets others read the KEK; chmod 600 it", path.string(), info.st_mode & 0777));
  }
  std::string text(kMaxFileBytes, '\0');
  ssize_t length = 0;
  do {
    length = read(fd.Get(), text.data(), text.size());
  } while (length < 0 && errno == EINTR);
  if (length < 0) return Problem(Errno(path));
  text.resize(static_cast<std::size_t>(length));
  auto kek = FromBase64(text);
  sodium_memzero(text.data(), text.size());
  if (!kek) kek.error().internal_detail = fmt::format("{}: {}", path.string(), kek.error().internal_detail);
  return kek;
}

Result<KeyEncryptionKey> KeyEncryptionKey::Load(const SecurityConfig& config, const std::filesystem::path& data_dir,
                                                Random& random) {
  if (!config.kek.empty() && !config.kek_file.empty())
    return Problem("set security.kek or security.kek_file, not both");
  if (!config.kek.empty()) return FromBase64(config.kek);
  if (!config.kek_file.empty()) return FromFile(config.kek_file);
  const auto path = data_dir / "kek";
  if (!std::filesystem::exists(path)) {
    if (auto created = CreateKekFile(path, random); !created) return std::unexpected(created.error());
  }
  spdlog::warn(
      "signing keys are sealed with {}, a development default beside the database it protects; set "
      "security.kek or security.kek_file in production",
      path.string());
  return FromFile(path);
}

std::string KeyEncryptionKey::Seal(std::string_view plaintext, std::string_view key_id, Random& random) const {
  std::string sealed(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormatVersion;
  random.Fill({out + 1, kNonceBytes});
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + 1 + kNonceBytes, &length, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(key_id.data()), key_id.size(), nullptr, out + 1, key_.data());
  return sealed;
}

Result<std::string> KeyEncryptionKey::Open(std::string_view sealed, std::string_view key_id) const {
  if (sealed.size() < 1 + kNonceBytes + kTagBytes || static_cast<std::uint8_t>(sealed[0]) != kFormatVersion) {
    return Problem("sealed key has an unknown format");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string plain(sealed.size() - 1 - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
                                                 in + 1 + kNonceBytes, sealed.size() - 1 - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(key_id.data()), key_id.size(),
                                                 in + 1, key_.data()) != 0) {
    return Problem(fmt::format("sealed key {} does not open: wrong KEK or tampered", key_id));
  }
  plain.resize(length);
  return plain;
}

}  // namespace menshen::keys
