// JSON form of findings: the contract of DESIGN.md. docs/result-schema.json documents it; any
// change here updates that document.
#include "courtois/analysis.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "courtois/plugin.hpp"

namespace courtois {

using nlohmann::json;

namespace {

json nullable(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// The interned texts: never freed, so a SharedText stays valid after the rules that made it
// are gone. Node-based, so an entry's address never moves.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
struct TextPool {
  std::mutex mutex;
  std::unordered_set<std::string, TextHash, std::equal_to<>> texts;
};
TextPool& text_pool() {
  static auto* pool = new TextPool;  // never destroyed: texts outlive static destructors
  return *pool;
}
const std::string& empty_text() {
  static const std::string* empty = [] {
    TextPool& pool = text_pool();
    std::lock_guard lock(pool.mutex);
    return &*pool.texts.emplace().first;
  }();
  return *empty;
}

}  // namespace

SharedText::SharedText() : text_(&empty_text()) {}

SharedText::SharedText(std::string_view text) {
  if (text.empty()) {
    text_ = &empty_text();
    return;
  }
  TextPool& pool = text_pool();
  std::lock_guard lock(pool.mutex);
  auto it = pool.texts.find(text);
  if (it == pool.texts.end()) it = pool.texts.emplace(text).first;
  text_ = &*it;
}

void to_json(json& j, const SharedText& t) {
  j = t.str();
}

json to_json(const Tone& t) {
  json signals = json::array();
  for (const auto& s : t.signals) {
    json j = {{"symbol", s.symbol}, {"category", s.category}, {"text", s.text},
              {"start", s.start},   {"end", s.end},           {"weight", s.weight}};
    if (!s.rule.empty()) j["rule"] = s.rule;
    if (!s.description.empty()) j["description"] = s.description;
    signals.push_back(std::move(j));
  }
  return {{"label", t.label},
          {"hostility", t.hostility},
          {"politeness", t.politeness},
          {"signals", std::move(signals)}};
}

json to_json(const Question& q, bool with_answers) {
  json j = {{"text", q.text}, {"kind", q.kind}, {"start", q.start}, {"end", q.end}};
  if (!q.symbol.empty()) j["symbol"] = q.symbol;
  if (with_answers) {
    j["answered_by"] = q.answered_by ? json(*q.answered_by) : json(nullptr);
    if (!q.answer_evidence.empty()) j["answer_evidence"] = q.answer_evidence;
    if (q.withdrawn_by) j["withdrawn_by"] = *q.withdrawn_by;
  }
  return j;
}

json to_json(const DateMention& d) {
  return {{"text", d.text},
          {"start", d.start},
          {"end", d.end},
          {"value", d.value},
          {"end_value", d.end_value ? json(*d.end_value) : json(nullptr)},
          {"grain", d.grain},
          {"role", d.role}};
}

json to_json(const DeadlineChange& c) {
  json j = {{"text", c.text},           {"from", nullable(c.from)}, {"to", nullable(c.to)},
            {"direction", c.direction}, {"start", c.start},         {"end", c.end}};
  if (!c.message_id.empty()) j["message"] = c.message_id;
  return j;
}

json to_json(const Commitment& c, bool with_status) {
  json j = {{"text", c.text}, {"due", nullable(c.due)}, {"start", c.start}, {"end", c.end}};
  if (with_status) {
    j["status"] = c.status;
    if (!c.message_id.empty()) j["message"] = c.message_id;
    j["kept_by"] = nullable(c.kept_by);
  }
  return j;
}

json to_json(const Finding& f) {
  return {{"plugin", f.plugin},     {"symbol", f.symbol},
          {"category", f.category}, {"description", f.description},
          {"rule", f.rule},         {"text", f.text},
          {"start", f.start},       {"end", f.end},
          {"score", f.score}};
}

json to_json(const Analysis& a, bool with_answers) {
  json questions = json::array(), dates = json::array(), changes = json::array(),
       commitments = json::array(), findings = json::array();
  for (const auto& q : a.questions) questions.push_back(to_json(q, with_answers));
  for (const auto& d : a.dates) dates.push_back(to_json(d));
  for (const auto& c : a.deadline_changes) changes.push_back(to_json(c));
  for (const auto& c : a.commitments) commitments.push_back(to_json(c, with_answers));
  for (const auto& f : a.findings) findings.push_back(to_json(f));
  json j = {{"id", a.id},
            {"thread", a.thread},
            {"direction", a.direction},
            {"auto", a.automatic},
            {"lang", a.lang},
            {"date", a.date ? json(a.date->rfc3339()) : json(nullptr)},
            {"from", {{"name", a.from_name}, {"address", a.from_address}}},
            {"subject", a.subject},
            {"text", a.text},
            {"tone", to_json(a.tone)},
            {"questions", std::move(questions)},
            {"dates", std::move(dates)},
            {"deadline_changes", std::move(changes)},
            {"commitments", std::move(commitments)},
            {"findings", std::move(findings)},
            {"skipped", a.skipped}};
  for (const auto& [key, value] : a.extra.items())
    if (!j.contains(key)) j[key] = value;
  return j;
}

// ---- Direct serialisation ------------------------------------------------------------------
// The same bytes as to_json(a).dump(-1, ' ', false, error_handler_t::replace), written straight
// into a string: no tree of nodes, no per-key allocation. nlohmann::json keeps object keys in
// std::map order, so each object below writes its keys in byte order; the unit test
// tests/core/test_analysis_json.cpp compares both forms over random analyses.

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (Unicode table 3-7), 0 when ill-formed:
// exactly the sequences nlohmann's decoder accepts.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k) { return (at(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = at(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = at(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

constexpr std::array<char, 256> kEscape = [] {
  // 0: copy as is; 'u': \u00XX; else the letter after the backslash.
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = 'u';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\n'] = 'n';
  t['\f'] = 'f';
  t['\r'] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

// True when one of the 8 bytes at p needs a look: a control character, '"', '\\', or a byte
// of a multi-byte sequence. Plain ASCII text is skipped 8 bytes at a time.
inline bool needs_look(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  std::uint64_t below_space = (x - kOnes * 0x20) & ~x & kHigh;
  return ((x & kHigh) | below_space | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\'))) !=
         0;
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void raw(std::string_view s) { out_.append(s); }
  void key(std::string_view k) {  // ",\"k\":" or "\"k\":" first in an object, in one append
    char buf[40];
    if (k.size() > sizeof buf - 4) return any_key(k);
    buf[0] = ',';
    buf[1] = '"';
    std::memcpy(buf + 2, k.data(), k.size());  // keys here are plain ASCII literals
    buf[k.size() + 2] = '"';
    buf[k.size() + 3] = ':';
    std::size_t skip = first_ ? 1 : 0;
    out_.append(buf + skip, k.size() + 4 - skip);
    first_ = false;
  }
  void any_key(std::string_view k) {  // a key that may need escaping
    if (!first_) out_.push_back(',');
    first_ = false;
    string(k);
    out_.push_back(':');
  }
  void open(char c) {
    out_.push_back(c);
    first_ = true;
  }
  void close(char c) {
    out_.push_back(c);
    first_ = false;
  }
  void element() {  // before an array element
    if (!first_) out_.push_back(',');
    first_ = false;
  }

  void string(std::string_view s) {
    std::size_t start = out_.size();
    out_.push_back('"');
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size();) {
      while (i + 8 <= s.size() && !needs_look(s.data() + i)) i += 8;
      if (i >= s.size()) break;
      auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        char e = kEscape[c];
        if (e == 0) {
          ++i;
          continue;
        }
        out_.append(s.data() + run, i - run);
        if (e == 'u') {
          static constexpr char kHex[] = "0123456789abcdef";
          char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_.append(buf, 6);
        } else {
          char buf[2] = {'\\', e};
          out_.append(buf, 2);
        }
        run = ++i;
        continue;
      }
      std::size_t n = utf8_sequence(s, i);
      if (n == 0) {
        // Ill-formed UTF-8: nlohmann's replacement rules, from this string's start.
        out_.resize(start);
        out_.append(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace));
        return;
      }
      i += n;
    }
    out_.append(s.data() + run, s.size() - run);
    out_.push_back('"');
  }
  void string_or_null(std::string_view s) {
    if (s.empty())
      raw("null");
    else
      string(s);
  }
  void number(std::size_t n) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  void number(double x) {
    if (!std::isfinite(x)) {
      raw("null");
      return;
    }
    std::array<char, 64> buf;
    char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), x);
    out_.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
  }
  void boolean(bool b) { raw(b ? "true" : "false"); }
  void value(const json& j) { out_.append(j.dump(-1, ' ', false, json::error_handler_t::replace)); }

 private:
  std::string& out_;
  bool first_ = true;
};

void write(Writer& w, const ToneSignal& s) {
  w.open('{');
  w.key("category"), w.string(s.category.view());
  if (!s.description.empty()) w.key("description"), w.string(s.description.view());
  w.key("end"), w.number(s.end);
  if (!s.rule.empty()) w.key("rule"), w.string(s.rule.view());
  w.key("start"), w.number(s.start);
  w.key("symbol"), w.string(s.symbol.view());
  w.key("text"), w.string(s.text);
  w.key("weight"), w.number(s.weight);
  w.close('}');
}

void write(Writer& w, const Tone& t) {
  w.open('{');
  w.key("hostility"), w.number(t.hostility);
  w.key("label"), w.string(t.label);
  w.key("politeness"), w.number(t.politeness);
  w.key("signals"), w.open('[');
  for (const auto& s : t.signals) w.element(), write(w, s);
  w.close(']');
  w.close('}');
}

void write(Writer& w, const Question& q, bool with_answers) {
  w.open('{');
  if (with_answers) {
    if (!q.answer_evidence.empty()) w.key("answer_evidence"), w.string(q.answer_evidence);
    w.key("answered_by");
    if (q.answered_by)
      w.string(*q.answered_by);
    else
      w.raw("null");
  }
  w.key("end"), w.number(q.end);
  w.key("kind"), w.string(q.kind);
  w.key("start"), w.number(q.start);
  if (!q.symbol.empty()) w.key("symbol"), w.string(q.symbol);
  w.key("text"), w.string(q.text);
  if (with_answers && q.withdrawn_by) w.key("withdrawn_by"), w.string(*q.withdrawn_by);
  w.close('}');
}

void write(Writer& w, const DateMention& d) {
  w.open('{');
  w.key("end"), w.number(d.end);
  w.key("end_value");
  if (d.end_value)
    w.string(*d.end_value);
  else
    w.raw("null");
  w.key("grain"), w.string(d.grain);
  w.key("role"), w.string(d.role);
  w.key("start"), w.number(d.start);
  w.key("text"), w.string(d.text);
  w.key("value"), w.string(d.value);
  w.close('}');
}

void write(Writer& w, const DeadlineChange& c) {
  w.open('{');
  w.key("direction"), w.string(c.direction);
  w.key("end"), w.number(c.end);
  w.key("from"), w.string_or_null(c.from);
  if (!c.message_id.empty()) w.key("message"), w.string(c.message_id);
  w.key("start"), w.number(c.start);
  w.key("text"), w.string(c.text);
  w.key("to"), w.string_or_null(c.to);
  w.close('}');
}

void write(Writer& w, const Commitment& c, bool with_status) {
  w.open('{');
  w.key("due"), w.string_or_null(c.due);
  w.key("end"), w.number(c.end);
  if (with_status) {
    w.key("kept_by"), w.string_or_null(c.kept_by);
    if (!c.message_id.empty()) w.key("message"), w.string(c.message_id);
  }
  w.key("start"), w.number(c.start);
  if (with_status) w.key("status"), w.string(c.status);
  w.key("text"), w.string(c.text);
  w.close('}');
}

void write(Writer& w, const Finding& f) {
  w.open('{');
  w.key("category"), w.string(f.category);
  w.key("description"), w.string(f.description);
  w.key("end"), w.number(f.end);
  w.key("plugin"), w.string(f.plugin);
  w.key("rule"), w.string(f.rule);
  w.key("score"), w.number(f.score);
  w.key("start"), w.number(f.start);
  w.key("symbol"), w.string(f.symbol);
  w.key("text"), w.string(f.text);
  w.close('}');
}

template <class T, class F>
void write_array(Writer& w, const std::vector<T>& items, F&& each) {
  w.open('[');
  for (const auto& item : items) w.element(), each(item);
  w.close(']');
}

}  // namespace

void write_json(const Analysis& a, std::string& out, bool with_answers) {
  if (!a.extra.is_object()) {
    out += to_json(a, with_answers).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  // The fixed keys in byte order; plugin-added keys (a.extra) are merged in where std::map
  // would put them, and dropped when they repeat a fixed key.
  static constexpr std::string_view kKeys[] = {
      "auto",     "commitments", "date",   "dates", "deadline_changes", "direction",
      "findings", "from",        "id",     "lang",  "questions",        "skipped",
      "subject",  "text",        "thread", "tone"};
  Writer w(out);
  auto fixed = [&](std::size_t k) {
    w.key(kKeys[k]);
    switch (k) {
      case 0:
        return w.boolean(a.automatic);
      case 1:
        return write_array(w, a.commitments,
                           [&](const Commitment& c) { write(w, c, with_answers); });
      case 2:
        if (a.date) return w.string(a.date->rfc3339());
        return w.raw("null");
      case 3:
        return write_array(w, a.dates, [&](const DateMention& d) { write(w, d); });
      case 4:
        return write_array(w, a.deadline_changes, [&](const DeadlineChange& c) { write(w, c); });
      case 5:
        return w.string(a.direction);
      case 6:
        return write_array(w, a.findings, [&](const Finding& f) { write(w, f); });
      case 7:
        w.open('{');
        w.key("address"), w.string(a.from_address);
        w.key("name"), w.string(a.from_name);
        return w.close('}');
      case 8:
        return w.string(a.id);
      case 9:
        return w.string(a.lang);
      case 10:
        return write_array(w, a.questions, [&](const Question& q) { write(w, q, with_answers); });
      case 11:
        return write_array(w, a.skipped, [&](const std::string& s) { w.string(s); });
      case 12:
        return w.string(a.subject);
      case 13:
        return w.string(a.text);
      case 14:
        return w.string(a.thread);
      case 15:
        return write(w, a.tone);
    }
  };
  constexpr std::size_t kCount = std::size(kKeys);
  w.open('{');
  std::size_t k = 0;
  for (auto it = a.extra.begin(); it != a.extra.end(); ++it) {
    const std::string& name = it.key();
    while (k < kCount && kKeys[k] < name) fixed(k++);
    if (k < kCount && kKeys[k] == name) continue;
    w.any_key(name);
    w.value(*it);
  }
  while (k < kCount) fixed(k++);
  w.close('}');
}

std::string to_json_string(const Analysis& a, bool with_answers) {
  std::string out;
  out.reserve(
      1024 + 2 * a.text.size() +
      256 * (a.questions.size() + a.dates.size() + a.tone.signals.size() + a.findings.size()));
  write_json(a, out, with_answers);
  return out;
}

json to_json(const ThreadAnalysis& t) {
  json messages = json::array(), open = json::array(), changes = json::array(),
       commitments = json::array();
  for (const auto& m : t.messages) messages.push_back(to_json(*m.analysis, true));
  for (const auto& q : t.open_questions)
    open.push_back({{"message", q.message_id},
                    {"text", q.text},
                    {"kind", q.kind},
                    {"start", q.start},
                    {"end", q.end},
                    {"times_asked", q.times_asked}});
  for (const auto& c : t.deadline_changes) changes.push_back(to_json(c));
  for (const auto& c : t.commitments) commitments.push_back(to_json(c, true));
  json j = {{"thread", t.key},
            {"subject", t.subject},
            {"messages", std::move(messages)},
            {"open_questions", std::move(open)},
            {"deadline_changes", std::move(changes)},
            {"commitments", std::move(commitments)},
            {"waiting", t.waiting}};
  for (const auto& [key, value] : t.extra.items())
    if (!j.contains(key)) j[key] = value;
  return j;
}

}  // namespace courtois
