// The routes of the thread store (issue 6): POST /v1/messages (ingest a batch, idempotent by
// Message-ID), GET /v1/waiting (threads waiting on us, most urgent first) and
// GET /v1/threads/{id}. The store (core/src/store/, SQLite WAL at
// $XDG_DATA_HOME/courtois/courtois.db) and the waiting-time policy (rules/waiting/) are opened
// on first use and shared by every request; a store that cannot be opened (a newer schema, a
// file that is not a Courtois store) makes these routes answer 503 with the reason, and the
// rest of the service keeps running.
//
// Acknowledged means committed: POST /v1/messages answers only after the batch transaction is
// committed with synchronous=FULL, so a message reported "stored" or "duplicate" survives a
// crash of the service right after.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "courtois/clock.hpp"
#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/server/http.hpp"
#include "courtois/store.hpp"
#include "courtois/text.hpp"

namespace courtois::server {
namespace {

constexpr std::size_t max_batch = 5000;
constexpr std::size_t max_waiting_limit = 10000;

struct StoreService {
  std::unique_ptr<Store> store;
  std::optional<WaitingPolicy> policy;
  std::string error;  // why the store routes are unavailable
};

// The rule files of the policy, as parsed: any edit that matters changes it.
std::string policy_fingerprint(const RuleSet& rules) {
  std::string all;
  for (const auto& f : rules.json) all += f.name() + "\n" + f.doc.dump() + "\n";
  for (const auto& l : rules.lists) {
    all += l.name() + "\n";
    for (const auto& [line, entry] : l.entries) all += entry + "\n";
  }
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : all) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return std::to_string(h);
}

// Opened once per process, on the first store request.
StoreService& store_service(const Engine* engine) {
  static StoreService service;
  static std::once_flag once;
  std::call_once(once, [engine] {
    std::vector<RuleError> errors;
    std::filesystem::path rules_dir = engine ? engine->options().rules_dir : default_rules_dir();
    std::optional<std::filesystem::path> local =
        engine ? engine->options().local_rules_dir : std::optional(default_local_rules_dir());
    auto rules = load_rule_set("waiting", rules_dir, local, errors);
    if (errors.empty()) service.policy = load_waiting_policy(rules, errors);
    if (!service.policy) {
      service.error = "the waiting-time policy (rules/waiting/) is invalid:";
      for (const auto& e : errors) service.error += " " + e.to_string() + ";";
      return;
    }
    auto store = Store::open();
    if (!store) {
      service.error = store.error().message;
      return;
    }
    service.store = std::move(store.value());
    // Due times are stored: when the policy changed since they were computed, redo them.
    std::string fingerprint = policy_fingerprint(rules);
    auto previous = service.store->setting("waiting_policy");
    if (previous && *previous != fingerprint) {
      auto redone = service.store->recompute_waiting(*service.policy);
      if (redone) (void)service.store->set_setting("waiting_policy", fingerprint);
    }
  });
  return service;
}

// `me` holds addresses or "@domain" entries, read as everywhere else (is_identity).
std::string direction_for(const Message& m, const std::vector<std::string>& me) {
  return is_identity(m.from.address, me) ? "out" : "in";
}

std::optional<Response> unavailable(const StoreService& s) {
  if (s.store && s.policy) return std::nullopt;
  return json_error(503, "store_unavailable", s.error);
}

// ?now=TIME (tests and audits), else the current time.
std::optional<ZonedTime> read_now(const Request& req, std::optional<Response>& refusal) {
  auto now = req.query_param("now");
  if (!now) {
    return ZonedTime{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), 0};
  }
  auto parsed = ZonedTime::parse_rfc3339(*now);
  if (!parsed) {
    refusal = json_error(400, "invalid_parameter",
                         "parameter \"now\": expected an RFC 3339 time with its offset such as "
                         "2026-03-02T10:12:00+01:00, got \"" +
                             std::string(now->substr(0, 100)) + "\"");
  }
  return parsed;
}

// Re-runs thread analysis (answered questions, commitment status, deadline changes) on the
// threads a batch touched. Failures here never undo the ingest: they are reported.
std::vector<std::string> analyse_threads(const Engine& engine, Store& store,
                                         const WaitingPolicy& policy,
                                         const std::set<std::string>& keys,
                                         const std::vector<std::string>& me) {
  std::vector<std::string> warnings;
  ThreadOptions options;
  options.me = me;
  for (const auto& key : keys) {
    auto raws = store.thread_raw(key);
    if (!raws) {
      warnings.push_back("thread " + key + ": " + raws.error().message);
      continue;
    }
    std::vector<Message> messages;
    for (const auto& raw : *raws) {
      auto m = Message::from_raw(raw);
      if (m) messages.push_back(std::move(m.value()));
    }
    // With `me` given for this request, direction follows it, as at ingest.
    std::vector<Analysis> analyses;
    for (const auto& m : messages) {
      analyses.push_back(engine.analyse(m));
      if (!me.empty()) {
        analyses.back().direction = direction_for(m, me);
        analyses.back().internal = is_internal(m, me);
      }
    }
    auto threads = engine.threads(messages, analyses, options);
    for (auto& t : threads) {
      if (auto r = store.apply_thread_analysis(key, t, &policy); !r) {
        warnings.push_back("thread " + key + ": " + r.error().message);
      }
    }
  }
  return warnings;
}

Response ingest(const Request& req, Context& ctx) {
  if (!ctx.engine) return json_error(503, "no_engine", "the analysis engine is not loaded");
  auto& service = store_service(ctx.engine);
  if (auto refusal = unavailable(service)) return std::move(*refusal);

  // The batch: JSON {"messages": [{"raw": "..."}], "me"?: [...]}, or one message/rfc822.
  std::vector<std::string> raws;
  std::vector<std::string> me = req.query_params("me");
  auto first = std::find_if_not(req.body.begin(), req.body.end(),
                                [](unsigned char c) { return std::isspace(c); });
  auto type = to_lower_ascii(req.header("Content-Type").value_or(""));
  type = type.substr(0, type.find(';'));
  bool json_body =
      type == "application/json" || (type.empty() && first != req.body.end() && *first == '{');
  std::vector<std::optional<std::string>> item_errors;
  if (json_body) {
    auto doc = nlohmann::json::parse(req.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      return json_error(400, "invalid_json",
                        "the body must be a JSON object {\"messages\": [{\"raw\": \"<whole "
                        "message>\"}, ...]}");
    }
    auto messages = doc.find("messages");
    if (messages == doc.end() || !messages->is_array()) {
      return json_error(400, "missing_field",
                        "field \"messages\" must be an array of {\"raw\": \"<whole message>\"}");
    }
    if (messages->size() > max_batch) {
      return json_error(413, "batch_too_large",
                        "a batch holds at most " + std::to_string(max_batch) + " messages; got " +
                            std::to_string(messages->size()) + ": split it");
    }
    if (auto m = doc.find("me"); m != doc.end()) {
      if (!m->is_array()) return json_error(400, "invalid_field", "field \"me\" must be an array");
      for (const auto& a : *m) {
        if (a.is_string()) me.push_back(a.get<std::string>());
      }
    }
    for (size_t i = 0; i < messages->size(); ++i) {
      const auto& item = (*messages)[i];
      if (item.is_object() && item.contains("raw") && item["raw"].is_string()) {
        raws.push_back(item["raw"].get<std::string>());
        item_errors.emplace_back();
      } else if (item.is_string()) {
        raws.push_back(item.get<std::string>());
        item_errors.emplace_back();
      } else {
        raws.emplace_back();
        item_errors.emplace_back("item " + std::to_string(i) +
                                 ": expected {\"raw\": \"<whole RFC 5322 message>\"}");
      }
    }
  } else if (type.empty() || type == "message/rfc822" || type == "application/octet-stream") {
    raws.push_back(req.body);
    item_errors.emplace_back();
  } else {
    return json_error(415, "unsupported_media_type",
                      "Content-Type " + type.substr(0, 100) +
                          " is not accepted: send JSON {\"messages\": [{\"raw\": ...}]} or one "
                          "message as message/rfc822");
  }

  // Parse and analyse each item; a broken one is reported and the others go on.
  std::vector<IngestItem> items;
  std::vector<size_t> item_index;  // items[k] is request item item_index[k]
  for (size_t i = 0; i < raws.size(); ++i) {
    if (item_errors[i]) continue;
    if (raws[i].empty()) {
      item_errors[i] = "item " + std::to_string(i) + ": empty message";
      continue;
    }
    auto parsed = Message::from_raw(raws[i]);
    if (!parsed) {
      item_errors[i] =
          "item " + std::to_string(i) + ": could not be read: " + parsed.error().message;
      continue;
    }
    IngestItem it;
    it.message = std::move(parsed.value());
    it.analysis = ctx.engine->analyse(it.message);
    if (!me.empty()) {
      it.analysis.direction = direction_for(it.message, me);
      it.analysis.internal = is_internal(it.message, me);
    }
    it.raw = std::move(raws[i]);
    items.push_back(std::move(it));
    item_index.push_back(i);
  }

  if (raws.size() == 1 && !json_body && item_errors[0]) {
    return json_error(422, "unreadable_message", *item_errors[0]);
  }
  auto outcomes = service.store->ingest(items, *service.policy);
  if (!outcomes) {
    // Nothing of this batch was acknowledged: the client may send it again as is.
    return json_error(503, "store_error",
                      "the batch was not stored (send it again): " + outcomes.error().message);
  }

  nlohmann::json results = nlohmann::json::array();
  std::vector<nlohmann::json> by_index(raws.size());
  std::size_t stored = 0, duplicates = 0, errors = 0;
  std::set<std::string> touched;
  for (size_t k = 0; k < outcomes->size(); ++k) {
    const auto& o = (*outcomes)[k];
    nlohmann::json r = {{"index", item_index[k]},
                        {"message_id", o.message_id},
                        {"thread", o.thread},
                        {"status", o.status}};
    if (o.status == "error") {
      r["error"] = o.error;
      ++errors;
    } else if (o.status == "stored") {
      ++stored;
      touched.insert(o.thread);
    } else {
      ++duplicates;
    }
    by_index[item_index[k]] = std::move(r);
  }
  for (size_t i = 0; i < raws.size(); ++i) {
    if (item_errors[i]) {
      by_index[i] = {{"index", i}, {"status", "error"}, {"error", *item_errors[i]}};
      ++errors;
    }
    results.push_back(std::move(by_index[i]));
  }
  nlohmann::json body = {{"results", std::move(results)},
                         {"stored", stored},
                         {"duplicates", duplicates},
                         {"errors", errors}};
  auto warnings = analyse_threads(*ctx.engine, *service.store, *service.policy, touched, me);
  if (!warnings.empty()) body["warnings"] = warnings;
  return json_response(200, body);
}

Response waiting(const Request& req, Context& ctx) {
  auto& service = store_service(ctx.engine);
  if (auto refusal = unavailable(service)) return std::move(*refusal);
  std::optional<Response> refusal;
  auto now = read_now(req, refusal);
  if (!now) return std::move(*refusal);
  std::size_t limit = 100;
  if (auto l = req.query_param("limit")) {
    std::string text(*l);
    if (text.empty() || text.size() > 6 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoul(text) == 0 || std::stoul(text) > max_waiting_limit) {
      return json_error(
          400, "invalid_parameter",
          "parameter \"limit\": expected a number from 1 to " + std::to_string(max_waiting_limit));
    }
    limit = std::stoul(text);
  }
  auto list = service.store->waiting(*service.policy, *now, limit);
  if (!list) return json_error(503, "store_error", list.error().message);
  nlohmann::json threads = nlohmann::json::array();
  for (const auto& t : *list) {
    threads.push_back({{"thread", t.thread},
                       {"subject", t.subject},
                       {"messages", t.messages},
                       {"waiting", t.waiting.to_json()}});
  }
  return json_response(200, {{"now", now->rfc3339()}, {"threads", std::move(threads)}});
}

Response thread(const Request& req, Context& ctx) {
  auto& service = store_service(ctx.engine);
  if (auto refusal = unavailable(service)) return std::move(*refusal);
  std::optional<Response> refusal;
  auto now = read_now(req, refusal);
  if (!now) return std::move(*refusal);
  auto it = req.params.find("id");
  std::string id = it == req.params.end() ? std::string() : it->second;
  // Message-IDs are accepted with or without their angle brackets.
  if (id.size() > 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  auto t = service.store->thread(id, *service.policy, *now);
  if (!t) {
    if (t.error().code == Errc::not_found) return json_error(404, "not_found", t.error().message);
    return json_error(503, "store_error", t.error().message);
  }
  return json_response(200, *t);
}

}  // namespace

void add_store_routes(Router& router) {
  add_route(
      router, "POST", "/v1/messages", ingest,
      {.summary = "Store a batch of messages in the thread store (idempotent by Message-ID)"});
  add_route(router, "GET", "/v1/waiting", waiting,
            {.summary = "Threads waiting on us, most urgent first, with the reasons"});
  add_route(router, "GET", "/v1/threads/{id}", thread,
            {.summary = "One stored thread: messages, questions, commitments, waiting"});
}

}  // namespace courtois::server
