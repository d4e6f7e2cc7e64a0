// The deployment of docs/deployment.md, for real: deploy/nginx/menshen.conf in a real nginx, TLS ending there,
// two nodes over one PostgreSQL and one Redis behind it. Requests reach both nodes, each node logs the client's
// address (not nginx's, nor a forged one), and a node that dies does not take sign-in down with it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "postgres_server.hpp"
#include "raw_client.hpp"
#include "server_process.hpp"
#include "support/redis_server.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kHost = "id.example.com";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "deploy/nginx/menshen.conf no longer contains: " << from;
  text.replace(at, from.size(), to);
}

std::uint16_t FreePort() {
  // The kernel picks a port for a throw-away socket; nginx binds it right after.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t size = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

struct Reply {
  int status = 0;
  std::string body;
  std::string location;
};

// curl, as a client at 127.0.0.5 that resolves the public name to loopback.
Reply Curl(const std::string& url, const std::vector<std::string>& extra = {}) {
  std::string command = "curl -s -k --max-time 10 --interface 127.0.0.5 -o - -w '\\n%{http_code} %{redirect_url}'";
  for (const auto& arg : extra) command += " '" + arg + "'";
  command += " '" + url + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  char chunk[4096];
  while (pipe != nullptr && std::fgets(chunk, sizeof(chunk), pipe) != nullptr) output += chunk;
  if (pipe != nullptr) ::pclose(pipe);
  const auto last = output.rfind('\n');
  if (last == std::string::npos) return {};
  Reply reply;
  reply.body = output.substr(0, last);
  std::istringstream tail(output.substr(last + 1));
  tail >> reply.status >> reply.location;
  return reply;
}

class NginxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    postgres_ = new test_support::PostgresServer();
    redis_ = new RedisServer();
    dir_ = MakeTempDir("menshen-nginx");
    https_port_ = FreePort();
    http_port_ = FreePort();
    const std::vector<std::string> args = {
        "--set", "database.url=" + postgres_->CreateDatabase("menshen"),
        "--set", "kv.url=" + redis_->Url(),
        "--set", "server.trusted_proxies=127.0.0.1",
        "--set", "oauth.issuer=https://" + std::string(kHost) + ":" + std::to_string(https_port_)};
    for (int i = 0; i < 2; ++i) nodes_.push_back(std::make_unique<ServerProcess>(args, dir_ / "data"));
    StartNginx();
  }
  static void TearDownTestSuite() {
    if (nginx_ > 0) {
      ::kill(nginx_, SIGTERM);
      ::waitpid(nginx_, nullptr, 0);
    }
    nodes_.clear();
    delete redis_;
    delete postgres_;
    std::filesystem::remove_all(dir_);
  }
  void SetUp() override {
    ASSERT_GT(nginx_, 0);
    for (const auto& node : nodes_) ASSERT_TRUE(node->Started());
  }

  static void StartNginx() {
    const auto certificate = dir_ / "cert.pem";
    const auto key = dir_ / "key.pem";
    const std::string make_certificate =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=" + std::string(kHost) + " -keyout " +
        key.string() + " -out " + certificate.string() + " >/dev/null 2>&1";
    if (std::system(make_certificate.c_str()) != 0) return;
    // The shipped file, with this machine's ports and paths: every other line is tested as written.
    std::string site = ReadFile(std::filesystem::path(MENSHEN_SOURCE_DIR) / "deploy/nginx/menshen.conf");
    Replace(site, "server 127.0.0.1:8081", "server 127.0.0.1:" + std::to_string(nodes_[0]->Port()));
    Replace(site, "server 127.0.0.1:8082", "server 127.0.0.1:" + std::to_string(nodes_[1]->Port()));
    Replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + std::to_string(https_port_) + " ssl;");
    Replace(site, "listen [::]:443 ssl;", "");
    Replace(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port_) + ";");
    Replace(site, "listen [::]:80;", "");
    Replace(site, "/etc/ssl/menshen/fullchain.pem", certificate.string());
    Replace(site, "/etc/ssl/menshen/privkey.pem", key.string());
    std::ofstream(dir_ / "menshen.conf") << site;
    const std::string d = dir_.string();
    std::ofstream(dir_ / "nginx.conf") << "worker_processes 1;\ndaemon off;\npid " << d << "/nginx.pid;\n"
                                       << "error_log " << d << "/error.log;\nevents { worker_connections 256; }\n"
                                       << "http {\n  access_log off;\n  client_body_temp_path " << d << "/body;\n"
                                       << "  proxy_temp_path " << d << "/proxy;\n  fastcgi_temp_path " << d
                                       << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n  scgi_temp_path " << d
                                       << "/scgi;\n  include " << d << "/menshen.conf;\n}\n";
    nginx_ = ::fork();
    if (nginx_ == 0) {
      ::execl("/usr/sbin/nginx", "nginx", "-e", (d + "/error.log").c_str(), "-p", d.c_str(), "-c",
              (d + "/nginx.conf").c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && Curl(Https("/healthz")).status != 200; ++i) std::this_thread::sleep_for(25ms);
  }

  static std::string Https(const std::string& path) {
    return "https://" + std::string(kHost) + ":" + std::to_string(https_port_) + path;
  }
  static std::vector<std::string> Resolve() {
    return {"--resolve", std::string(kHost) + ":" + std::to_string(https_port_) + ":127.0.0.1", "--resolve",
            std::string(kHost) + ":" + std::to_string(http_port_) + ":127.0.0.1"};
  }
  static Reply Get(const std::string& path, std::vector<std::string> extra = {}) {
    auto args = Resolve();
    args.insert(args.end(), extra.begin(), extra.end());
    return Curl(Https(path), args);
  }
  static Reply PostJson(const std::string& path, const json& body) {
    return Get(path, {"-H", "Content-Type: application/json", "--data-binary", body.dump()});
  }
  // The client_ip each node logged for the request with `request_id`; "" where it did not serve it.
  static std::vector<std::string> LoggedBy(const std::string& request_id) {
    std::this_thread::sleep_for(100ms);  // the access log is written in batches
    std::vector<std::string> ips;
    for (const auto& node : nodes_) {
      std::string ip;
      for (const auto& line : node->Lines()) {
        if (line.starts_with("{") && line.find(request_id) != std::string::npos) {
          ip = json::parse(line)["client_ip"].get<std::string>();
        }
      }
      ips.push_back(ip);
    }
    return ips;
  }

  static inline test_support::PostgresServer* postgres_ = nullptr;
  static inline RedisServer* redis_ = nullptr;
  static inline std::filesystem::path dir_;
  static inline std::uint16_t https_port_ = 0;
  static inline std::uint16_t http_port_ = 0;
  static inline pid_t nginx_ = -1;
  static inline std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

TEST_F(NginxTest, RequestsReachEveryNodeAndEachLogsTheClientNotTheProxyNorAForgery) {
  int served[2] = {0, 0};
  for (int i = 0; i < 6; ++i) {
    const std::string id = "via-nginx-" + std::to_string(i);
    // The client forges an X-Forwarded-For entry; nginx appends the address it saw.
    ASSERT_EQ(Get("/healthz", {"-H", "X-Request-Id: " + id, "-H", "X-Forwarded-For: 6.6.6.6"}).status, 200);
    const auto ips = LoggedBy(id);
    for (int n = 0; n < 2; ++n) {
      if (ips[static_cast<std::size_t>(n)].empty()) continue;
      ++served[n];
      EXPECT_EQ(ips[static_cast<std::size_t>(n)], "127.0.0.5");
    }
  }
  EXPECT_GT(served[0], 0);
  EXPECT_GT(served[1], 0);
  EXPECT_EQ(served[0] + served[1], 6);
  // Each node names itself by the public URL.
  const auto discovery = json::parse(Get("/.well-known/openid-configuration").body, nullptr, false);
  EXPECT_EQ(discovery.value("issuer", ""), "https://" + std::string(kHost) + ":" + std::to_string(https_port_));
}

TEST_F(NginxTest, PlainHttpIsSentToHttps) {
  const auto reply =
      Curl("http://" + std::string(kHost) + ":" + std::to_string(http_port_) + "/oauth/authorize?x=1", Resolve());
  EXPECT_EQ(reply.status, 308);
  EXPECT_EQ(reply.location, "https://" + std::string(kHost) + "/oauth/authorize?x=1");
}

TEST_F(NginxTest, SignInGoesOnWhenANodeDies) {
  ASSERT_EQ(PostJson("/api/v1/auth/register", {{"username", "steady"}, {"password", "plum orchard lantern 42"}}).status,
            201);
  ASSERT_EQ(nodes_[1]->Stop(SIGKILL), 128 + SIGKILL);
  for (int i = 0; i < 4; ++i) {
    const auto login = PostJson("/api/v1/auth/login", {{"account", "steady"}, {"password", "plum orchard lantern 42"}});
    EXPECT_EQ(login.status, 200) << login.body;
  }
}

}  // namespace
}  // namespace menshen::testing
