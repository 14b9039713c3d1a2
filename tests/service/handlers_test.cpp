// The service's request pipeline, without sockets: every check a request goes through (Host,
// origin, token, routing) and every core route, with the real engine and rules.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/server/http.hpp"
#include "courtois/server/metrics.hpp"
#include "courtois/server/server.hpp"

namespace courtois::server {
namespace {

using nlohmann::json;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

constexpr const char* kClientMessage =
    R"(From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_Roux?= <helene.roux@client.example>
To: Marc Dubois <marc@atelier.example>
Subject: =?UTF-8?Q?Retard_de_livraison_=E2=80=93_commande_4411?=
Date: Mon, 2 Mar 2026 10:12:00 +0100
Message-ID: <c4411.1@client.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour Marc,

Nous attendons toujours la livraison prévue la semaine dernière. Pouvez-vous me
dire quand elle arrivera ? Merci de me faire parvenir le bon de livraison d'ici
vendredi.

Cordialement,
Hélène Roux
)";

class Handlers : public ::testing::Test {
 protected:
  // The engine compiles every rule: only the tests that analyse or list plugins pay for it.
  void use_engine() {
    if (!engine_) {
      EngineOptions options;
      options.local_rules_dir.reset();
      engine_ = Engine::create(options).release();
    }
    context_.engine = engine_;
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }

  void SetUp() override {
    config_.version = "test";
    config_.token = kToken;
    config_.token_path = "/home/someone/.config/courtois/token";
    add_all_routes(router_);
    context_.metrics = &metrics_;
    context_.config = &config_;
    context_.router = &router_;
  }

  static Request request(std::string method, std::string target, std::string body = {},
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers = {{"Host", "127.0.0.1:7878"}, {"Authorization", std::string("Bearer ") + kToken}};
    for (auto& [name, value] : headers) {
      bool replaced = false;
      for (auto& [n, v] : r.headers)
        if (n == name) {
          v = value;
          replaced = true;
        }
      if (!replaced) r.headers.emplace_back(name, value);
    }
    return r;
  }
  static Request without(Request r, std::string_view header) {
    std::erase_if(r.headers, [&](const auto& h) { return h.first == header; });
    return r;
  }

  Response send(Request r) { return serve(std::move(r), context_); }

  // An error response: the status, JSON {"error": {"code", "message"}}, the code.
  static void expect_error(const Response& res, int status, std::string_view code) {
    EXPECT_EQ(res.status, status) << res.body;
    EXPECT_EQ(res.content_type, "application/json");
    auto doc = json::parse(res.body, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << res.body;
    ASSERT_TRUE(doc.contains("error")) << res.body;
    EXPECT_EQ(doc["error"]["code"], code) << res.body;
    ASSERT_TRUE(doc["error"]["message"].is_string());
    EXPECT_GT(doc["error"]["message"].get<std::string>().size(), 20u) << res.body;
  }

  static json body_json(const Response& res) {
    auto doc = json::parse(res.body, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << res.body;
    return doc;
  }

  static Engine* engine_;
  ServiceConfig config_;
  Metrics metrics_;
  Router router_;
  Context context_;
};

Engine* Handlers::engine_ = nullptr;

TEST_F(Handlers, HealthNeedsNoTokenAndListsPlugins) {
  use_engine();
  auto res = send(without(request("GET", "/v1/health"), "Authorization"));
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = body_json(res);
  EXPECT_EQ(doc["version"], "test");
  EXPECT_TRUE(doc["status"] == "ok" || doc["status"] == "degraded");
  ASSERT_TRUE(doc["plugins"].is_array());
  EXPECT_EQ(doc["plugins"].size(), engine_->status().size());
  for (const auto& p : doc["plugins"]) {
    EXPECT_TRUE(p["name"].is_string());
    EXPECT_TRUE(p["enabled"].is_boolean());
  }
}

TEST_F(Handlers, MissingTokenSaysWhereTheTokenIs) {
  auto res = send(without(request("POST", "/v1/analyze", kClientMessage), "Authorization"));
  expect_error(res, 401, "missing_token");
  EXPECT_NE(res.body.find("/home/someone/.config/courtois/token"), std::string::npos);
  EXPECT_NE(res.body.find("courtoisd --print-token"), std::string::npos);
  EXPECT_EQ(res.header("WWW-Authenticate").value_or(""), "Bearer realm=\"courtois\"");
}

TEST_F(Handlers, WrongTokensAreRefused) {
  std::string almost = kToken;
  almost.back() = '0';
  for (std::string value : {std::string("Bearer ") + almost, std::string("Bearer ") + kToken + "0",
                            std::string("Bearer"), std::string("Basic ") + kToken,
                            std::string("Bearer ") + std::string(kToken).substr(0, 10)}) {
    auto res = send(request("GET", "/metrics", "", {{"Authorization", value}}));
    EXPECT_EQ(res.status, 401) << value;
    expect_error(res, 401, value.rfind("Bearer ", 0) == 0 ? "invalid_token" : "missing_token");
  }
  // The scheme is case-insensitive (RFC 7235).
  EXPECT_EQ(
      send(request("GET", "/metrics", "", {{"Authorization", std::string("bearer ") + kToken}}))
          .status,
      200);
}

TEST_F(Handlers, EveryRouteButHealthNeedsTheToken) {
  for (const auto& route : router_.routes()) {
    auto target = std::regex_replace(route.pattern, std::regex(R"(\{[^}]+\})"), "x");
    auto res = send(without(request(route.method, target, "{}"), "Authorization"));
    if (route.pattern == "/v1/health")
      EXPECT_NE(res.status, 401);
    else
      EXPECT_EQ(res.status, 401) << route.method << " " << route.pattern;
  }
}

TEST(TokenCompare, ConstantTimeComparisonIsStillAComparison) {
  EXPECT_TRUE(token_matches("secret-token-1234", "secret-token-1234"));
  EXPECT_FALSE(token_matches("secret-token-1234", "secret-token-1235"));
  EXPECT_FALSE(token_matches("secret-token-1234", "secret-token-123"));
  EXPECT_FALSE(token_matches("secret-token-1234", "secret-token-12345"));
  EXPECT_FALSE(token_matches("secret-token-1234", ""));
  EXPECT_FALSE(token_matches("", ""));  // a service without a token accepts no one
}

TEST(HostCheck, LoopbackNamesOnly) {
  for (const char* ok : {"localhost", "localhost:7878", "LOCALHOST:7878", "localhost.", "127.0.0.1",
                         "127.0.0.1:7878", "127.1.2.3:80", "[::1]", "[::1]:7878",
                         "[::ffff:127.0.0.1]:7878", " 127.0.0.1:7878 "})
    EXPECT_TRUE(is_loopback_host(ok)) << ok;
  for (const char* bad :
       {"", "evil.example", "evil.example:7878", "localhost.evil.example", "127.0.0.1.evil.example",
        "128.0.0.1", "127.0.0.256", "127.0.0", "[::2]", "[::1", "localhost:", "localhost:80a",
        "localhost:123456", "0.0.0.0:7878", "10.0.0.1"})
    EXPECT_FALSE(is_loopback_host(bad)) << bad;
  EXPECT_TRUE(is_loopback_host("mail-box.lan:7878", {"mail-box.lan"}));
}

TEST_F(Handlers, ForeignHostIsMisdirectedEvenForHealth) {
  auto res = send(request("GET", "/v1/health", "", {{"Host", "attacker.example:7878"}}));
  expect_error(res, 421, "host_not_allowed");
  EXPECT_NE(res.body.find("attacker.example"), std::string::npos);
  expect_error(send(without(request("GET", "/v1/health"), "Host")), 400, "missing_host");

  config_.allowed_hosts = {"mail-box.lan"};
  EXPECT_EQ(send(request("GET", "/v1/health", "", {{"Host", "mail-box.lan:7878"}})).status, 200);
}

TEST_F(Handlers, CorsOnlyForTheExtension) {
  const std::string extension = "moz-extension://8b2c1d3e-0f4a-4b5c-9d6e-7f8a9b0c1d2e";
  auto res = send(request("GET", "/v1/health", "", {{"Origin", extension}}));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin").value_or(""), extension);
  EXPECT_EQ(res.header("Vary").value_or(""), "Origin");

  // Errors carry the CORS header too, so that the extension can show their message.
  res =
      send(without(request("POST", "/v1/analyze", "x", {{"Origin", extension}}), "Authorization"));
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin").value_or(""), extension);

  for (const char* other : {"https://evil.example", "null", "http://127.0.0.1:7878",
                            "moz-extension://", "moz-extension://x/y", "chrome-extension://abc"}) {
    res = send(request("POST", "/v1/analyze", kClientMessage, {{"Origin", other}}));
    expect_error(res, 403, "origin_not_allowed");
    EXPECT_FALSE(res.header("Access-Control-Allow-Origin")) << other;
  }
}

TEST_F(Handlers, PreflightAnsweredForTheExtensionOnly) {
  const std::string extension = "moz-extension://8b2c1d3e-0f4a-4b5c-9d6e-7f8a9b0c1d2e";
  auto preflight =
      without(request("OPTIONS", "/v1/analyze", "",
                      {{"Origin", extension},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "authorization,content-type"}}),
              "Authorization");
  auto res = send(preflight);
  EXPECT_EQ(res.status, 204);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.header("Access-Control-Allow-Origin").value_or(""), extension);
  EXPECT_NE(res.header("Access-Control-Allow-Methods").value_or("").find("POST"),
            std::string::npos);
  auto allowed_headers = std::string(res.header("Access-Control-Allow-Headers").value_or(""));
  EXPECT_NE(allowed_headers.find("Authorization"), std::string::npos);
  EXPECT_NE(allowed_headers.find("Content-Type"), std::string::npos);

  for (auto& [name, value] : preflight.headers)
    if (name == "Origin") value = "https://evil.example";
  expect_error(send(preflight), 403, "origin_not_allowed");

  expect_error(send(request("OPTIONS", "/v1/nothing-here", "", {{"Origin", extension}})), 404,
               "not_found");
}

TEST_F(Handlers, UnknownRoutesAndMethodsAreExplained) {
  auto res = send(request("GET", "/v1/nothing-here"));
  expect_error(res, 404, "not_found");
  EXPECT_NE(res.body.find("/v1/openapi.json"), std::string::npos);
  res = send(request("GET", "/v1/analyze"));
  expect_error(res, 405, "method_not_allowed");
  EXPECT_EQ(res.header("Allow").value_or(""), "POST");
  expect_error(send(request("GET", "http://127.0.0.1/v1/health")), 400, "bad_target");
}

TEST_F(Handlers, AnalyzeRawMessagePrintsWhatTheCliPrints) {
  use_engine();
  auto res =
      send(request("POST", "/v1/analyze", kClientMessage, {{"Content-Type", "message/rfc822"}}));
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = body_json(res);

  auto message = Message::from_raw(kClientMessage);
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(doc, to_json(engine_->analyse(*message)));

  EXPECT_EQ(doc["id"], "c4411.1@client.example");
  EXPECT_EQ(doc["subject"], "Retard de livraison – commande 4411");
  EXPECT_EQ(doc["from"]["name"], "Hélène Roux");
  EXPECT_EQ(doc["from"]["address"], "helene.roux@client.example");
  EXPECT_EQ(doc["date"], "2026-03-02T10:12:00+01:00");
  EXPECT_EQ(doc["lang"], "fr");
  EXPECT_EQ(doc["direction"], "in");
  EXPECT_EQ(doc["auto"], false);
  EXPECT_NE(doc["text"].get<std::string>().find("Pouvez-vous me"), std::string::npos);
  for (const char* field : {"questions", "dates", "deadline_changes", "commitments", "skipped"})
    EXPECT_TRUE(doc[field].is_array()) << field;
  EXPECT_TRUE(doc["tone"]["label"].is_string());
  EXPECT_EQ(metrics_.messages_analysed(), 1u);
}

TEST_F(Handlers, AnalyzeJsonRawAndSniffedBodiesAreTheSameMessage) {
  use_engine();
  auto direct =
      send(request("POST", "/v1/analyze", kClientMessage, {{"Content-Type", "message/rfc822"}}));
  auto wrapped = send(request("POST", "/v1/analyze", json{{"raw", kClientMessage}}.dump(),
                              {{"Content-Type", "application/json; charset=utf-8"}}));
  auto sniffed = send(request("POST", "/v1/analyze", kClientMessage));
  ASSERT_EQ(direct.status, 200);
  EXPECT_EQ(wrapped.status, 200) << wrapped.body;
  EXPECT_EQ(direct.body, wrapped.body);
  EXPECT_EQ(direct.body, sniffed.body);
}

// The connection lends the storage of its last answer to the next request: the answer is
// written into it from scratch, whatever it held.
TEST_F(Handlers, AnalyzeWritesIntoLentStorageFromScratch) {
  use_engine();
  auto fresh =
      send(request("POST", "/v1/analyze", kClientMessage, {{"Content-Type", "message/rfc822"}}));
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  Request lent =
      request("POST", "/v1/analyze", kClientMessage, {{"Content-Type", "message/rfc822"}});
  lent.reply_storage = std::string(50000, 'x') + "{\"stale\": true}";
  const auto capacity = lent.reply_storage.capacity();
  auto reused = send(std::move(lent));
  ASSERT_EQ(reused.status, 200);
  EXPECT_EQ(reused.body, fresh.body);
  EXPECT_GE(reused.body.capacity(), capacity);  // the lent storage itself
}

TEST_F(Handlers, AnalyzeTextRecordLikeTextJsonl) {
  use_engine();
  json record = {{"id", "42"},
                 {"text", "Could you send me the signed contract by Friday? Thanks."},
                 {"date", "2026-03-02T10:12:00+01:00"},
                 {"lang", "en"},
                 {"from", "Ann Lee <ann@client.example>"},
                 {"subject", "Contract"}};
  auto res =
      send(request("POST", "/v1/analyze", record.dump(), {{"Content-Type", "application/json"}}));
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = body_json(res);
  EXPECT_EQ(doc["id"], "42");
  EXPECT_EQ(doc["text"], record["text"]);
  EXPECT_EQ(doc["date"], "2026-03-02T10:12:00+01:00");
  EXPECT_EQ(doc["lang"], "en");
  EXPECT_EQ(doc["from"]["name"], "Ann Lee");
  EXPECT_EQ(doc["from"]["address"], "ann@client.example");
  EXPECT_EQ(doc["subject"], "Contract");

  // Without a date the analysis still runs and says what it could not do.
  record.erase("date");
  record["id"] = 7;
  res = send(request("POST", "/v1/analyze", record.dump(), {{"Content-Type", "application/json"}}));
  ASSERT_EQ(res.status, 200) << res.body;
  doc = body_json(res);
  EXPECT_EQ(doc["id"], "7");
  EXPECT_EQ(doc["date"], nullptr);
  EXPECT_FALSE(doc["skipped"].empty());
}

TEST_F(Handlers, AnalyzeMeMakesAMessageOutgoing) {
  use_engine();
  auto res = send(request("POST", "/v1/analyze?me=Helene.Roux%40client.example&me=x%40y.z",
                          kClientMessage, {{"Content-Type", "message/rfc822"}}));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(body_json(res)["direction"], "out");
  res = send(request("POST", "/v1/analyze?me=marc%40atelier.example", kClientMessage,
                     {{"Content-Type", "message/rfc822"}}));
  EXPECT_EQ(body_json(res)["direction"], "in");
  // "@domain" names a whole domain, as --me does.
  res = send(request("POST", "/v1/analyze?me=%40client.example", kClientMessage,
                     {{"Content-Type", "message/rfc822"}}));
  EXPECT_EQ(body_json(res)["direction"], "out");
  res = send(request("POST", "/v1/analyze?me=%40other.example", kClientMessage,
                     {{"Content-Type", "message/rfc822"}}));
  EXPECT_EQ(body_json(res)["direction"], "in");
}

TEST_F(Handlers, AnalyzeBadInputNamesTheProblem) {
  use_engine();
  auto json_request = [&](std::string body) {
    return send(
        request("POST", "/v1/analyze", std::move(body), {{"Content-Type", "application/json"}}));
  };
  expect_error(json_request("{\"text\": "), 400, "invalid_json");
  expect_error(json_request("[1, 2]"), 400, "invalid_json");
  expect_error(json_request("{\"subject\": \"hi\"}"), 400, "missing_field");
  expect_error(json_request("{\"text\": 5}"), 400, "invalid_field");
  expect_error(json_request("{\"raw\": 5}"), 400, "invalid_field");
  auto res = json_request(R"({"text": "hello", "date": "next tuesday"})");
  expect_error(res, 400, "invalid_field");
  EXPECT_NE(res.body.find("date"), std::string::npos);
  EXPECT_NE(res.body.find("next tuesday"), std::string::npos);
  res = json_request(R"({"text": "hello", "lang": "de"})");
  expect_error(res, 400, "invalid_field");
  EXPECT_NE(res.body.find("lang"), std::string::npos);
  expect_error(json_request(R"({"text": "hello", "from": 12})"), 400, "invalid_field");

  expect_error(send(request("POST", "/v1/analyze", "", {{"Content-Type", "message/rfc822"}})), 400,
               "empty_message");
  res = send(request("POST", "/v1/analyze", "<html></html>", {{"Content-Type", "text/html"}}));
  expect_error(res, 415, "unsupported_media_type");
  EXPECT_NE(res.body.find("message/rfc822"), std::string::npos);
}

TEST_F(Handlers, BinaryGarbageIsAnalysedAsFarAsSafeOrRefusedCleanly) {
  use_engine();
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
  for (const std::string& body : {garbage, std::string(1000, '\0'), std::string("\xff\xfe\r\n\r\n"),
                                  std::string("Subject: truncated =?UTF-8?B?w6")}) {
    auto res = send(request("POST", "/v1/analyze", body, {{"Content-Type", "message/rfc822"}}));
    ASSERT_TRUE(res.status == 200 || res.status == 422) << res.status << " " << res.body;
    auto doc = body_json(res);
    if (res.status == 422)
      expect_error(res, 422, "unreadable_message");
    else
      EXPECT_TRUE(doc["skipped"].is_array());
  }
}

TEST_F(Handlers, HandlerExceptionsBecomeJson500) {
  add_route(router_, "GET", "/v1/boom",
            [](const Request&, Context&) -> Response { throw std::runtime_error("disk on fire"); });
  auto res = send(request("GET", "/v1/boom"));
  expect_error(res, 500, "internal");
  EXPECT_NE(res.body.find("disk on fire"), std::string::npos);
}

TEST_F(Handlers, RoutesTakePathParameters) {
  add_route(router_, "GET", "/v1/test/{id}/params", [](const Request& r, Context&) {
    return json_response(200, {{"id", r.params.at("id")}, {"q", r.query_params("x")}});
  });
  auto res = send(request("GET", "/v1/test/%3Cabc%40host%3E/params?x=1&x=a+b"));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(body_json(res)["id"], "<abc@host>");
  EXPECT_EQ(body_json(res)["q"], json({"1", "a b"}));
  EXPECT_EQ(send(request("GET", "/v1/test//params")).status, 404);
  EXPECT_EQ(send(request("GET", "/v1/test/a/b/params")).status, 404);

  auto noop = [](const Request&, Context&) { return Response{}; };
  EXPECT_THROW(add_route(router_, "GET", "/v1/test/{id}/params", noop), std::invalid_argument);
  EXPECT_THROW(add_route(router_, "GET", "/v1/bad{id}", noop), std::invalid_argument);
  EXPECT_THROW(add_route(router_, "GET", "v1/relative", noop), std::invalid_argument);
}

TEST_F(Handlers, OpenApiDocumentsEveryRoute) {
  auto res = send(request("GET", "/v1/openapi.json"));
  ASSERT_EQ(res.status, 200);
  auto doc = body_json(res);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1", 0), 0u);
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
  for (const auto& route : router_.routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(doc["paths"].contains(route.pattern) &&
                doc["paths"][route.pattern].contains(method))
        << route.method << " " << route.pattern << " is not in docs/openapi.json";
  }
  // The embedded copy is docs/openapi.json itself.
  std::ifstream file(COURTOIS_SOURCE_DIR "/docs/openapi.json");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(json::parse(text.str()), doc);
}

TEST_F(Handlers, OpenApiAnalysedMessageSchemaMatchesTheOutput) {
  use_engine();
  auto schema = body_json(send(request("GET", "/v1/openapi.json")))["components"]["schemas"];
  auto analysed = body_json(send(request("POST", "/v1/analyze", kClientMessage)));
  const auto& message_schema = schema["AnalysedMessage"];
  for (const auto& field : message_schema["required"])
    EXPECT_TRUE(analysed.contains(field.get<std::string>())) << field;
  for (const auto& [field, value] : analysed.items())
    EXPECT_TRUE(message_schema["properties"].contains(field))
        << "output field " << field << " is not documented in docs/openapi.json";
  for (const char* field : {"label", "hostility", "politeness", "signals"})
    EXPECT_TRUE(analysed["tone"].contains(field)) << field;
}

TEST_F(Handlers, MetricsCountRequestsInPrometheusFormat) {
  use_engine();
  send(request("POST", "/v1/analyze", kClientMessage));
  send(without(request("POST", "/v1/analyze", kClientMessage), "Authorization"));
  send(request("GET", "/v1/nothing"));
  send(request("POST", "/v1/analyze", "{\"raw\": \"\"}", {{"Content-Type", "application/json"}}));
  auto res = send(request("GET", "/metrics"));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.content_type, "text/plain; version=0.0.4; charset=utf-8");
  const auto& text = res.body;
  EXPECT_NE(text.find("courtois_http_requests_total{method=\"POST\",route=\"/v1/analyze\","
                      "status=\"200\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"401\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("courtois_messages_analysed_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("courtois_http_requests_in_flight 1\n"), std::string::npos);  // this one
  EXPECT_NE(text.find("# TYPE courtois_http_request_duration_seconds histogram"),
            std::string::npos);

  // Every sample line is well-formed, and each histogram is cumulative and ends at its count.
  std::regex sample(R"(^([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+$)");
  std::istringstream lines(text);
  std::string line;
  std::map<std::string, std::uint64_t> last_bucket;
  std::set<std::string> typed;
  while (std::getline(lines, line)) {
    if (line.rfind("# TYPE ", 0) == 0) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, sample)) << line;
    auto name = m[1].str();
    auto base = std::regex_replace(name, std::regex("_(bucket|sum|count)$"), "");
    EXPECT_TRUE(typed.count(name) || typed.count(base)) << "no # TYPE for " << line;
    if (name.ends_with("_bucket")) {
      auto route = line.substr(0, line.find(",le="));
      auto value = std::stoull(line.substr(line.rfind(' ') + 1));
      EXPECT_GE(value, last_bucket[route]) << line;
      last_bucket[route] = value;
    }
  }
  EXPECT_FALSE(last_bucket.empty());
}

TEST(ServerOptionsParsing, ReadsEveryOptionAndNamesMistakes) {
  auto o = parse_server_args({"--port", "0", "--listen=::1", "--max-body", "60M", "--threads", "3",
                              "--read-timeout", "0.5", "--me", "a@b.c", "--me", "d@e.f",
                              "--allow-host", "box.lan", "--no-local-rules"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->port, 0);
  EXPECT_EQ(o->listen, "::1");
  EXPECT_EQ(o->max_body, 60u << 20);
  EXPECT_EQ(o->threads, 3u);
  EXPECT_EQ(o->read_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(o->me, (std::vector<std::string>{"a@b.c", "d@e.f"}));
  EXPECT_EQ(o->allowed_hosts, std::vector<std::string>{"box.lan"});
  EXPECT_TRUE(o->no_local_rules);

  auto defaults = parse_server_args({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->listen, "127.0.0.1");
  EXPECT_EQ(defaults->port, 7878);
  EXPECT_EQ(defaults->max_body, 25u << 20);

  for (auto [args, named] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--port", "70000"}, "--port"},
           {{"--port"}, "--port"},
           {{"--max-body", "lots"}, "--max-body"},
           {{"--threads", "0"}, "--threads"},
           {{"--read-timeout", "-1"}, "--read-timeout"},
           {{"--frobnicate"}, "--frobnicate"},
           {{"--quiet=yes"}, "--quiet"}}) {
    auto bad = parse_server_args(args);
    ASSERT_FALSE(bad.ok()) << args[0];
    EXPECT_NE(bad.error().message.find(named), std::string::npos) << bad.error().message;
  }
  EXPECT_NE(server_usage().find("--print-token"), std::string::npos);
}

TEST(Token, CreatedOncePrivateAndReadBack) {
  auto dir = std::filesystem::temp_directory_path() /
             ("courtois-token-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto path = dir / "courtois" / "token";
  auto first = load_or_create_token(path);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(std::regex_match(*first, std::regex("[0-9a-f]{64}")));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(path.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto again = load_or_create_token(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);

  // A token file others can read is made private again.
  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(load_or_create_token(path).ok());
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // A damaged file is reported with its path, not silently replaced.
  std::ofstream(path) << "short\n";
  auto damaged = load_or_create_token(path);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.error().message.find(path.string()), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace courtois::server
