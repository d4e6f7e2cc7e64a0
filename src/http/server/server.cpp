// Asio's coroutine support in Boost 1.74 uses std::exchange without including <utility>.
#include <utility>
// clang-format off
#include "http/server/server.hpp"
// clang-format on

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "http/server/client_address.hpp"
#include "http/server/connection_limits.hpp"
#include "http/server/transport.hpp"

namespace menshen::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Connections name their io_context's executor type outright: the type-erased default (any_io_executor)
// costs a copy, a dispatch through a table and a destruction on every asynchronous step.
using Executor = asio::io_context::executor_type;
using Stream = beast::basic_stream<tcp, Executor>;
template <typename T = void>
using Task = asio::awaitable<T, Executor>;
constexpr asio::use_awaitable_t<Executor> kAwait;

class Server::Impl {
 public:
  Impl(ServerOptions options, Pipeline& pipeline, WorkerPool& workers)
      : options_(std::move(options)),
        pipeline_(pipeline),
        workers_(workers),
        ioc_(*AddContext()),
        acceptor_(ioc_),
        signals_(ioc_),
        per_address_(options_.max_connections_per_ip) {
    // One io_context per I/O thread: a connection lives on one context for its whole life, so its
    // handlers never run concurrently and need no strand.
    for (int i = 1; i < options_.io_threads; ++i) AddContext();
  }

  Status Listen();
  void Run();
  void Stop();
  std::uint16_t Port() const { return port_; }
  std::size_t OpenConnections() const { return open_.load(); }
  bool Forced() const { return forced_.load(); }

 private:
  struct Connection {
    Stream* stream;
    std::atomic<bool> idle{true};  // waiting for a request; closed at once on shutdown
    bool fresh = true;             // no byte received yet: first_byte_timeout applies, not idle_timeout
  };

  Task<> Accept();
  Task<> WaitForAFreeSlot();
  std::optional<Peer> Admit(const asio::basic_stream_socket<tcp, Executor>& socket);
  Task<> Serve(Stream stream, Peer peer);
  Task<bool> ServeOne(Stream& stream, beast::flat_buffer& buffer, Connection& connection, const Peer& peer);
  Task<std::optional<Response>> RunOnWorker(const Route& route, Request& request);
  Task<> Write(Stream& stream, Request& request, Response response, bool keep_alive);
  void BeginShutdown();
  void WaitForConnectionsToClose();

  ServerOptions options_;
  Pipeline& pipeline_;
  WorkerPool& workers_;
  asio::io_context* AddContext() {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    return contexts_.back().get();
  }
  asio::io_context& NextContext() { return *contexts_[next_context_++ % contexts_.size()]; }

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::size_t next_context_ = 0;
  asio::io_context& ioc_;  // the first context: acceptor, signals, shutdown
  asio::basic_socket_acceptor<tcp, Executor> acceptor_;
  asio::signal_set signals_;
  std::uint16_t port_ = 0;
  asio::steady_timer shutdown_deadline_{ioc_};
  asio::steady_timer shutdown_poll_{ioc_};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> forced_{false};
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
  std::atomic<std::size_t> open_{0};
  asio::steady_timer slot_freed_{ioc_};  // woken when a connection closes while all slots were taken
  ConnectionsPerAddress per_address_;
  std::mutex connections_mutex_;
  std::unordered_set<Connection*> connections_;
};

Status Server::Impl::Listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) return Fail(ErrorId::kCommonInvalidParameter, "listen address must be an IP address", ec.message());
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorId::kCommonServiceUnavailable, "cannot listen",
                fmt::format("{}:{}: {}", options_.host, options_.port, ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  return {};
}

void Server::Impl::Run() {
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: shutting down", signal);
    BeginShutdown();
  });
  asio::co_spawn(ioc_, Accept(), asio::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    auto& context = *contexts_[i];
    keep_running_.push_back(asio::make_work_guard(context));
    threads.emplace_back([&context] { context.run(); });
  }
  ioc_.run();
  for (auto& guard : keep_running_) guard.reset();
  if (forced_) {
    for (auto& context : contexts_) context->stop();
  }
  for (auto& thread : threads) thread.join();
}

void Server::Impl::Stop() {
  asio::post(ioc_, [this] { BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
  if (stopping_.exchange(true)) return;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  slot_freed_.cancel();  // an accept loop waiting for a free slot ends now
  {
    std::lock_guard lock(connections_mutex_);
    for (auto* connection : connections_) {
      if (!connection->idle) continue;
      // Runs on the connection's own thread, where it cannot end meanwhile; it may have ended before.
      asio::post(connection->stream->get_executor(), [this, connection] {
        std::lock_guard lock(connections_mutex_);
        if (connections_.contains(connection)) connection->stream->cancel();
      });
    }
  }
  // Whatever is still running at the deadline is abandoned so the process exits in bounded time.
  shutdown_deadline_.expires_after(options_.shutdown_deadline);
  shutdown_deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // every connection finished first
    spdlog::warn("shutdown deadline reached with {} connections open", open_.load());
    forced_ = true;
    ioc_.stop();
  });
  WaitForConnectionsToClose();
}

// Polls until the last connection is gone, then cancels the deadline so that run() returns on its own,
// with no handler left behind (an io_context destroyed with handlers still queued destroys them out of order).
void Server::Impl::WaitForConnectionsToClose() {
  if (open_.load() == 0) {
    shutdown_deadline_.cancel();
    return;
  }
  shutdown_poll_.expires_after(std::chrono::milliseconds(10));
  shutdown_poll_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) WaitForConnectionsToClose();
  });
}

Task<> Server::Impl::Accept() {
  while (!stopping_) {
    boost::system::error_code ec;
    co_await WaitForAFreeSlot();
    if (stopping_) co_return;
    asio::basic_stream_socket<tcp, Executor> socket(NextContext());
    co_await acceptor_.async_accept(socket, asio::redirect_error(kAwait, ec));
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) co_return;
      // Out of descriptors and the like: back off briefly instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(ioc_, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(kAwait, ec));
      continue;
    }
    auto peer = Admit(socket);
    if (!peer) {
      // The kernel cannot queue per address: the excess is closed at once, before it costs a coroutine.
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    ++open_;
    auto executor = socket.get_executor();
    asio::co_spawn(executor, Serve(Stream(std::move(socket)), std::move(*peer)), asio::detached);
  }
}

// Back-pressure: at the cap, new connections wait in the kernel's listen backlog until one closes, rather
// than being accepted and reset. Serve wakes the timer when a slot frees; the period is a safety net.
Task<> Server::Impl::WaitForAFreeSlot() {
  while (open_.load() >= options_.max_connections && !stopping_) {
    boost::system::error_code ec;
    slot_freed_.expires_after(std::chrono::milliseconds(200));
    co_await slot_freed_.async_wait(asio::redirect_error(kAwait, ec));
  }
}

// The peer of a new connection, counted against its address's share; nullopt when that share is used up.
// Trusted proxies carry many clients on their connections and are limited only by max_connections.
std::optional<Peer> Server::Impl::Admit(const asio::basic_stream_socket<tcp, Executor>& socket) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return std::nullopt;  // already gone
  const auto address = remote.address();
  const auto bytes = address.is_v4() ? asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4()).to_bytes()
                                     : address.to_v6().to_bytes();
  Peer peer;
  std::ranges::copy(bytes, peer.address.bytes.begin());
  peer.text = ToString(peer.address);
  peer.trusted_proxy = options_.trusted_proxies.Contains(peer.address);
  if (!peer.trusted_proxy && !per_address_.TryAdd(peer.address)) return std::nullopt;
  return peer;
}

Task<> Server::Impl::Serve(Stream stream, Peer peer) {
  Connection connection{&stream};
  {
    std::lock_guard lock(connections_mutex_);
    connections_.insert(&connection);
  }
  beast::flat_buffer buffer;
  try {
    while (co_await ServeOne(stream, buffer, connection, peer)) {
    }
  } catch (const std::exception& e) {
    spdlog::error("connection from {} failed: {}", peer.text, e.what());
  }
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.close();
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(&connection);
  }
  if (!peer.trusted_proxy) per_address_.Remove(peer.address);
  if (open_.fetch_sub(1) == options_.max_connections) {
    asio::post(ioc_, [this] { slot_freed_.cancel(); });
  }
}

// Reads and answers one request; false when the connection is to be closed.
Task<bool> Server::Impl::ServeOne(Stream& stream, beast::flat_buffer& buffer, Connection& connection,
                                  const Peer& peer) {
  boost::system::error_code ec;
  if (buffer.size() == 0) {
    // Between requests a connection may idle; once a request starts it must arrive within header_timeout.
    // A new connection gets only first_byte_timeout: idling before any request holds a slot for nothing.
    connection.idle = true;
    if (stopping_) co_return false;
    stream.expires_after(connection.fresh ? options_.first_byte_timeout : options_.idle_timeout);
    const auto n = co_await stream.async_read_some(buffer.prepare(4096), asio::redirect_error(kAwait, ec));
    if (ec) co_return false;
    buffer.commit(n);
  }
  connection.idle = false;
  connection.fresh = false;

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes + options_.max_uri_bytes));
  parser.body_limit(options_.max_body_bytes);
  stream.expires_after(options_.header_timeout);
  co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(kAwait, ec));

  Request request = RequestFromHeader(parser.get(), peer, options_.trusted_proxies);
  pipeline_.Identify(request);
  if (ec) {
    const auto refusal = ClassifyReadError(ec);
    if (!refusal) co_return false;
    co_await Write(stream, request, pipeline_.Reject(request, *refusal), false);
    co_return false;
  }
  if (const auto refusal = CheckHeaderLimits(parser.get(), options_); refusal) {
    co_await Write(stream, request, pipeline_.Reject(request, refusal->first, refusal->second), false);
    co_return false;
  }
  // Before any body byte is read: a request whose length is ambiguous cannot be answered and then
  // followed on the same connection, or its body would be read as the next request (smuggling).
  if (const auto refusal = CheckFraming(parser.get()); refusal) {
    co_await Write(stream, request, pipeline_.Reject(request, ErrorId::kCommonBadRequest, *refusal), false);
    co_return false;
  }
  if (!parser.is_done()) {
    if (IsExpectContinue(parser.get())) {
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
      co_await bhttp::async_write(stream, proceed, asio::redirect_error(kAwait, ec));
      if (ec) co_return false;
    }
    stream.expires_after(options_.body_timeout);
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(kAwait, ec));
    if (ec) {
      const auto refusal = ClassifyReadError(ec);
      if (!refusal) co_return false;
      co_await Write(stream, request, pipeline_.Reject(request, *refusal), false);
      co_return false;
    }
  }
  const bool keep_alive = parser.get().keep_alive();
  request.body = std::move(parser.get().body());

  auto begun = pipeline_.Begin(request);
  Response response;
  if (auto* early = std::get_if<Response>(&begun)) {
    response = std::move(*early);
  } else {
    const Route& route = *std::get<const Route*>(begun);
    std::optional<Response> answered;
    if (route.dispatch == Dispatch::kInline) answered = pipeline_.InvokeWithoutBlocking(route, request);
    if (!answered) answered = co_await RunOnWorker(route, request);
    response = answered
                   ? std::move(*answered)
                   : pipeline_.Reject(request, ErrorId::kCommonServiceUnavailable, "the server is busy; retry later");
  }
  if (request.method == Method::kHead) response.body.clear();
  const bool again = keep_alive && !response.close && !stopping_;
  co_await Write(stream, request, std::move(response), again);
  co_return again;
}

Task<std::optional<Response>> Server::Impl::RunOnWorker(const Route& route, Request& request) {
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(kAwait), void(std::optional<Response>)>(
      [this, &route, &request, executor](auto handler) {
        auto shed = std::make_shared<std::atomic<bool>>(false);
        WorkerPool::Job job = [this, &route, &request, executor, shed, handler = std::move(handler),
                               work = asio::make_work_guard(executor)]() mutable {
          std::optional<Response> response;
          if (!shed->load()) response = pipeline_.Invoke(route, request);
          asio::post(executor, [handler = std::move(handler), response = std::move(response)]() mutable {
            handler(std::move(response));
          });
        };
        if (!workers_.TryPost(job)) {
          shed->store(true);
          job();
        }
      },
      kAwait);
}

Task<> Server::Impl::Write(Stream& stream, Request& request, Response response, bool keep_alive) {
  pipeline_.Finish(request, response);
  // Head and body in one gather write; Beast's serializer walked nested buffer views to do the same.
  const auto head = ResponseHead(response, keep_alive, CurrentHttpDate(), options_.strict_transport_security);
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(ResponseBody(response))};
  boost::system::error_code ec;
  stream.expires_after(options_.body_timeout);
  co_await asio::async_write(stream, buffers, asio::redirect_error(kAwait, ec));
}

Server::Server(ServerOptions options, Pipeline& pipeline, WorkerPool& workers)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline, workers)) {}
Server::~Server() = default;
Status Server::Listen() { return impl_->Listen(); }
std::uint16_t Server::Port() const { return impl_->Port(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
std::size_t Server::OpenConnections() const { return impl_->OpenConnections(); }
bool Server::Forced() const { return impl_->Forced(); }

}  // namespace menshen::http
