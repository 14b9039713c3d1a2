// The routes of the replies area (issue 7): POST /v1/reply-suggestions (calm reply drafts)
// and POST /v1/check-draft (the user's draft checked before sending). Both take JSON; messages
// are either whole RFC 5322 messages as strings (what the extension sends) or objects
// {"text", "date", "from"?, "subject"?, "lang"?, "id"?} (the text-jsonl record of analyze).
#include <optional>
#include <string>

#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/replies.hpp"
#include "courtois/server/http.hpp"
#include "courtois/text.hpp"

namespace courtois::server {
namespace {

struct Parsed {
  std::optional<Message> message;
  std::optional<Response> refusal;
};

Parsed refuse(int status, std::string_view code, std::string message) {
  return Parsed{std::nullopt, json_error(status, code, std::move(message))};
}

// A message field: a raw RFC 5322 string or a text object.
Parsed read_message(const nlohmann::json& value, const std::string& field) {
  if (value.is_string()) {
    const auto& raw = value.get_ref<const std::string&>();
    if (raw.empty())
      return refuse(400, "invalid_field", "field \"" + field + "\" is an empty message");
    auto parsed = Message::from_raw(raw);
    if (!parsed)
      return refuse(parsed.error().code == Errc::too_large ? 413 : 422, "unreadable_message",
                    "field \"" + field + "\" could not be read: " + parsed.error().message);
    return Parsed{std::move(parsed).value(), std::nullopt};
  }
  if (!value.is_object())
    return refuse(400, "invalid_field",
                  "field \"" + field +
                      "\" must be a whole RFC 5322 message (a string) or {\"text\", \"date\"}");
  auto text = value.find("text");
  if (text == value.end() || !text->is_string())
    return refuse(400, "invalid_field", "field \"" + field + "\" needs a string \"text\"");
  auto str = [&](const char* name) -> std::optional<std::string> {
    auto it = value.find(name);
    if (it == value.end() || it->is_null()) return std::string();
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto id = str("id"), date_text = str("date"), from = str("from"), subject = str("subject"),
       lang = str("lang");
  if (!id || !date_text || !from || !subject || !lang)
    return refuse(400, "invalid_field",
                  "field \"" + field + "\": id, date, from, subject and lang must be strings");
  std::optional<ZonedTime> date;
  if (!date_text->empty()) {
    date = ZonedTime::parse_rfc3339(*date_text);
    if (!date)
      return refuse(400, "invalid_field",
                    "field \"" + field +
                        ".date\": expected RFC 3339 with an offset such as "
                        "2026-03-02T10:12:00+01:00");
  }
  if (!lang->empty() && *lang != "fr" && *lang != "en" && *lang != "unknown")
    return refuse(400, "invalid_field", "field \"" + field + ".lang\": expected fr or en");
  return Parsed{Message::from_text(*id, sanitize_utf8(text->get<std::string>()), date, *lang,
                                   replies::parse_address(*from), *subject),
                std::nullopt};
}

std::optional<nlohmann::json> read_body(const Request& req, Response& refusal) {
  auto doc = nlohmann::json::parse(req.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    refusal = json_error(400, "invalid_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return doc;
}

// Optional string field; false when present with another type.
bool optional_string(const nlohmann::json& doc, const char* name, std::string& out) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool string_list(const nlohmann::json& doc, const char* name, std::vector<std::string>& out) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
    return true;
  }
  if (!it->is_array()) return false;
  for (const auto& v : *it) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

Response reply_suggestions(const Request& req, Context& ctx) {
  if (!ctx.engine) return json_error(503, "no_engine", "the analysis engine is not loaded");
  Response refusal;
  auto doc = read_body(req, refusal);
  if (!doc) return refusal;
  auto m = doc->find("message");
  if (m == doc->end())
    return json_error(400, "missing_field",
                      "field \"message\" is required: the client message to answer, as a whole "
                      "RFC 5322 message or {\"text\", \"date\", \"from\"}");
  Parsed client = read_message(*m, "message");
  if (client.refusal) return std::move(*client.refusal);
  std::vector<Message> thread;
  if (auto t = doc->find("thread"); t != doc->end() && !t->is_null()) {
    if (!t->is_array())
      return json_error(400, "invalid_field", "field \"thread\" must be an array of messages");
    for (std::size_t i = 0; i < t->size(); ++i) {
      Parsed p = read_message((*t)[i], "thread[" + std::to_string(i) + "]");
      if (p.refusal) return std::move(*p.refusal);
      thread.push_back(std::move(*p.message));
    }
  }
  replies::ReplyOptions o;
  std::string style, absent_until, new_date;
  bool ok =
      string_list(*doc, "style", o.styles) && string_list(*doc, "styles", o.styles) &&
      string_list(*doc, "me", o.me) && optional_string(*doc, "lang", o.lang) &&
      optional_string(*doc, "absent_until", absent_until) &&
      optional_string(*doc, "backup", o.backup) && optional_string(*doc, "new_date", new_date) &&
      optional_string(*doc, "frame", o.frame) && optional_string(*doc, "signature", o.signature);
  if (!ok)
    return json_error(400, "invalid_field",
                      "style, styles and me take a string or an array of strings; lang, "
                      "absent_until, backup, new_date, frame and signature take strings");
  if (!o.lang.empty() && o.lang != "fr" && o.lang != "en") o.lang.clear();  // "auto"
  if (!absent_until.empty()) o.absent_until = absent_until;
  if (!new_date.empty()) o.new_date = new_date;
  if (auto wf = doc->find("with_frame"); wf != doc->end() && wf->is_boolean())
    o.force_frame = wf->get<bool>();
  auto result = replies::draft_replies(*ctx.engine, *client.message, thread, o);
  if (!result) {
    bool bad = result.error().code == Errc::bad_input;
    return json_error(bad ? 400 : 500, bad ? "invalid_field" : "rules_invalid",
                      result.error().message);
  }
  return json_response(200, replies::to_json(*result));
}

Response check_draft(const Request& req, Context& ctx) {
  if (!ctx.engine) return json_error(503, "no_engine", "the analysis engine is not loaded");
  Response refusal;
  auto doc = read_body(req, refusal);
  if (!doc) return refusal;
  auto d = doc->find("draft");
  if (d == doc->end() || !d->is_string())
    return json_error(400, "missing_field",
                      "field \"draft\" is required: the text of your draft, as a string");
  std::optional<Message> reply_to;
  if (auto r = doc->find("reply_to"); r != doc->end() && !r->is_null()) {
    Parsed p = read_message(*r, "reply_to");
    if (p.refusal) return std::move(*p.refusal);
    reply_to = std::move(p.message);
  }
  std::string lang;
  std::vector<std::string> me, attachments;
  if (!optional_string(*doc, "lang", lang) || !string_list(*doc, "me", me))
    return json_error(400, "invalid_field", "lang takes a string, me a string or an array");
  if (!string_list(*doc, "attachments", attachments))
    return json_error(400, "invalid_field",
                      "attachments takes the file names attached to the draft: an array of "
                      "strings");
  if (lang != "fr" && lang != "en") lang.clear();
  auto result = replies::check_draft(*ctx.engine, d->get<std::string>(),
                                     reply_to ? &*reply_to : nullptr, lang, me, attachments);
  if (!result) return json_error(500, "rules_invalid", result.error().message);
  return json_response(200, replies::to_json(*result));
}

}  // namespace

void add_replies_routes(Router& router) {
  add_route(router, "POST", "/v1/reply-suggestions", reply_suggestions,
            {.summary = "calm reply drafts to a client message, in three styles"});
  add_route(router, "POST", "/v1/check-draft", check_draft,
            {.summary = "the user's draft checked before sending"});
}

}  // namespace courtois::server
