// The HTTP server with routes made for the test, over real loopback sockets: JSON body handling and
// load shedding, which the production routes of this layer cannot provoke on demand.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "catalog/catalog.hpp"
#include "core/blocking.hpp"
#include "http/json_body.hpp"
#include "http/server/server.hpp"
#include "raw_client.hpp"

namespace menshen::testing {
namespace {

using nlohmann::json;

class InProcessServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(http::Method::kPost, "/echo", [this](http::Request& request) {
      auto body = http::ParseJsonObject(request, 10);
      if (!body) return renderer_.Fail(request, body.error());
      return renderer_.Ok(request, *body);
    });
    router_.Add(http::Method::kGet, "/block", [this](http::Request& request) {
      entered_.fetch_add(1);
      release_.wait();
      return renderer_.Ok(request, {{"blocked", true}});
    });
    // Answers from "memory" unless asked to block: then the inline attempt gives way to a worker.
    router_.Add(
        http::Method::kGet, "/usually-inline",
        [this](http::Request& request) {
          attempts_.fetch_add(1);
          if (request.QueryParam("block")) MayBlock();
          const bool on_server_thread = std::this_thread::get_id() == thread_.get_id();
          return renderer_.Ok(request, {{"on_io_thread", on_server_thread}});
        },
        http::Dispatch::kInline);
    router_.Add(http::Method::kGet, "/throw",
                [](http::Request&) -> http::Response { throw std::runtime_error("secret internal text"); });
    ASSERT_TRUE(server_.Listen());
    thread_ = std::thread([this] { server_.Run(); });
  }
  void TearDown() override {
    release_promise_.set_value();
    server_.Stop();
    thread_.join();
    workers_.Stop();
  }

  catalog::Catalog catalog_ = catalog::Catalog::Load("menshen");
  http::Renderer renderer_{catalog_};
  http::Router router_;
  http::Metrics metrics_;
  http::Pipeline pipeline_{router_, renderer_, metrics_, nullptr, {}};
  WorkerPool workers_{1, 1};
  http::Server server_{http::ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 1}, pipeline_, workers_};
  std::thread thread_;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
  std::atomic<int> entered_{0};
  std::atomic<int> attempts_{0};

  // The one worker busy on /block and one more /block waiting in the queue of one.
  void OccupyTheWorker(RawClient& busy, RawClient& queued) {
    ASSERT_TRUE(busy.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
    while (entered_.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(queued.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
};

TEST_F(InProcessServerTest, JsonBodyRoundTrips) {
  const auto response = Request(server_.Port(), "POST", "/echo", R"({"name":"门神"})",
                                "Content-Type: application/json; charset=utf-8\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(json::parse(response->body)["data"]["name"], "门神");
}

TEST_F(InProcessServerTest, MalformedJsonSaysWhereItFailed) {
  const auto response =
      Request(server_.Port(), "POST", "/echo", R"({"name": "x",, })", "Content-Type: application/json\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  const auto body = json::parse(response->body);
  EXPECT_EQ(body["error"], "common.invalid_parameter");
  EXPECT_NE(body["detail"].get<std::string>().find("byte"), std::string::npos);
}

TEST_F(InProcessServerTest, WrongContentTypeIs415) {
  const auto response = Request(server_.Port(), "POST", "/echo", "name=x", "Content-Type: text/plain\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 415);
  EXPECT_EQ(json::parse(response->body)["error"], "http.unsupported_media_type");
}

TEST_F(InProcessServerTest, InvalidUtf8InJsonIs400) {
  const auto response =
      Request(server_.Port(), "POST", "/echo", "{\"name\":\"\xc3\x28\"}", "Content-Type: application/json\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(json::parse(response->body)["error"], "common.invalid_parameter");
}

TEST_F(InProcessServerTest, HandlerExceptionBecomesInternalErrorWithoutItsText) {
  const auto response = Request(server_.Port(), "GET", "/throw");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(json::parse(response->body)["error"], "common.internal_error");
  EXPECT_EQ(response->body.find("secret internal text"), std::string::npos);
}

TEST_F(InProcessServerTest, InlineHandlerAnswersOnTheIoThreadWhenItNeedsNothingButMemory) {
  const auto response = Request(server_.Port(), "GET", "/usually-inline");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(json::parse(response->body)["data"]["on_io_thread"], true);
  EXPECT_EQ(attempts_.load(), 1);
}

TEST_F(InProcessServerTest, InlineHandlerThatWouldBlockRunsAgainOnAWorker) {
  const auto response = Request(server_.Port(), "GET", "/usually-inline?block=1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(json::parse(response->body)["data"]["on_io_thread"], false);
  EXPECT_EQ(attempts_.load(), 2);  // the inline attempt, then the worker's run from the start
}

TEST_F(InProcessServerTest, InlineHandlerThatWouldBlockIsShedWhenTheWorkersAreFull) {
  RawClient busy(server_.Port()), queued(server_.Port()), refused(server_.Port());
  OccupyTheWorker(busy, queued);
  // Memory alone still answers while the workers are full; a request that would block is refused at once.
  const auto inline_answer = Request(server_.Port(), "GET", "/usually-inline");
  ASSERT_TRUE(inline_answer);
  EXPECT_EQ(inline_answer->status, 200);
  ASSERT_TRUE(refused.Send("GET /usually-inline?block=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto shed = refused.Read(std::chrono::seconds(2));
  ASSERT_TRUE(shed);
  EXPECT_EQ(shed->status, 503);
  release_promise_.set_value();
  release_promise_ = std::promise<void>();
  ASSERT_TRUE(busy.Read() && queued.Read());
}

TEST_F(InProcessServerTest, FullWorkerQueueSheds503AtOnce) {
  // One worker busy, one request queued: the third is refused at once instead of waiting.
  RawClient busy(server_.Port()), queued(server_.Port()), refused(server_.Port());
  OccupyTheWorker(busy, queued);
  ASSERT_TRUE(refused.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto shed = refused.Read(std::chrono::seconds(2));
  ASSERT_TRUE(shed);
  EXPECT_EQ(shed->status, 503);
  EXPECT_EQ(json::parse(shed->body)["error"], "common.service_unavailable");
  release_promise_.set_value();
  release_promise_ = std::promise<void>();
  const auto first = busy.Read();
  const auto second = queued.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 200);
}

}  // namespace
}  // namespace menshen::testing
