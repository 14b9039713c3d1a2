// The service's own routes: health, analysis of one message, the OpenAPI document, metrics.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>

#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/server/http.hpp"
#include "courtois/server/metrics.hpp"
#include "courtois/text.hpp"

namespace courtois::server {
namespace {

std::string media_type(std::optional<std::string_view> content_type) {
  if (!content_type) return {};
  auto type = content_type->substr(0, content_type->find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front())))
    type.remove_prefix(1);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
    type.remove_suffix(1);
  return to_lower_ascii(type);
}

Response health(const Request&, Context& ctx) {
  nlohmann::json plugins = nlohmann::json::array();
  bool degraded = false;
  if (ctx.engine) {
    for (const auto& p : ctx.engine->status()) {
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& e : p.errors) errors.push_back(e.to_string());
      plugins.push_back({{"name", p.name},
                         {"description", p.description},
                         {"origin", p.origin},
                         {"enabled", p.enabled},
                         {"reason", p.reason},
                         {"errors", errors}});
      degraded = degraded || !p.enabled;
    }
  }
  double uptime = 0;
  std::string version;
  if (ctx.config) {
    uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.config->started)
                 .count();
    version = ctx.config->version;
  }
  return json_response(200, {{"status", degraded ? "degraded" : "ok"},
                             {"version", version},
                             {"uptime_seconds", uptime},
                             {"plugins", plugins}});
}

// "Name <addr@example.org>", "addr@example.org" (read as the CLI reads it) or
// {"name", "address"}.
std::optional<Address> read_address(const nlohmann::json& value) {
  Address a;
  if (value.is_object()) {
    if (auto n = value.find("name"); n != value.end() && n->is_string()) a.name = *n;
    if (auto d = value.find("address"); d != value.end() && d->is_string()) a.address = *d;
    return a;
  }
  if (!value.is_string()) return std::nullopt;
  std::string_view s = value.get_ref<const std::string&>();
  auto lt = s.find('<');
  if (lt != std::string_view::npos && s.find('>', lt) != std::string_view::npos) {
    a.name = std::string(trim(s.substr(0, lt)));
    a.address = std::string(s.substr(lt + 1, s.find('>', lt) - lt - 1));
  } else {
    a.address = std::string(trim(s));
  }
  return a;
}

struct Input {
  std::optional<Message> message;
  std::optional<Response> refusal;
};

Input refuse(int status, std::string_view code, std::string message) {
  return Input{std::nullopt, json_error(status, code, std::move(message))};
}

Input parse_raw(std::string_view bytes, Context& ctx) {
  if (bytes.empty())
    return refuse(400, "empty_message",
                  "the body is empty: send a whole RFC 5322 message with Content-Type: "
                  "message/rfc822, or JSON {\"raw\": ...} or {\"text\": ..., \"date\": ...}");
  auto parsed = Message::from_raw(bytes);
  if (!parsed) {
    if (ctx.metrics) ctx.metrics->parse_failure();
    bool too_large = parsed.error().code == Errc::too_large;
    return refuse(too_large ? 413 : 422, too_large ? "message_too_large" : "unreadable_message",
                  "the message could not be read: " + parsed.error().message);
  }
  return Input{std::move(parsed).value(), std::nullopt};
}

// The JSON forms: {"raw": "<RFC 5322 message>"} or the text-jsonl record of `courtois analyze`:
// {"text", "date", "lang"?, "from"?, "subject"?, "id"?}.
Input parse_json(std::string_view body, Context& ctx) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded())
    return refuse(400, "invalid_json",
                  "the body is not valid JSON; send {\"raw\": \"<whole message>\"} or "
                  "{\"text\": \"...\", \"date\": \"2026-03-02T10:12:00+01:00\"}");
  if (!doc.is_object())
    return refuse(400, "invalid_json", "the JSON body must be an object with \"raw\" or \"text\"");
  if (auto raw = doc.find("raw"); raw != doc.end()) {
    if (!raw->is_string())
      return refuse(400, "invalid_field",
                    "field \"raw\" must be a string holding the whole RFC 5322 message");
    return parse_raw(raw->get_ref<const std::string&>(), ctx);
  }
  auto text = doc.find("text");
  if (text == doc.end())
    return refuse(400, "missing_field",
                  "the JSON body needs \"raw\" (a whole RFC 5322 message) or \"text\" (the new "
                  "text of a message, with \"date\")");
  if (!text->is_string()) return refuse(400, "invalid_field", "field \"text\" must be a string");

  // The same reading as `courtois analyze --input text-jsonl` (cli/inputs.cpp), so that both
  // print the same analysis for the same record.
  auto string_field = [&](const char* name, std::string& out) -> std::optional<Input> {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return std::nullopt;
    if (it->is_number_integer() && std::string_view(name) == "id") {
      out = it->dump();
      return std::nullopt;
    }
    if (!it->is_string())
      return refuse(400, "invalid_field", std::string("field \"") + name + "\" must be a string");
    out = it->get<std::string>();
    return std::nullopt;
  };
  std::string id, date_text, lang, subject;
  for (auto [name, out] : {std::pair{"id", &id}, std::pair{"date", &date_text},
                           std::pair{"lang", &lang}, std::pair{"subject", &subject}})
    if (auto bad = string_field(name, *out)) return std::move(*bad);

  std::optional<ZonedTime> date;
  if (!date_text.empty()) {
    date = ZonedTime::parse_rfc3339(date_text);
    if (!date)
      return refuse(400, "invalid_field",
                    "field \"date\": expected an RFC 3339 time with its offset such as "
                    "2026-03-02T10:12:00+01:00, got \"" +
                        date_text.substr(0, 100) + "\"");
  }
  if (!lang.empty() && lang != "fr" && lang != "en" && lang != "unknown")
    return refuse(400, "invalid_field",
                  "field \"lang\": expected \"fr\", \"en\" or \"unknown\", got \"" +
                      lang.substr(0, 20) + "\"");
  Address from;
  if (auto f = doc.find("from"); f != doc.end() && !f->is_null()) {
    auto parsed = read_address(*f);
    if (!parsed)
      return refuse(400, "invalid_field",
                    "field \"from\" must be \"Name <address>\" or {\"name\", \"address\"}");
    from = *parsed;
  }
  Message m =
      Message::from_text(id, sanitize_utf8(text->get<std::string>()), date, lang, from, subject);
  if (!date) m.skipped.push_back("no date given: relative dates are not resolved");
  return Input{std::move(m), std::nullopt};
}

Response analyze(const Request& req, Context& ctx) {
  if (!ctx.engine) return json_error(503, "no_engine", "the analysis engine is not loaded");
  auto type = media_type(req.header("Content-Type"));
  if (type.empty()) {
    // curl and scripts often omit it: a body that opens with '{' is the JSON form.
    auto first = std::find_if_not(req.body.begin(), req.body.end(),
                                  [](unsigned char c) { return std::isspace(c); });
    type = first != req.body.end() && *first == '{' ? "application/json" : "message/rfc822";
  }
  Input input;
  if (type == "message/rfc822" || type == "application/octet-stream")
    input = parse_raw(req.body, ctx);
  else if (type == "application/json")
    input = parse_json(req.body, ctx);
  else
    return json_error(415, "unsupported_media_type",
                      "Content-Type " + type.substr(0, 100) +
                          " is not accepted: send a raw message as message/rfc822, or JSON as "
                          "application/json");
  if (input.refusal) return std::move(*input.refusal);

  Analysis analysis = ctx.engine->analyse(*input.message);
  // ?me=ADDRESS (repeatable) names the user's identities for this request only.
  // An entry may be "@domain" for a whole domain, as with --me.
  auto me = req.query_params("me");
  if (!me.empty()) {
    analysis.direction = is_identity(input.message->from.address, me) ? "out" : "in";
    analysis.internal = is_internal(*input.message, me);
  }
  if (ctx.metrics) ctx.metrics->message_analysed();
  // Written straight from the analysis: the same bytes as json_response(200, to_json(...)).
  Response res;
  res.body = std::move(req.reply_storage);
  res.body.clear();
  write_json(analysis, res.body);
  res.body += '\n';
  return res;
}

Response openapi(const Request&, Context&) {
  Response res;
  res.body = std::string(openapi_document());
  return res;
}

Response metrics(const Request&, Context& ctx) {
  Response res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = ctx.metrics ? ctx.metrics->render() : std::string();
  return res;
}

}  // namespace

void add_core_routes(Router& router) {
  add_route(router, "GET", "/v1/health", health,
            {.auth = false, .summary = "Is the service up; version and plugin status"});
  add_route(router, "POST", "/v1/analyze", analyze,
            {.summary = "Analyse one message (raw RFC 5322 or JSON)"});
  add_route(router, "GET", "/v1/openapi.json", openapi,
            {.summary = "This API, as an OpenAPI 3.1 document"});
  add_route(router, "GET", "/metrics", metrics,
            {.summary = "Prometheus metrics (text exposition format)"});
}

}  // namespace courtois::server
