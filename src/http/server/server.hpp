// The HTTP/1.1 server: accepts connections, reads requests within limits and timeouts, runs the pipeline,
// writes responses, and shuts down gracefully. Beast stays inside server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ip_network.hpp"
#include "core/worker_pool.hpp"
#include "http/pipeline.hpp"

namespace menshen::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int io_threads = 2;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds shutdown_deadline{10000};
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_uri_bytes = 8 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_connections = 10000;
  // Connection limits, client addresses behind proxies and HSTS (docs/security.md).
  std::size_t max_connections_per_ip = 100;            // trusted proxies are exempt
  std::chrono::milliseconds first_byte_timeout{5000};  // a new connection's first byte
  IpNetworks trusted_proxies;                          // peers whose X-Forwarded-For is read
  std::string strict_transport_security;               // the header's value; empty: not sent
};

class Server {
 public:
  Server(ServerOptions options, Pipeline& pipeline, WorkerPool& workers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; with port 0 the kernel picks one (see Port()).
  Status Listen();
  std::uint16_t Port() const;
  // Serves until SIGINT/SIGTERM or Stop(), then drains in-flight requests within the deadline.
  void Run();
  // Starts a graceful shutdown; callable from any thread.
  void Stop();
  std::size_t OpenConnections() const;
  // True when Run() returned because the shutdown deadline passed with requests still running.
  bool Forced() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace menshen::http
