// A throwaway PostgreSQL server for tests: initdb and postgres from Debian's packages, on a free loopback
// port, in a temporary folder, as an unprivileged user when the test runs as root (PostgreSQL refuses root).
// The destructor stops it and removes the folder; if the test process dies, the server gets SIGQUIT.
// Fast, not durable: fsync is off, which no test here needs except one of a server crash (durable = true).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace menshen::test_support {

struct PostgresServerOptions {
  bool durable = false;  // fsync on, for a test that kills the server itself
  bool tls = false;      // ssl=on with a self-signed certificate for 127.0.0.1 (see Certificate())
};

class PostgresServer {
 public:
  // Throws std::runtime_error when the server cannot be set up.
  explicit PostgresServer(PostgresServerOptions options = {});
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

  // postgresql://postgres@127.0.0.1:PORT/DATABASE
  std::string Url(const std::string& database) const;
  int Port() const { return port_; }
  // With tls: the server's self-signed certificate (PEM), to pass as sslrootcert.
  std::filesystem::path Certificate() const { return dir_ / "server.crt"; }
  // Creates an empty database (from `template_database` when given) and returns its URL.
  std::string CreateDatabase(const std::string& name, const std::string& template_database = {});
  void DropDatabase(const std::string& name);
  // Runs SQL as the superuser in `database`; returns the first column of the first row ("" when none).
  // Throws std::runtime_error on failure.
  std::string Execute(const std::string& sql, const std::string& database = "postgres") const;

  // Stops the server (fast shutdown: sessions are ended) and starts it again on the same port and data.
  void Stop();
  void Start();
  bool Running() const { return pid_ > 0; }

 private:
  void WaitUntilReady() const;
  void MakeCertificate() const;

  PostgresServerOptions options_;
  std::filesystem::path dir_;
  std::filesystem::path bin_;
  int port_ = 0;
  pid_t pid_ = -1;
  pid_t owner_ = -1;  // a forked test child must not stop its parent's server
};

// One server for the whole test binary, started on first use and stopped when the binary exits.
PostgresServer& SharedPostgres();

}  // namespace menshen::test_support
