// courtois audit MAILBOX...: a manager's report over a whole mailbox. Streams the messages
// through the analysers in parallel (with a progress line), groups them into threads, and
// reports unanswered threads and questions, response times per correspondent and per person,
// waiting-time breaches, tone trends per week, complaint themes, recurring questions (FAQ
// candidates) and overdue commitments, as HTML (charts drawn inline), CSV and JSON.
#include <tbb/parallel_for.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "courtois/replies.hpp"
#include "courtois/text.hpp"
#include "inputs.hpp"

namespace courtois::cli {

using nlohmann::json;

namespace {

struct Durations {
  std::vector<double> hours;
  json summary() const {
    if (hours.empty()) return {{"count", 0}, {"median_hours", nullptr}, {"p90_hours", nullptr}};
    std::vector<double> v = hours;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
      return v[std::min(v.size() - 1, std::size_t(q * (v.size() - 1) + 0.5))];
    };
    double mean = 0;
    for (double h : v) mean += h;
    mean /= static_cast<double>(v.size());
    auto r = [](double x) { return std::round(x * 10) / 10; };
    return {{"count", v.size()},
            {"median_hours", r(at(0.5))},
            {"p90_hours", r(at(0.9))},
            {"mean_hours", r(mean)}};
  }
};

std::string iso_week(const ZonedTime& t) {
  using namespace std::chrono;
  auto day = floor<days>(t.local());
  // ISO week: the week's Thursday decides the year.
  weekday wd{day};
  int iso_wd = wd.iso_encoding();  // 1 = Monday
  auto thursday = day + days{4 - iso_wd};
  year_month_day thu{thursday};
  auto jan1 = local_days{thu.year() / January / 1};
  int week = static_cast<int>((thursday - jan1).count() / 7) + 1;
  char buf[32];  // room for any int year and week, so the compiler can see nothing is cut
  std::snprintf(buf, sizeof buf, "%04d-W%02d", int(thu.year()), week);
  return buf;
}

// Tone categories that say what makes a message tense or hostile (the politeness markers are
// not complaints).
bool is_complaint_category(const std::string& category) {
  static const std::set<std::string> complaint = {
      "threat", "pressure", "ultimatum",     "frustration", "accusation", "sarcasm", "profanity",
      "insult", "contempt", "disparagement", "punctuation", "shouting",   "urgency"};
  return complaint.count(category) > 0;
}

std::set<std::string> load_stopwords(const std::filesystem::path& rules_dir) {
  std::set<std::string> words;
  for (const char* name : {"stopwords_fr.txt", "stopwords_en.txt"}) {
    std::ifstream in(rules_dir / "faq" / name);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& [line, entry] : parse_rule_list(name, text).entries)
      words.insert(fold_string(entry));
  }
  return words;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_field(std::string s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string str(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump();
}

// A horizontal bar chart as inline SVG: no script, no network.
std::string svg_bars(const std::vector<std::pair<std::string, double>>& rows, const char* color) {
  if (rows.empty()) return "<p class=empty>nothing to show</p>";
  double max = 0;
  for (const auto& r : rows) max = std::max(max, r.second);
  if (max <= 0) max = 1;
  std::ostringstream o;
  int h = 22 * static_cast<int>(rows.size()) + 4;
  o << "<svg width=640 height=" << h << " role=img>";
  int y = 2;
  for (const auto& [label, value] : rows) {
    int w = static_cast<int>(380 * value / max);
    o << "<text x=0 y=" << y + 15 << " font-size=12>" << html_escape(label.substr(0, 40))
      << "</text><rect x=220 y=" << y + 3 << " width=" << std::max(w, 1) << " height=16 fill='"
      << color << "'/><text x=" << 226 + w << " y=" << y + 15 << " font-size=12>" << value
      << "</text>";
    y += 22;
  }
  o << "</svg>";
  return o.str();
}

std::string render_html(const json& r) {
  std::ostringstream o;
  o << "<!doctype html><html><head><meta charset=utf-8><title>Courtois audit</title><style>"
       "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}"
       "h2{margin-top:1.6em}.empty{color:#888}.bad{color:#b00}</style></head><body>";
  const json& s = r["summary"];
  o << "<h1>Courtois audit</h1><p>" << s["messages"] << " messages (" << s["incoming"]
    << " from clients, " << s["outgoing"] << " sent, " << s["automatic"] << " automatic) in "
    << s["threads"] << " threads; judged at " << html_escape(str(s["now"])) << ".</p>";
  o << "<p><b>" << r["unanswered_threads"].size() << "</b> threads wait on us, <b class=bad>"
    << r["breaches"].size() << "</b> beyond their target; <b>" << r["open_questions"].size()
    << "</b> open questions; <b>" << r["overdue_commitments"].size()
    << "</b> overdue commitments.</p>";

  o << "<h2>Threads waiting on us</h2><table><tr><th>subject</th><th>client</th><th>since</th>"
       "<th>business hours</th><th>target</th><th>breached</th></tr>";
  for (const auto& t : r["unanswered_threads"])
    o << "<tr><td>" << html_escape(str(t["subject"])) << "</td><td>"
      << html_escape(str(t["client"])) << "</td><td>" << html_escape(str(t["since"])) << "</td><td>"
      << str(t["business_hours"]) << "</td><td>" << str(t["target_hours"]) << "</td><td>"
      << (t["breached"] == true ? "<b class=bad>yes</b>" : "no") << "</td></tr>";
  o << "</table>";

  std::vector<std::pair<std::string, double>> rows;
  o << "<h2>Response times per correspondent (median hours)</h2>";
  for (const auto& [who, d] : r["response_times"]["per_correspondent"].items())
    if (!d["median_hours"].is_null()) rows.emplace_back(who, d["median_hours"].get<double>());
  std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (rows.size() > 15) rows.resize(15);
  o << svg_bars(rows, "#4a7bd0");
  rows.clear();
  o << "<h2>Response times per person (median hours)</h2>";
  for (const auto& [who, d] : r["response_times"]["per_person"].items())
    if (!d["median_hours"].is_null()) rows.emplace_back(who, d["median_hours"].get<double>());
  o << svg_bars(rows, "#4a7bd0");

  o << "<h2>Tone of client mail per week</h2><table><tr><th>week</th><th>calm</th><th>tense</th>"
       "<th>hostile</th><th>mean hostility</th></tr>";
  for (const auto& w : r["tone_trend"])
    o << "<tr><td>" << str(w["week"]) << "</td><td>" << w["calm"] << "</td><td>" << w["tense"]
      << "</td><td>" << w["hostile"] << "</td><td>" << w["mean_hostility"] << "</td></tr>";
  o << "</table>";

  rows.clear();
  for (const auto& t : r["complaint_themes"]["words"])
    rows.emplace_back(str(t["theme"]), t["messages"].get<double>());
  o << "<h2>Complaint themes (words of tense and hostile mail)</h2>" << svg_bars(rows, "#d07a4a");
  rows.clear();
  for (const auto& t : r["complaint_themes"]["signals"])
    rows.emplace_back(str(t["category"]), t["messages"].get<double>());
  o << "<h2>What makes client mail tense or hostile</h2>" << svg_bars(rows, "#b04040");

  o << "<h2>Hostile threads</h2><table><tr><th>subject</th><th>client</th><th>hostility</th>"
       "<th>evidence</th></tr>";
  for (const auto& t : r["hostile_threads"])
    o << "<tr><td>" << html_escape(str(t["subject"])) << "</td><td>"
      << html_escape(str(t["client"])) << "</td><td>" << t["hostility"] << "</td><td>"
      << html_escape(str(t["evidence"])) << "</td></tr>";
  o << "</table>";

  o << "<h2>Open questions</h2><table><tr><th>subject</th><th>question</th><th>asked</th></tr>";
  for (const auto& q : r["open_questions"])
    o << "<tr><td>" << html_escape(str(q["subject"])) << "</td><td>" << html_escape(str(q["text"]))
      << "</td><td>" << q["times_asked"] << "</td></tr>";
  o << "</table>";

  o << "<h2>Recurring questions (FAQ candidates)</h2><table><tr><th>count</th><th>variants</th>"
       "<th>FAQ entry</th></tr>";
  for (const auto& f : r["recurring_questions"]) {
    std::string variants;
    for (const auto& v : f["variants"]) variants += (variants.empty() ? "" : " | ") + str(v);
    o << "<tr><td>" << f["count"] << "</td><td>" << html_escape(variants) << "</td><td>"
      << html_escape(str(f["existing"])) << "</td></tr>";
  }
  o << "</table>";

  o << "<h2>Overdue commitments</h2><table><tr><th>subject</th><th>promise</th><th>due</th></tr>";
  for (const auto& c : r["overdue_commitments"])
    o << "<tr><td>" << html_escape(str(c["subject"])) << "</td><td>" << html_escape(str(c["text"]))
      << "</td><td>" << html_escape(str(c["due"])) << "</td></tr>";
  o << "</table></body></html>\n";
  return o.str();
}

std::string render_csv(const json& r) {
  std::ostringstream o;
  o << "thread,subject,client,messages,waiting_on,since,business_hours,target_hours,breached,"
       "open_questions,max_hostility,overdue_commitments\n";
  for (const auto& t : r["threads"])
    o << csv_field(str(t["thread"])) << ',' << csv_field(str(t["subject"])) << ','
      << csv_field(str(t["client"])) << ',' << t["messages"] << ',' << str(t["waiting_on"]) << ','
      << str(t["since"]) << ',' << str(t["business_hours"]) << ',' << str(t["target_hours"]) << ','
      << str(t["breached"]) << ',' << t["open_questions"] << ',' << t["max_hostility"] << ','
      << t["overdue_commitments"] << '\n';
  return o.str();
}

}  // namespace

int cmd_audit(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  args.value_option("now");
  args.value_option("policy");
  args.value_option("format");
  args.value_option("output");
  args.flag("quiet");
  if (!parse_args(args, "audit", "MAILBOX (an mbox, a Maildir or a folder of .eml)", err))
    return kUsage;
  std::string format = args.get("format").value_or("html");
  if (format != "html" && format != "csv" && format != "json") {
    err << "courtois audit: --format takes html, csv or json, not '" << format << "'\n";
    return kUsage;
  }
  ThreadOptions options;
  options.me = args.all("me");
  if (options.me.empty())
    err << "courtois audit: no --me given: every message counts as client mail, so nothing is "
           "answered; name your addresses with --me\n";
  if (auto now = args.get("now")) {
    options.now = ZonedTime::parse_rfc3339(*now);
    if (!options.now) {
      err << "courtois audit: --now '" << *now << "' is not RFC 3339 with an offset\n";
      return kUsage;
    }
  } else {
    options.now =
        ZonedTime{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), 0};
  }
  if (auto policy = args.get("policy")) options.policy_file = *policy;
  EngineOptions eo = engine_options(args);
  auto engine = Engine::create(eo);
  report_disabled_plugins(*engine, err);

  // Read and analyse in parallel batches, with a progress line.
  bool progress = !args.has("quiet");
  bool tty = isatty(STDERR_FILENO);
  auto started = std::chrono::steady_clock::now();
  std::vector<Message> messages;
  std::vector<Analysis> analyses;
  std::vector<std::string> sources;
  std::size_t failed = 0;
  int status = read_inputs(
      args.positionals(), false, 512,
      [&](std::vector<ParsedEntry>& batch) {
        std::size_t first = messages.size();
        for (auto& e : batch) {
          if (!e.message) {
            err << (tty ? "\r" : "") << "courtois: " << e.source << ": " << e.error << "\n";
            ++failed;
            continue;
          }
          messages.push_back(std::move(*e.message));
          sources.push_back(e.source);
        }
        analyses.resize(messages.size());
        tbb::parallel_for(first, messages.size(),
                          [&](std::size_t i) { analyses[i] = engine->analyse(messages[i]); });
        if (progress) {
          double secs =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          err << (tty ? "\r" : "") << "audit: " << messages.size() << " messages analysed ("
              << static_cast<long>(messages.size() / std::max(secs, 1e-3)) << "/s)"
              << (tty ? "   " : "\n");
          err.flush();
        }
      },
      err);
  if (progress && tty) err << "\n";
  if (messages.empty()) {
    err << "courtois audit: no message could be read\n";
    return kInputError;
  }
  auto threads = engine->threads(messages, analyses, options);

  // ---- Aggregate ----
  json report;
  std::size_t incoming = 0, outgoing = 0, automatic = 0;
  std::map<std::string, Durations> per_correspondent, per_person;
  std::map<std::string, json> weeks;
  std::map<std::string, std::set<std::string>> theme_words;    // word -> messages
  std::map<std::string, std::set<std::string>> theme_signals;  // category -> messages
  std::set<std::string> stopwords = load_stopwords(eo.rules_dir);
  json unanswered = json::array(), breaches = json::array(), open_questions = json::array(),
       overdue = json::array(), hostile = json::array(), rows = json::array();
  for (const auto& t : threads) {
    std::string client;
    double max_hostility = 0;
    std::string evidence;
    std::optional<ZonedTime> pending;  // first unanswered client message
    std::string pending_from;
    for (const auto& tm : t.messages) {
      const Analysis& a = *tm.analysis;
      if (a.automatic) {
        ++automatic;
        continue;
      }
      if (a.direction == "out") {
        ++outgoing;
        // A note among colleagues is no response to the client.
        if (a.internal) continue;
        if (pending && a.date) {
          double h = std::chrono::duration<double>(a.date->utc - pending->utc).count() / 3600.0;
          if (h >= 0) {
            per_correspondent[pending_from].hours.push_back(h);
            per_person[a.from_address].hours.push_back(h);
          }
        }
        pending.reset();
        continue;
      }
      ++incoming;
      if (client.empty()) client = a.from_address;
      if (!pending && a.date) {
        pending = a.date;
        pending_from = a.from_address;
      }
      if (a.tone.hostility > max_hostility) {
        max_hostility = a.tone.hostility;
        evidence.clear();
        for (const auto& s : a.tone.signals)
          if (s.weight > 0 && evidence.size() < 160)
            evidence += (evidence.empty() ? "" : " · ") + s.text;
      }
      if (a.date) {
        json& w = weeks[iso_week(*a.date)];
        if (w.is_null()) w = {{"calm", 0}, {"tense", 0}, {"hostile", 0}, {"sum", 0.0}};
        w[a.tone.label] = w[a.tone.label].get<int>() + 1;
        w["sum"] = w["sum"].get<double>() + a.tone.hostility;
      }
      if (a.tone.label != "calm") {
        for (const auto& s : a.tone.signals)
          if (is_complaint_category(s.category)) theme_signals[s.category].insert(a.id);
        FoldedText f = fold(a.text);
        for (const Span& w : words(f.text)) {
          std::string word = f.text.substr(w.start, w.size());
          if (word.size() < 4 || stopwords.count(word) ||
              std::all_of(word.begin(), word.end(),
                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            continue;
          theme_words[word].insert(a.id);
        }
      }
    }
    if (max_hostility > 0 &&
        std::any_of(t.messages.begin(), t.messages.end(), [](const ThreadMessage& m) {
          return m.analysis->direction == "in" && m.analysis->tone.label == "hostile";
        }))
      hostile.push_back({{"thread", t.key},
                         {"subject", t.subject},
                         {"client", client},
                         {"hostility", std::round(max_hostility * 100) / 100},
                         {"evidence", evidence}});
    for (const auto& q : t.open_questions)
      open_questions.push_back({{"thread", t.key},
                                {"subject", t.subject},
                                {"message", q.message_id},
                                {"text", q.text},
                                {"times_asked", q.times_asked}});
    int overdue_here = 0;
    for (const auto& c : t.commitments)
      if (c.status == "overdue") {
        ++overdue_here;
        overdue.push_back({{"thread", t.key},
                           {"subject", t.subject},
                           {"message", c.message_id},
                           {"text", c.text},
                           {"due", c.due}});
      }
    const json& w = t.waiting;
    bool on_us = w.is_object() && w.value("on", json()) == "us";
    bool breached = on_us && w.value("breached", false);
    json entry = {{"thread", t.key},
                  {"subject", t.subject},
                  {"client", client},
                  {"since", on_us ? w.value("since", json()) : json()},
                  {"business_hours", on_us ? w.value("business_hours", json()) : json()},
                  {"target_hours", on_us ? w.value("target_hours", json()) : json()},
                  {"due", on_us ? w.value("due", json()) : json()},
                  {"breached", breached}};
    if (on_us) unanswered.push_back(entry);
    if (breached) breaches.push_back(entry);
    rows.push_back({{"thread", t.key},
                    {"subject", t.subject},
                    {"client", client},
                    {"messages", t.messages.size()},
                    {"waiting_on", w.is_object() ? w.value("on", json()) : json()},
                    {"since", entry["since"]},
                    {"business_hours", entry["business_hours"]},
                    {"target_hours", entry["target_hours"]},
                    {"breached", breached},
                    {"open_questions", t.open_questions.size()},
                    {"max_hostility", std::round(max_hostility * 100) / 100},
                    {"overdue_commitments", overdue_here}});
  }
  auto hours_of = [](const json& j) {
    return j["business_hours"].is_number() ? j["business_hours"].get<double>() : 0.0;
  };
  std::sort(unanswered.begin(), unanswered.end(),
            [&](const json& a, const json& b) { return hours_of(a) > hours_of(b); });
  std::sort(breaches.begin(), breaches.end(),
            [&](const json& a, const json& b) { return hours_of(a) > hours_of(b); });
  std::sort(hostile.begin(), hostile.end(),
            [](const json& a, const json& b) { return a["hostility"] > b["hostility"]; });

  json times = {{"per_correspondent", json::object()},
                {"per_person", json::object()},
                {"note", "wall-clock hours from a client message to the next message we sent"}};
  for (const auto& [who, d] : per_correspondent) times["per_correspondent"][who] = d.summary();
  for (const auto& [who, d] : per_person) times["per_person"][who] = d.summary();
  json trend = json::array();
  for (auto& [week, w] : weeks) {
    int n = w["calm"].get<int>() + w["tense"].get<int>() + w["hostile"].get<int>();
    trend.push_back(
        {{"week", week},
         {"calm", w["calm"]},
         {"tense", w["tense"]},
         {"hostile", w["hostile"]},
         {"mean_hostility", n ? std::round(w["sum"].get<double>() / n * 100) / 100 : 0.0}});
  }
  auto top = [](const std::map<std::string, std::set<std::string>>& m, const char* key,
                std::size_t k) {
    std::vector<std::pair<std::string, std::size_t>> v;
    for (const auto& [name, ids] : m)
      if (ids.size() >= 2 || m.size() < 10) v.emplace_back(name, ids.size());
    std::sort(v.begin(), v.end(), [](auto& a, auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (v.size() > k) v.resize(k);
    json out = json::array();
    for (auto& [name, n] : v) out.push_back({{key, name}, {"messages", n}});
    return out;
  };

  json recurring = json::array();
  {
    std::vector<replies::FaqMiningInput> inputs;
    inputs.reserve(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i)
      if (analyses[i].direction == "in" && !analyses[i].automatic && !analyses[i].questions.empty())
        inputs.push_back({messages[i], sources[i]});
    replies::FaqMiningOptions fo;
    fo.me = options.me;
    auto mined = replies::faq_suggest(*engine, std::move(inputs), fo);
    if (mined) {
      json j = replies::to_json(*mined);
      if (j.contains("suggestions")) recurring = j["suggestions"];
    } else {
      err << "courtois audit: recurring questions left out: " << mined.error().message << "\n";
    }
  }

  report["summary"] = {{"messages", messages.size()},  {"unreadable", failed},
                       {"incoming", incoming},         {"outgoing", outgoing},
                       {"automatic", automatic},       {"threads", threads.size()},
                       {"now", options.now->rfc3339()}};
  report["unanswered_threads"] = unanswered;
  report["breaches"] = breaches;
  report["open_questions"] = open_questions;
  report["response_times"] = times;
  report["tone_trend"] = trend;
  report["complaint_themes"] = {{"words", top(theme_words, "theme", 15)},
                                {"signals", top(theme_signals, "category", 10)}};
  report["hostile_threads"] = hostile;
  report["recurring_questions"] = recurring;
  report["overdue_commitments"] = overdue;
  report["threads"] = rows;

  std::string text = format == "json"  ? dump_json(report, true) + "\n"
                     : format == "csv" ? render_csv(report)
                                       : render_html(report);
  std::string output = args.get("output").value_or("-");
  if (output == "-") {
    out << text;
  } else {
    std::ofstream file(output, std::ios::binary);
    if (!file || !(file << text)) {
      err << "courtois audit: cannot write " << output << "\n";
      return kInputError;
    }
    err << "audit: report written to " << output << "\n";
  }
  return status;
}

}  // namespace courtois::cli
