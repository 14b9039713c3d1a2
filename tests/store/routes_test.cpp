// The store routes through the service pipeline, without sockets: POST /v1/messages (batch,
// per-item results, idempotence, a broken item), GET /v1/waiting, GET /v1/threads/{id}.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "courtois/engine.hpp"
#include "courtois/server/http.hpp"

using namespace courtois;
using namespace courtois::server;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

std::string raw(const std::string& id, const std::string& from, const std::string& date,
                const std::string& subject, const std::string& body,
                const std::string& in_reply_to = "") {
  std::string m = "From: " + from + "\r\nTo: other@example.com\r\nSubject: " + subject +
                  "\r\nDate: " + date + "\r\nMessage-ID: <" + id + ">\r\n";
  if (!in_reply_to.empty())
    m += "In-Reply-To: <" + in_reply_to + ">\r\nReferences: <" + in_reply_to + ">\r\n";
  return m + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

class StoreRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    home_ = fs::temp_directory_path() / ("courtois-store-routes-" + std::to_string(::getpid()));
    fs::remove_all(home_);
    fs::create_directories(home_);
    // The routes open data_dir()/courtois.db once per process: point it at a fresh folder.
    ::setenv("XDG_DATA_HOME", home_.c_str(), 1);
    EngineOptions options;
    options.rules_dir = COURTOIS_SOURCE_DIR "/rules";
    options.local_rules_dir.reset();
    engine_ = Engine::create(options).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    fs::remove_all(home_);
  }
  void SetUp() override {
    config_.version = "test";
    config_.token = token;
    add_all_routes(router_);
    context_.engine = engine_;
    context_.config = &config_;
    context_.router = &router_;
  }
  Response send(std::string method, std::string target, std::string body = {},
                std::string type = "application/json") {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers = {{"Host", "127.0.0.1:7878"}, {"Authorization", std::string("Bearer ") + token}};
    if (!type.empty()) r.headers.emplace_back("Content-Type", type);
    return serve(std::move(r), context_);
  }

  static inline fs::path home_;
  static inline Engine* engine_ = nullptr;
  ServiceConfig config_;
  Router router_;
  Context context_;
};

}  // namespace

TEST_F(StoreRoutes, IngestWaitingAndThread) {
  json batch = {{"messages",
                 {{{"raw", raw("q1@client.example", "Jo <jo@client.example>",
                               "Mon, 2 Mar 2026 10:00:00 +0100", "Livraison",
                               "Bonjour,\n\nPourriez-vous me confirmer la date de livraison ?")}},
                  {{"raw", raw("r1@office.example", "Me <me@office.example>",
                               "Mon, 2 Mar 2026 11:00:00 +0100", "Re: Livraison",
                               "Bonjour,\n\nLa livraison est prévue jeudi.", "q1@client.example")}},
                  {{"raw", raw("q2@client.example", "Jo <jo@client.example>",
                               "Tue, 3 Mar 2026 09:00:00 +0100", "Re: Livraison",
                               "Et la facture, pouvez-vous me l'envoyer ?", "r1@office.example")}},
                  {{"raw", ""}},
                  {{"nothing", 1}},
                  {{"raw", raw("other@client.example", "Al <al@client.example>",
                               "Tue, 3 Mar 2026 08:00:00 +0100", "Devis",
                               "Pouvez-vous m'envoyer un devis ?")}}}},
                {"me", {"me@office.example"}}};
  auto res = send("POST", "/v1/messages", batch.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse(res.body);
  EXPECT_EQ(doc["stored"], 4);
  EXPECT_EQ(doc["errors"], 2);
  ASSERT_EQ(doc["results"].size(), 6u);
  EXPECT_EQ(doc["results"][0]["status"], "stored");
  EXPECT_EQ(doc["results"][0]["thread"], "q1@client.example");
  EXPECT_EQ(doc["results"][2]["thread"], "q1@client.example");
  EXPECT_EQ(doc["results"][3]["status"], "error");
  EXPECT_NE(doc["results"][4]["error"].get<std::string>().find("item 4"), std::string::npos);
  EXPECT_EQ(doc["results"][5]["status"], "stored");

  // Sending it again: duplicates, nothing stored twice.
  res = send("POST", "/v1/messages", batch.dump());
  doc = json::parse(res.body);
  EXPECT_EQ(doc["stored"], 0);
  EXPECT_EQ(doc["duplicates"], 4);

  // Tuesday 12:00: "Devis" (first response, since 08:00, due Wednesday 09:30) and "Livraison"
  // (follow-up since 09:00) both wait on us; Devis is due first.
  res = send("GET", "/v1/waiting?now=2026-03-03T12:00:00%2B01:00", "", "");
  ASSERT_EQ(res.status, 200) << res.body;
  doc = json::parse(res.body);
  ASSERT_EQ(doc["threads"].size(), 2u) << res.body;
  EXPECT_EQ(doc["threads"][0]["thread"], "other@client.example");
  EXPECT_EQ(doc["threads"][0]["waiting"]["kind"], "first_response");
  EXPECT_EQ(doc["threads"][1]["thread"], "q1@client.example");
  EXPECT_EQ(doc["threads"][1]["waiting"]["kind"], "follow_up");
  EXPECT_EQ(doc["threads"][1]["waiting"]["since"], "2026-03-03T09:00:00+01:00");
  EXPECT_FALSE(doc["threads"][1]["waiting"]["reason"].get<std::string>().empty());

  res = send("GET", "/v1/threads/r1@office.example?now=2026-03-03T12:00:00%2B01:00", "", "");
  ASSERT_EQ(res.status, 200) << res.body;
  doc = json::parse(res.body);
  EXPECT_EQ(doc["thread"], "q1@client.example");
  ASSERT_EQ(doc["messages"].size(), 3u);
  EXPECT_EQ(doc["messages"][1]["direction"], "out");
  EXPECT_EQ(doc["waiting"]["on"], "us");

  res = send("GET", "/v1/threads/nobody@nowhere", "", "");
  EXPECT_EQ(res.status, 404) << res.body;
  res = send("GET", "/v1/waiting?now=yesterday", "", "");
  EXPECT_EQ(res.status, 400) << res.body;
  res = send("GET", "/v1/waiting?limit=0", "", "");
  EXPECT_EQ(res.status, 400) << res.body;
}

TEST_F(StoreRoutes, OneRawMessageAndBadBodies) {
  auto res = send("POST", "/v1/messages",
                  raw("single@client.example", "Jo <jo@client.example>",
                      "Mon, 2 Mar 2026 10:00:00 +0100", "Seul", "Une question ?"),
                  "message/rfc822");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body)["stored"], 1);
  EXPECT_EQ(send("POST", "/v1/messages", "{not json").status, 400);
  EXPECT_EQ(send("POST", "/v1/messages", "{\"messages\": 3}").status, 400);
  EXPECT_EQ(send("POST", "/v1/messages", "x", "text/plain").status, 415);
}

// "@office.example" names the whole domain, as --me does: a colleague's reply is ours.
TEST_F(StoreRoutes, MeAsADomainCoversEveryColleague) {
  json batch = {
      {"messages",
       {{{"raw",
          raw("dq1@client.example", "Lea <lea@client.example>", "Mon, 2 Mar 2026 10:00:00 +0100",
              "Pose", "Bonjour,\n\nPouvez-vous confirmer la pose jeudi ?")}},
        {{"raw", raw("dr1@office.example", "Ann <ann@office.example>",
                     "Mon, 2 Mar 2026 11:00:00 +0100", "Re: Pose",
                     "Bonjour,\n\nOui, la pose est confirmée jeudi.", "dq1@client.example")}}}},
      {"me", {"@office.example"}}};
  auto res = send("POST", "/v1/messages", batch.dump());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body)["stored"], 2);
  res = send("GET", "/v1/threads/dq1@client.example?now=2026-03-02T12:00:00%2B01:00", "", "");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse(res.body);
  ASSERT_EQ(doc["messages"].size(), 2u);
  EXPECT_EQ(doc["messages"][0]["direction"], "in");
  EXPECT_EQ(doc["messages"][1]["direction"], "out");
  EXPECT_NE(doc["waiting"]["on"], "us") << res.body;
}
