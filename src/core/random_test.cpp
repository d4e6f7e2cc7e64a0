#include "core/random.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <vector>

namespace menshen {
namespace {

TEST(Base64UrlTest, MatchesRfc4648Vectors) {
  auto enc = [](std::string_view s) {
    return Base64UrlEncode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  };
  EXPECT_EQ(enc(""), "");
  EXPECT_EQ(enc("f"), "Zg");
  EXPECT_EQ(enc("fo"), "Zm8");
  EXPECT_EQ(enc("foo"), "Zm9v");
  EXPECT_EQ(enc("foob"), "Zm9vYg");
  EXPECT_EQ(enc("\xfb\xff"), "-_8");
}

TEST(Base64UrlTest, AppendsAfterWhatIsThere) {
  std::string out = "head.";
  const std::string_view bytes = "foobar";
  AppendBase64Url(out, {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  EXPECT_EQ(out, "head.Zm9vYmFy");
}

TEST(SystemRandomTest, TokensAreDistinctAndSized) {
  SystemRandom random;
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(random.Token(32));
  EXPECT_EQ(tokens.size(), 100u);
  EXPECT_EQ(random.Token(32).size(), 43u);
  EXPECT_EQ(random.Hex(8).size(), 16u);
}

TEST(SystemRandomTest, PiecesOfOneBlockDoNotRepeat) {
  SystemRandom random;
  std::set<std::vector<std::uint8_t>> seen;
  // Far more than one block, in sizes that straddle block ends, and one larger than any block piece.
  for (std::size_t size : {1, 7, 16, 33, 64, 65, 200}) {
    for (int i = 0; i < 50; ++i) {
      std::vector<std::uint8_t> piece(size);
      random.Fill(piece);
      if (size >= 7) {  // shorter pieces may repeat by chance
        EXPECT_TRUE(seen.insert(piece).second) << "size " << size;
      }
    }
  }
}

TEST(SystemRandomTest, AForkedChildDrawsOtherBytesThanItsParent) {
  SystemRandom random;
  std::array<std::uint8_t, 16> warm{};
  random.Fill(warm);  // the parent now holds a part-used block the child inherits
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  std::array<std::uint8_t, 16> drawn{};
  random.Fill(drawn);
  if (child == 0) {
    const auto written = write(pipe_fds[1], drawn.data(), drawn.size());
    _exit(written == static_cast<ssize_t>(drawn.size()) ? 0 : 1);
  }
  std::array<std::uint8_t, 16> from_child{};
  EXPECT_EQ(read(pipe_fds[0], from_child.data(), from_child.size()), static_cast<ssize_t>(from_child.size()));
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  EXPECT_NE(drawn, from_child);
}

}  // namespace
}  // namespace menshen
