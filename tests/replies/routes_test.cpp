// The service routes of the replies area, called through serve() without sockets: the
// extension's request shapes, and clear errors for bad ones.
#include <gtest/gtest.h>

#include "courtois/server/http.hpp"
#include "courtois/server/metrics.hpp"
#include "replies_test_util.hpp"

namespace courtois::server {
namespace {

using nlohmann::json;
constexpr const char* kToken = "replies-test-token";

struct RepliesRoutes : ::testing::Test {
  void SetUp() override {
    config_.version = "test";
    config_.token = kToken;
    add_all_routes(router_);
    context_.engine = &replies::testing::engine_for({"contact@atelier-lumen.fr"});
    context_.metrics = &metrics_;
    context_.config = &config_;
    context_.router = &router_;
  }
  Response post(const std::string& path, const json& body) {
    Request r;
    r.method = "POST";
    r.target = path;
    r.body = body.dump();
    r.headers = {{"Host", "127.0.0.1:7878"},
                 {"Authorization", std::string("Bearer ") + kToken},
                 {"Content-Type", "application/json"}};
    return serve(std::move(r), context_);
  }
  static json parse(const Response& r) {
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  Router router_;
  Metrics metrics_;
  ServiceConfig config_;
  Context context_;
};

const char* kRaw =
    "From: Claire Martin <claire@exemple.fr>\r\n"
    "To: Atelier <contact@atelier-lumen.fr>\r\n"
    "Subject: Commande 4512\r\n"
    "Date: Thu, 05 Mar 2026 09:00:00 +0100\r\n"
    "Message-ID: <c1@exemple.fr>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "C'est INADMISSIBLE, je vous ai déjà relancé deux fois ! Où en est ma commande ?\r\n";

TEST_F(RepliesRoutes, ReplySuggestionsTakeTheExtensionsRequest) {
  auto res = post("/v1/reply-suggestions", {{"message", kRaw},
                                            {"thread", json::array()},
                                            {"style", "firm"},
                                            {"lang", "auto"},
                                            {"me", json::array()}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = parse(res);
  EXPECT_EQ(j["lang"], "fr");
  ASSERT_EQ(j["drafts"].size(), 1u);
  const auto& d = j["drafts"][0];
  EXPECT_EQ(d["style"], "firm");
  EXPECT_EQ(d["subject"], "Re: Commande 4512");
  EXPECT_EQ(d["tone"]["label"], "calm");
  ASSERT_FALSE(d["open_questions"].empty());
  // "Où en est ma commande ?" is a recurring question of rules/faq/faq.json.
  EXPECT_FALSE(d["open_questions"][0]["placeholder"].get<bool>());
  EXPECT_EQ(d["open_questions"][0]["faq"], "order-tracking");
  EXPECT_NE(d["body"].get<std::string>().find("numéro de suivi"), std::string::npos);
}

TEST_F(RepliesRoutes, ReplySuggestionsAllStylesFromATextMessage) {
  auto res =
      post("/v1/reply-suggestions", {{"message",
                                      {{"text", "Where is my refund? This is unacceptable."},
                                       {"date", "2026-03-05T09:00:00+00:00"},
                                       {"from", "John Carter <john@example.com>"}}},
                                     {"absent_until", "2026-03-16"},
                                     {"backup", "Olivia Reed <olivia@northwind-studio.com>"}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = parse(res);
  EXPECT_EQ(j["lang"], "en");
  ASSERT_EQ(j["drafts"].size(), 3u);
  for (const auto& d : j["drafts"]) {
    EXPECT_TRUE(d["absence"].get<bool>());
    EXPECT_NE(d["body"].get<std::string>().find("Olivia Reed"), std::string::npos);
  }
}

TEST_F(RepliesRoutes, CheckDraftTakesTheExtensionsRequest) {
  auto res = post("/v1/check-draft",
                  {{"draft", "C'est RIDICULE !!!"}, {"reply_to", kRaw}, {"lang", "fr"}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = parse(res);
  EXPECT_FALSE(j["ok"].get<bool>());
  std::set<std::string> kinds;
  for (const auto& i : j["issues"]) kinds.insert(i["kind"].get<std::string>());
  EXPECT_TRUE(kinds.count("shouting")) << res.body;
  EXPECT_TRUE(kinds.count("unanswered_question")) << res.body;
  res = post("/v1/check-draft",
             {{"draft", "Bonjour,\n\nMerci pour votre message.\n"}, {"reply_to", nullptr}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_TRUE(parse(res)["ok"].get<bool>()) << res.body;
}

// The names of the draft's attachments (the extension sends the compose window's): a request
// for a document is answered by the file.
TEST_F(RepliesRoutes, CheckDraftTakesTheDraftsAttachments) {
  const std::string client =
      "From: Claire Martin <claire@exemple.fr>\r\nTo: Atelier <contact@atelier-lumen.fr>\r\n"
      "Subject: Facture\r\nDate: Thu, 05 Mar 2026 09:00:00 +0100\r\nMessage-ID: "
      "<f4512@exemple.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPourriez-vous "
      "m'envoyer la facture de la commande 4512 ?\r\n";
  json body = {{"draft", "Bonjour,\n\nLa voici en pièce jointe.\n"},
               {"reply_to", client},
               {"attachments", {"Facture-4512.pdf"}}};
  auto res = post("/v1/check-draft", body);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_TRUE(parse(res)["ok"].get<bool>()) << res.body;
  body.erase("attachments");
  res = post("/v1/check-draft", body);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_FALSE(parse(res)["ok"].get<bool>()) << res.body;
  body["attachments"] = 5;
  res = post("/v1/check-draft", body);
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(parse(res)["error"]["code"], "invalid_field");
}

TEST_F(RepliesRoutes, BadRequestsGetAnErrorThatSaysWhatIsWrong) {
  struct Case {
    const char* path;
    json body;
    int status;
    const char* code;
  };
  for (const auto& c : std::vector<Case>{
           {"/v1/reply-suggestions", json::object(), 400, "missing_field"},
           {"/v1/reply-suggestions", {{"message", 42}}, 400, "invalid_field"},
           {"/v1/reply-suggestions", {{"message", kRaw}, {"style", "rude"}}, 400, "invalid_field"},
           {"/v1/reply-suggestions",
            {{"message", kRaw}, {"new_date", "soon"}},
            400,
            "invalid_field"},
           {"/v1/reply-suggestions", {{"message", kRaw}, {"thread", "x"}}, 400, "invalid_field"},
           {"/v1/check-draft", json::object(), 400, "missing_field"},
           {"/v1/check-draft", {{"draft", "x"}, {"reply_to", {{"text", 1}}}}, 400, "invalid_field"},
       }) {
    auto res = post(c.path, c.body);
    EXPECT_EQ(res.status, c.status) << c.body.dump() << " " << res.body;
    auto j = parse(res);
    EXPECT_EQ(j["error"]["code"], c.code) << res.body;
    EXPECT_GT(j["error"]["message"].get<std::string>().size(), 15u);
  }
  Request r;
  r.method = "POST";
  r.target = "/v1/check-draft";
  r.body = "{not json";
  r.headers = {{"Host", "127.0.0.1"}, {"Authorization", std::string("Bearer ") + kToken}};
  EXPECT_EQ(serve(r, context_).status, 400);
}

TEST_F(RepliesRoutes, TheRoutesNeedTheToken) {
  Request r;
  r.method = "POST";
  r.target = "/v1/check-draft";
  r.body = R"({"draft": "x"})";
  r.headers = {{"Host", "127.0.0.1"}};
  EXPECT_EQ(serve(r, context_).status, 401);
}

}  // namespace
}  // namespace courtois::server
