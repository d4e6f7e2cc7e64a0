#include "postgres_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

namespace menshen::test_support {
namespace fs = std::filesystem;
namespace {

// The newest Debian PostgreSQL (/usr/lib/postgresql/<version>/bin).
fs::path FindBinaries() {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (fs::exists(entry.path() / "bin" / "postgres")) found.push_back(entry.path() / "bin");
  }
  if (found.empty()) throw std::runtime_error("no PostgreSQL in /usr/lib/postgresql (apt-get install postgresql)");
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return std::stoi(a.parent_path().filename().string()) < std::stoi(b.parent_path().filename().string());
  });
  return found.back();
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// The account the server runs as: ourselves, or `nobody` when we are root.
struct Account {
  uid_t uid;
  gid_t gid;
};

Account ServerAccount() {
  if (::geteuid() != 0) return {::geteuid(), ::getegid()};
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) throw std::runtime_error("no user 'nobody' to run PostgreSQL as");
  return {nobody->pw_uid, nobody->pw_gid};
}

// Starts `argv` as the server account with output to `log`; with `die_with_parent`, it gets SIGQUIT (immediate
// shutdown) if this process dies first.
pid_t Spawn(const std::vector<std::string>& argv, const fs::path& log, bool die_with_parent) {
  const Account account = ServerAccount();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (out >= 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
  }
  if (::geteuid() == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(account.gid) != 0 || ::setuid(account.uid) != 0) ::_exit(126);
  }
  if (die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (::getppid() != parent) ::_exit(0);
  }
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

int Wait(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

PostgresServer::PostgresServer(PostgresServerOptions options) : options_(options), owner_(::getpid()) {
  bin_ = FindBinaries();
  std::string pattern = (fs::temp_directory_path() / "menshen-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  const Account account = ServerAccount();
  if (::chown(dir_.c_str(), account.uid, account.gid) != 0) throw std::runtime_error("chown failed");
  // C collation: text sorts by bytes as in SQLite, so keyset pages and ORDER BY id agree on both databases.
  const int initdb = Wait(Spawn({(bin_ / "initdb").string(), "-D", (dir_ / "data").string(), "-U", "postgres", "-A",
                                 "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                                dir_ / "initdb.log", false));
  if (initdb != 0) throw std::runtime_error("initdb failed; see " + (dir_ / "initdb.log").string());
  if (options_.tls) MakeCertificate();
  port_ = FreePort();
  Start();
}

void PostgresServer::MakeCertificate() const {
  const auto key = dir_ / "data" / "server.key";
  const auto copy = dir_ / "data" / "server.crt";
  const int made =
      Wait(Spawn({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                  "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                  key.string(), "-out", copy.string()},
                 dir_ / "openssl.log", false));
  if (made != 0)
    throw std::runtime_error("openssl could not make a certificate; see " + (dir_ / "openssl.log").string());
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);  // PostgreSQL refuses a readable key
  fs::copy_file(copy, Certificate(), fs::copy_options::overwrite_existing);
}

PostgresServer::~PostgresServer() {
  if (::getpid() != owner_) return;
  Stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void PostgresServer::Start() {
  if (pid_ > 0) return;
  std::vector<std::string> argv = {(bin_ / "postgres").string(),
                                   "-D",
                                   (dir_ / "data").string(),
                                   "-p",
                                   std::to_string(port_),
                                   "-c",
                                   "listen_addresses=127.0.0.1",
                                   "-c",
                                   "unix_socket_directories=" + dir_.string(),
                                   "-c",
                                   "max_connections=200",
                                   "-c",
                                   "shared_buffers=16MB"};
  if (options_.tls) argv.insert(argv.end(), {"-c", "ssl=on"});  // server.crt and server.key in the data folder
  if (!options_.durable) {
    for (const char* fast : {"fsync=off", "synchronous_commit=off", "full_page_writes=off"}) {
      argv.insert(argv.end(), {"-c", fast});
    }
  }
  pid_ = Spawn(argv, dir_ / "server.log", true);
  WaitUntilReady();
}

void PostgresServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGINT);  // fast shutdown: sessions end at once, as when an operator stops the server
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

void PostgresServer::WaitUntilReady() const {
  const std::string conninfo = "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=postgres";
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (PQping(conninfo.c_str()) != PQPING_OK) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      throw std::runtime_error("postgres exited; see " + (dir_ / "server.log").string());
    }
    if (std::chrono::steady_clock::now() > give_up) throw std::runtime_error("postgres did not start in 60 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string PostgresServer::Url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::Execute(const std::string& sql, const std::string& database) const {
  PGconn* conn =
      PQconnectdb(("host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + database).c_str());
  std::string answer;
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    } else if (PQntuples(result) > 0 && PQnfields(result) > 0) {
      answer = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
  return answer;
}

std::string PostgresServer::CreateDatabase(const std::string& name, const std::string& template_database) {
  Execute("CREATE DATABASE " + name + (template_database.empty() ? "" : " TEMPLATE " + template_database));
  return Url(name);
}

void PostgresServer::DropDatabase(const std::string& name) {
  Execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

PostgresServer& SharedPostgres() {
  static PostgresServer server;
  return server;
}

}  // namespace menshen::test_support
