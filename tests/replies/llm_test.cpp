// The optional rewriting by a local model, against a small fake OpenAI-compatible endpoint
// that this test starts on 127.0.0.1 with an ephemeral port. The fake answers as a model might:
// a good rewrite, one that invents a date, one that turns hostile, one that drops the
// placeholder, a slow one, an error, garbage.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "replies_test_util.hpp"

namespace courtois::replies::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

class FakeModel {
 public:
  enum class Mode { polite, fenced, add_date, hostile, drop_placeholder, slow, error, garbage };

  explicit FakeModel(Mode mode)
      : mode_(mode), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { run(); });
  }
  ~FakeModel() {
    stop_ = true;
    // Unblock accept() with one last connection.
    beast::error_code ec;
    net::io_context ioc;
    tcp::socket s(ioc);
    s.connect({net::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }
  std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1/chat/completions";
  }
  int requests() const { return requests_; }
  nlohmann::json last_request() {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  void run() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) break;
      handle(socket);
    }
  }
  void handle(tcp::socket& socket) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) return;
    ++requests_;
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    {
      std::lock_guard lock(mutex_);
      last_ = body;
    }
    std::string draft;
    if (body.is_object() && body.contains("messages") && body["messages"].size() >= 2)
      draft = body["messages"][1].value("content", "");
    const std::string thanks = "Thank you for your message.";
    std::string content;
    switch (mode_) {
      case Mode::polite:
      case Mode::slow:
        content = replace(draft, thanks, "Thank you very much for your message.");
        break;
      case Mode::fenced:
        content = "```\n" + replace(draft, thanks, "Many thanks for your message.") + "\n```";
        break;
      case Mode::add_date:
        content = replace(draft, thanks, thanks + " We will deliver on Friday 27 March 2026.");
        break;
      case Mode::hostile:
        content = replace(draft, thanks, "Frankly, your message is ridiculous, you idiot!!!");
        break;
      case Mode::drop_placeholder:
        content = replace(draft, "[To complete: your answer]", "It will be fine.");
        break;
      default:
        break;
    }
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/json");
    if (mode_ == Mode::error) {
      res.result(http::status::internal_server_error);
      res.body() = R"({"error": "model not loaded"})";
    } else if (mode_ == Mode::garbage) {
      res.body() = "this is not JSON";
    } else {
      res.body() = nlohmann::json{{"id", "chatcmpl-1"},
                                  {"object", "chat.completion"},
                                  {"choices",
                                   {{{"index", 0},
                                     {"message", {{"role", "assistant"}, {"content", content}}},
                                     {"finish_reason", "stop"}}}}}
                       .dump();
    }
    res.prepare_payload();
    if (mode_ == Mode::slow) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  Mode mode_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  nlohmann::json last_;
};

struct LlmRewrite : ::testing::Test {
  const Engine& engine = engine_for({"help@northwind-studio.com"});
  Message client =
      message_from({{"id", "llm-1@test"},
                    {"from", "Grace Miller <grace@example.com>"},
                    {"date", "2026-03-07T11:45:00+00:00"},
                    {"subject", "Parcel"},
                    {"text", "Hello, when will the technician come to fix the boiler?"}});
  Draft draft_with(const std::string& endpoint, int timeout_ms = 3000) {
    ReplyOptions o;
    o.styles = {"formal"};
    o.llm = LlmOptions{true, endpoint, "test-model", timeout_ms};
    auto r = draft_replies(engine, client, {}, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
    return r.ok() ? r->drafts.front() : Draft{};
  }
  static bool noted(const Draft& d, const std::string& what) {
    for (const auto& n : d.notes)
      if (n.find(what) != std::string::npos) return true;
    return false;
  }
};

TEST_F(LlmRewrite, AGoodRewriteIsUsedAfterTheSameChecks) {
  FakeModel model(FakeModel::Mode::polite);
  Draft d = draft_with(model.endpoint());
  EXPECT_EQ(model.requests(), 1);
  EXPECT_TRUE(d.rewritten) << ::testing::PrintToString(d.notes);
  EXPECT_NE(d.body.find("Thank you very much for your message."), std::string::npos) << d.body;
  EXPECT_EQ(d.tone.label, "calm");
  auto req = model.last_request();
  EXPECT_EQ(req["model"], "test-model");
  EXPECT_EQ(req["stream"], false);
  EXPECT_EQ(req["messages"][0]["role"], "system");
  EXPECT_NE(req["messages"][0]["content"].get<std::string>().find("[To complete: ...]"),
            std::string::npos);
}

TEST_F(LlmRewrite, CodeFencesAroundTheAnswerAreRemoved) {
  FakeModel model(FakeModel::Mode::fenced);
  Draft d = draft_with(model.endpoint());
  EXPECT_TRUE(d.rewritten);
  EXPECT_EQ(d.body.find("```"), std::string::npos) << d.body;
}

TEST_F(LlmRewrite, ARewriteThatFailsTheCheckIsNotUsed) {
  for (auto [mode, why] : std::vector<std::pair<FakeModel::Mode, std::string>>{
           {FakeModel::Mode::add_date, "names a date"},
           {FakeModel::Mode::hostile, "not calm"},
           {FakeModel::Mode::drop_placeholder, "placeholder"}}) {
    FakeModel model(mode);
    Draft d = draft_with(model.endpoint());
    SCOPED_TRACE(why);
    EXPECT_FALSE(d.rewritten) << d.body;
    EXPECT_TRUE(noted(d, why)) << ::testing::PrintToString(d.notes);
    EXPECT_NE(d.body.find("Thank you for your message."), std::string::npos) << d.body;
    EXPECT_NE(d.body.find("[To complete: your answer]"), std::string::npos);
  }
}

TEST_F(LlmRewrite, ASlowModelTimesOutAndTheTemplateIsUsed) {
  FakeModel model(FakeModel::Mode::slow);
  auto start = std::chrono::steady_clock::now();
  Draft d = draft_with(model.endpoint(), 300);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(d.rewritten);
  EXPECT_TRUE(noted(d, "did not answer within 300 ms")) << ::testing::PrintToString(d.notes);
  EXPECT_LT(took, std::chrono::milliseconds(1400));
}

TEST_F(LlmRewrite, AnErrorOrGarbageFromTheModelKeepsTheTemplate) {
  {
    FakeModel model(FakeModel::Mode::error);
    Draft d = draft_with(model.endpoint());
    EXPECT_FALSE(d.rewritten);
    EXPECT_TRUE(noted(d, "HTTP 500")) << ::testing::PrintToString(d.notes);
  }
  {
    FakeModel model(FakeModel::Mode::garbage);
    Draft d = draft_with(model.endpoint());
    EXPECT_FALSE(d.rewritten);
    EXPECT_TRUE(noted(d, "choices[0].message.content")) << ::testing::PrintToString(d.notes);
  }
}

TEST_F(LlmRewrite, AnAbsentModelOrARemoteEndpointKeepsTheTemplate) {
  unsigned short port = 0;
  {
    net::io_context ioc;
    tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  Draft d = draft_with("http://127.0.0.1:" + std::to_string(port) + "/v1/chat/completions");
  EXPECT_FALSE(d.rewritten);
  EXPECT_TRUE(noted(d, "failed")) << ::testing::PrintToString(d.notes);
  d = draft_with("http://192.0.2.10:11434/v1/chat/completions");
  EXPECT_FALSE(d.rewritten);
  EXPECT_TRUE(noted(d, "not on this machine")) << ::testing::PrintToString(d.notes);
}

TEST_F(LlmRewrite, OffByDefault) {
  FakeModel model(FakeModel::Mode::polite);
  auto r = draft_replies(engine, client, {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(model.requests(), 0);
  for (const auto& d : r->drafts) EXPECT_FALSE(d.rewritten);
}

}  // namespace
}  // namespace courtois::replies::testing
