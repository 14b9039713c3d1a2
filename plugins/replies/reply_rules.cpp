// Reading and validating rules/replies/ and rules/faq/ (see the comments at the top of each
// rule file for their fields).
#include "reply_rules.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <regex>

#include <date/date.h>

#include "courtois/text.hpp"

namespace courtois::replies {

namespace {

const std::set<std::string> kParts = {"greeting_named",
                                      "greeting_unnamed",
                                      "thanks",
                                      "questions_intro",
                                      "question_faq",
                                      "question_open",
                                      "question_safe",
                                      "deadline_moved",
                                      "deadline_cancelled",
                                      "deadline_confirm",
                                      "deadline_new_date",
                                      "new_date",
                                      "absence",
                                      "absence_backup",
                                      "absence_until",
                                      "next_step",
                                      "close"};

// Fields each part may use.
const std::map<std::string, std::set<std::string>> kPartFields = {
    {"greeting_named", {"name", "first_name"}},
    {"question_faq", {"question", "answer"}},
    {"question_open", {"question"}},
    {"question_safe", {"n"}},
    {"deadline_moved", {"from", "to"}},
    {"deadline_cancelled", {"from"}},
    {"deadline_confirm", {"date"}},
    {"deadline_new_date", {"date", "new_date"}},
    {"new_date", {"new_date"}},
    {"absence", {"until", "backup"}},
    {"absence_backup", {"backup"}},
    {"absence_until", {"until"}},
};

// Parts every language must have for the draft to be complete (the other parts are used only
// when their situation arises, but are checked the same way when present).
const std::vector<std::string> kRequiredParts = {
    "greeting_named",     "greeting_unnamed",  "thanks",           "question_open",
    "question_safe",      "question_faq",      "deadline_confirm", "deadline_moved",
    "deadline_cancelled", "deadline_new_date", "new_date",         "absence",
    "absence_backup",     "absence_until",     "next_step",        "close"};

std::string key(std::string_view a, std::string_view b, std::string_view c = {}) {
  std::string k(a);
  k += '|';
  k += b;
  if (!c.empty()) {
    k += '|';
    k += c;
  }
  return k;
}

std::vector<std::string> fields_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = text.find('{', i)) != std::string::npos) {
    auto close = text.find('}', i);
    if (close == std::string::npos) break;
    out.push_back(text.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return out;
}

RuleReader::Record object_record(const JsonRuleFile& file, const std::string& pointer) {
  try {
    const auto& node = file.doc.at(nlohmann::json::json_pointer(pointer));
    if (node.is_object()) return {pointer, &node};
  } catch (const std::exception&) {
  }
  return {pointer, nullptr};
}

}  // namespace

// ---- CueSet ----------------------------------------------------------------------------------

void CueSet::read(const JsonRuleFile& file, const std::string& array, bool with_weight,
                  bool with_suggestion, std::vector<RuleError>& errors) {
  RuleReader r(file, errors);
  path_ = file.path.string();
  for (const auto& rec : r.records(array)) {
    CueRule rule;
    auto symbol = r.string(rec, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"});
    auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
    auto pattern = r.string(rec, "pattern");
    auto description = r.string(rec, "description", {.required = false});
    if (with_weight) {
      auto w = r.number(rec, "weight", {.min = 0, .max = 10});
      if (w) rule.weight = *w;
    }
    if (with_suggestion) {
      auto s = r.string(rec, "suggestion");
      if (s) rule.suggestion = *s;
    }
    if (!symbol || !lang || !pattern) continue;
    if (pattern->empty()) {
      r.error(rec.pointer, "pattern", "must not be empty");
      continue;
    }
    rule.symbol = *symbol;
    rule.lang = *lang;
    rule.description = description.value_or("");
    rule.rule = r.rule_id(rec);
    rules_.push_back(rule);
    patterns_.push_back(fold_string(*pattern));
    lines_.push_back(r.line(rec.pointer + "/pattern"));
  }
}

std::vector<RuleError> CueSet::compile(const std::string& file_name) {
  std::vector<RuleError> errors;
  std::map<std::string, std::vector<PatternSpec>> specs;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    auto& list = specs[rules_[i].lang];
    list.push_back({static_cast<unsigned>(list.size()), patterns_[i], true, true});
    ids_[rules_[i].lang].push_back(i);
  }
  for (auto& [lang, list] : specs) {
    auto set = PatternSet::compile(list);
    if (!set) {
      int bad = PatternSet::failing_index(set.error());
      int line = bad >= 0 ? lines_[ids_[lang][static_cast<std::size_t>(bad)]] : 0;
      errors.push_back({path_.empty() ? file_name : path_, line, "pattern",
                        "does not compile: " + set.error().message});
      continue;
    }
    sets_.emplace(lang, std::move(set.value()));
  }
  return errors;
}

std::vector<CueSet::Hit> CueSet::scan(std::string_view text, std::string_view lang) const {
  std::vector<Hit> out;
  if (sets_.empty()) return out;
  FoldedText folded = fold(text);
  for (const auto& [l, set] : sets_) {
    if ((lang == "fr" || lang == "en") && l != lang) continue;
    const auto& ids = ids_.at(l);
    for (const Match& m : set.scan(folded.text)) {
      Span span = folded.source_span(m.start, m.end);
      // Leftmost-longest per pattern and start; keep one hit per rule and span start.
      bool dup = std::any_of(out.begin(), out.end(), [&](const Hit& h) {
        return h.rule == &rules_[ids[m.id]] && h.span.start == span.start;
      });
      if (!dup) out.push_back({&rules_[ids[m.id]], span});
    }
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end > b.span.end;
  });
  return out;
}

// ---- ReplyRules ------------------------------------------------------------------------------

std::vector<RuleError> ReplyRules::configure(const RuleSet& rules) {
  std::vector<RuleError> errors;
  auto need = [&](std::string_view name) -> const JsonRuleFile* {
    const JsonRuleFile* f = rules.json_file(name);
    if (!f) errors.push_back({"replies/" + std::string(name), 0, "", "missing rule file"});
    return f;
  };

  // templates.json
  if (const auto* f = need("templates.json")) {
    RuleReader r(*f, errors);
    if (auto markers = object_record(*f, "/placeholder_markers"); markers.value) {
      for (const auto& [lang, v] : markers.value->items()) {
        if (!v.is_string() || v.get<std::string>().empty())
          r.error("/placeholder_markers", lang, "must be a non-empty string");
        else
          markers_[lang] = v.get<std::string>();
      }
    } else {
      r.error("/placeholder_markers", "", "missing: expected {\"fr\": \"[À compléter :\", ...}");
    }
    std::set<std::string> langs;
    for (const auto& rec : r.records("/templates")) {
      auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
      auto style = r.string(rec, "style", {.one_of = {"formal", "warm", "firm", "safe", "*"}});
      auto part = r.string(rec, "part", {.one_of = {kParts.begin(), kParts.end()}});
      auto text = r.string(rec, "text");
      if (!lang || !style || !part || !text) continue;
      auto allowed = kPartFields.count(*part) ? kPartFields.at(*part) : std::set<std::string>{};
      bool ok = true;
      for (const auto& field : fields_of(*text)) {
        if (!allowed.count(field)) {
          r.error(rec.pointer, "text", "unknown field {" + field + "} for part " + *part);
          ok = false;
        }
      }
      if ((*part == "question_open" || *part == "question_safe" || *part == "deadline_confirm") &&
          markers_.count(*lang) && text->find(markers_[*lang]) == std::string::npos) {
        r.error(rec.pointer, "text",
                "a placeholder part must contain the marker \"" + markers_[*lang] + "\"");
        ok = false;
      }
      if (!ok) continue;
      if (!templates_.emplace(key(*lang, *style, *part), *text).second)
        r.error(rec.pointer, "part", "duplicate record for " + *lang + "/" + *style + "/" + *part);
      langs.insert(*lang);
    }
    for (const auto& lang : langs) {
      if (!markers_.count(lang))
        r.error("/placeholder_markers", lang, "missing the placeholder marker of " + lang);
      for (const auto& style : {"formal", "warm", "firm", "safe"})
        for (const auto& part : kRequiredParts)
          if (!text(lang, style, part))
            r.error("/templates", "",
                    "language " + lang + ", style " + style + ": no record for part " + part +
                        " (neither for the style nor for \"*\")");
    }
    for (const auto& rec : r.records("/calendar")) {
      auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
      auto d = r.string(rec, "date");
      auto t = r.string(rec, "time");
      auto months = r.strings(rec, "months", true);
      auto weekdays = r.strings(rec, "weekdays", true);
      if (!lang || !d || !t || !months || !weekdays) continue;
      if (months->size() != 12) r.error(rec.pointer, "months", "expected 12 month names");
      if (weekdays->size() != 7)
        r.error(rec.pointer, "weekdays", "expected 7 weekday names, Monday first");
      if (months->size() != 12 || weekdays->size() != 7) continue;
      calendars_[*lang] = {*d, *t, *months, *weekdays};
    }
    for (const auto& lang : langs)
      if (!calendars_.count(lang)) r.error("/calendar", "", "no calendar for language " + lang);
  }

  // acknowledgements.json
  if (const auto* f = need("acknowledgements.json")) {
    RuleReader r(*f, errors);
    for (const auto& rec : r.records("/acknowledgements")) {
      auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
      auto style = r.string(rec, "style", {.one_of = {"formal", "warm", "firm", "safe", "*"}});
      auto tone = r.string(rec, "tone", {.one_of = {"calm", "tense", "hostile", "*"}});
      auto text = r.string(rec, "text");
      if (!lang || !style || !tone || !text) continue;
      if (!acks_.emplace(key(*lang, *style, *tone), *text).second)
        r.error(rec.pointer, "tone", "duplicate record");
    }
  }

  // frame.json
  if (const auto* f = need("frame.json")) {
    RuleReader r(*f, errors);
    if (f->doc.contains("threshold")) {
      const auto& t = f->doc["threshold"];
      if (!t.is_number() || t.get<double>() <= 0)
        r.error("/threshold", "", "must be a number above 0");
      else
        scope_threshold_ = t.get<double>();
    }
    for (const auto& rec : r.records("/frame")) {
      auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
      auto text = r.string(rec, "text");
      if (lang && text) frames_[*lang] = *text;
    }
    cues_.read(*f, "/cues", true, false, errors);
    for (auto& e : cues_.compile("replies/frame.json")) errors.push_back(e);
  }

  // wording.json
  if (const auto* f = need("wording.json")) {
    wording_.read(*f, "/rules", false, true, errors);
    for (auto& e : wording_.compile("replies/wording.json")) errors.push_back(e);
  }

  // settings.json
  if (const auto* f = need("settings.json")) {
    RuleReader r(*f, errors);
    auto gate = object_record(*f, "/gate");
    if (!gate.value) {
      r.error("/gate", "", "missing: expected {\"min_politeness\", \"hostile_categories\"}");
    } else {
      if (auto p = r.number(gate, "min_politeness", {.min = -1, .max = 1})) min_politeness = *p;
      if (auto c = r.strings(gate, "hostile_categories", true))
        hostile_categories = {c->begin(), c->end()};
    }
    auto check = object_record(*f, "/check");
    if (!check.value) {
      r.error("/check", "", "missing");
    } else {
      if (auto c = r.strings(check, "shouting_categories", true))
        shouting_categories = {c->begin(), c->end()};
      for (const auto& rec : r.records("/check/advice")) {
        auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
        auto cat = r.string(rec, "category");
        auto s = r.string(rec, "suggestion");
        if (lang && cat && s) advice_[key(*lang, *cat)] = *s;
      }
      for (const std::string what : {"unanswered", "promised", "ignored"}) {
        for (const auto& rec : r.records("/check/" + what)) {
          auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
          auto s = r.string(rec, "suggestion");
          if (lang && s) check_texts_[key(what, *lang)] = *s;
        }
      }
    }
    RuleReader::Record top{"", &f->doc};
    if (auto roles = r.strings(top, "deadline_roles", true))
      deadline_roles = {roles->begin(), roles->end()};
    if (auto n = r.number(top, "question_max_chars", {.min = 20, .max = 2000}))
      question_max_chars = static_cast<std::size_t>(*n);
    if (auto n = r.number(top, "max_deadlines", {.min = 0, .max = 50}))
      max_deadlines = static_cast<std::size_t>(*n);
    auto words = object_record(*f, "/deadline_words");
    if (!words.value) {
      r.error("/deadline_words", "", "missing: expected {\"fr\": \"deadline_words_fr\", ...}");
    } else {
      for (const auto& [lang, v] : words.value->items()) {
        const ListFile* list = v.is_string() ? rules.list(v.get<std::string>() + ".txt") : nullptr;
        if (!list) {
          r.error("/deadline_words", lang,
                  "names no list file of rules/replies/ (expected \"NAME\" for NAME.txt)");
          continue;
        }
        auto& out = deadline_words_[lang];
        for (const auto& [line, entry] : list->entries) out.push_back(fold_string(entry));
      }
    }
  }

  // llm.json (optional file: without it, rewriting is off)
  if (const auto* f = rules.json_file("llm.json")) {
    RuleReader r(*f, errors);
    RuleReader::Record top{"", &f->doc};
    llm.enabled = r.boolean(top, "enabled").value_or(false);
    llm.allow_remote = r.boolean(top, "allow_remote").value_or(false);
    if (auto e = r.string(top, "endpoint", {.pattern = "^https?://.+"})) llm.endpoint = *e;
    if (auto m = r.string(top, "model")) llm.model = *m;
    if (auto t = r.number(top, "timeout_ms", {.min = 100, .max = 600000}))
      llm.timeout_ms = static_cast<int>(*t);
    if (auto t = r.number(top, "temperature", {.required = false, .min = 0, .max = 2}))
      llm.temperature = *t;
    for (const auto& rec : r.records("/system")) {
      auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
      auto text = r.string(rec, "text");
      if (lang && text) llm.system[*lang] = *text;
    }
  }
  return errors;
}

const std::string* ReplyRules::text(std::string_view lang, std::string_view style,
                                    std::string_view part) const {
  auto it = templates_.find(key(lang, style, part));
  if (it == templates_.end()) it = templates_.find(key(lang, "*", part));
  return it == templates_.end() ? nullptr : &it->second;
}

std::string ReplyRules::acknowledgement(std::string_view lang, std::string_view style,
                                        std::string_view tone) const {
  for (auto k :
       {key(lang, style, tone), key(lang, "*", tone), key(lang, style, "*"), key(lang, "*", "*")}) {
    auto it = acks_.find(k);
    if (it != acks_.end()) return it->second;
  }
  return {};
}

std::string ReplyRules::frame(std::string_view lang) const {
  auto it = frames_.find(std::string(lang));
  return it == frames_.end() ? std::string() : it->second;
}

std::string ReplyRules::placeholder_marker(std::string_view lang) const {
  auto it = markers_.find(std::string(lang));
  return it == markers_.end() ? std::string("[") : it->second;
}

std::vector<std::string> ReplyRules::languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, c] : calendars_) out.push_back(lang);
  return out;
}

std::string ReplyRules::advice(std::string_view lang, std::string_view category) const {
  auto it = advice_.find(key(lang, category));
  if (it == advice_.end()) it = advice_.find(key("en", category));
  return it == advice_.end() ? std::string() : it->second;
}

std::string ReplyRules::check_text(std::string_view what, std::string_view lang) const {
  auto it = check_texts_.find(key(what, lang));
  if (it == check_texts_.end()) it = check_texts_.find(key(what, "en"));
  return it == check_texts_.end() ? std::string() : it->second;
}

const std::vector<std::string>& ReplyRules::deadline_words(std::string_view lang) const {
  static const std::vector<std::string> none;
  auto it = deadline_words_.find(std::string(lang));
  return it == deadline_words_.end() ? none : it->second;
}

std::string ReplyRules::format_date(const ZonedTime& t, std::string_view grain,
                                    std::string_view lang) const {
  auto it = calendars_.find(std::string(lang));
  if (it == calendars_.end()) it = calendars_.begin();
  if (it == calendars_.end()) return t.rfc3339().substr(0, 10);
  const Calendar& cal = it->second;
  auto local = t.local();
  auto day = std::chrono::floor<std::chrono::days>(local);
  date::year_month_day ymd{date::local_days{day.time_since_epoch()}};
  date::weekday wd{date::local_days{day.time_since_epoch()}};
  date::hh_mm_ss hms{local - day};
  auto fill = [](std::string s, std::string_view field, std::string_view value) {
    std::string f = "{" + std::string(field) + "}";
    for (auto p = s.find(f); p != std::string::npos; p = s.find(f, p + value.size()))
      s.replace(p, f.size(), value);
    return s;
  };
  std::string month = cal.months[static_cast<unsigned>(ymd.month()) - 1];
  std::string year = std::to_string(static_cast<int>(ymd.year()));
  if (grain == "month" || grain == "quarter" || grain == "year") return month + " " + year;
  std::string d = cal.date;
  d = fill(d, "weekday", cal.weekdays[wd.iso_encoding() - 1]);
  d = fill(d, "day", std::to_string(static_cast<unsigned>(ymd.day())));
  d = fill(d, "month", month);
  d = fill(d, "year", year);
  if (grain != "minute" && grain != "hour") return d;
  char minute[3];
  std::snprintf(minute, sizeof minute, "%02d", static_cast<int>(hms.minutes().count()));
  std::string out = fill(cal.time, "date", d);
  out = fill(out, "hour", std::to_string(hms.hours().count()));
  return fill(out, "minute", minute);
}

std::optional<std::string> ReplyRules::format_value(std::string_view value, std::string_view grain,
                                                    std::string_view lang) const {
  auto t = ZonedTime::parse_rfc3339(value);
  if (!t) return std::nullopt;
  // A date alone has no time of day to show.
  std::string_view g = value.size() <= 10 && (grain == "minute" || grain == "hour") ? "day" : grain;
  return format_date(*t, g, lang);
}

// ---- FAQ -------------------------------------------------------------------------------------

std::vector<RuleError> FaqBook::configure(const RuleSet& rules) {
  std::vector<RuleError> errors;
  for (const auto& list : rules.lists) {
    // stopwords_fr.txt -> "fr"
    std::string name = list.name();
    if (name.rfind("stopwords_", 0) != 0) continue;
    std::string lang = name.substr(10, name.size() - 10 - 4);
    for (const auto& [line, entry] : list.entries) stopwords_[lang].insert(fold_string(entry));
  }
  const JsonRuleFile* f = rules.json_file("faq.json");
  if (!f) {
    errors.push_back({"faq/faq.json", 0, "", "missing rule file"});
    return errors;
  }
  RuleReader r(*f, errors);
  RuleReader::Record top{"", &f->doc};
  if (auto s = r.number(top, "min_score", {.required = false, .min = 0.05, .max = 1}))
    min_score_ = *s;
  std::set<std::string> ids;
  for (const auto& rec : r.records("/entries")) {
    Entry e;
    auto id = r.string(rec, "id", {.pattern = "^[a-z0-9][a-z0-9-]*$"});
    auto lang = r.string(rec, "lang", {.pattern = "^[a-z]{2}$"});
    auto questions = r.strings(rec, "questions", true);
    auto keywords = r.strings(rec, "keywords", false);
    auto answer = r.string(rec, "answer");
    if (!id || !lang || !questions || !answer) continue;
    if (questions->empty()) {
      r.error(rec.pointer, "questions", "needs at least one way of asking the question");
      continue;
    }
    if (answer->empty()) {
      r.error(rec.pointer, "answer", "must not be empty");
      continue;
    }
    if (!ids.insert(*id + "|" + *lang).second) {
      r.error(rec.pointer, "id", "duplicate id " + *id + " for language " + *lang);
      continue;
    }
    e.id = *id;
    e.lang = *lang;
    e.answer = *answer;
    e.rule = r.rule_id(rec);
    e.questions = *questions;
    for (const auto& q : e.questions) {
      auto t = tokens(q, e.lang);
      if (t.empty()) {
        r.error(rec.pointer, "questions",
                "\"" + q + "\" has only stop words: it can never match a question");
        continue;
      }
      e.variant_tokens.push_back(std::move(t));
    }
    if (keywords)
      for (const auto& k : *keywords) {
        auto t = tokens(k, e.lang);
        if (!t.empty()) e.keywords.push_back(std::move(t));
      }
    if (!e.variant_tokens.empty()) entries_.push_back(std::move(e));
  }
  return errors;
}

namespace {

// A light stemmer shared by both languages: enough for "trouve"/"trouver", "factures"/
// "facture", "tracking"/"track", "refunded"/"refund" to meet; never below four letters.
std::string_view stem_word(std::string_view w) {
  // Longest first where one ends another ("ements" before "s"). Most words end in none: a
  // suffix is compared only when it ends with the word's last letter.
  static constexpr std::string_view kSuffixes[] = {
      "ements", "ement", "ations", "ation", "ing", "ers", "er", "ez", "ed", "es", "e", "s", "x"};
  if (w.empty()) return w;
  for (std::string_view s : kSuffixes)
    if (s.back() == w.back() && w.size() >= s.size() + 4 &&
        w.compare(w.size() - s.size(), s.size(), s) == 0)
      return w.substr(0, w.size() - s.size());
  return w;
}

}  // namespace

template <class F>
void FaqBook::each_term(std::string_view text, std::string_view lang, F&& f) const {
  each_folded_term(fold_string(text), lang, f);
}

template <class F>
void FaqBook::each_folded_term(std::string_view folded, std::string_view lang, F&& f) const {
  // The stop lists that apply: the message's language, or every list when it is unknown.
  std::vector<const WordSet*> lists;
  bool known = lang == "fr" || lang == "en";
  for (const auto& [l, words] : stopwords_)
    if (!known || l == lang) lists.push_back(&words);
  auto stop = [&](std::string_view w) {
    for (const WordSet* list : lists)
      if (list->find(w) != list->end()) return true;
    return false;
  };
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !courtois::is_word_byte(folded[i])) ++i;
    std::size_t start = i;
    while (i < folded.size() && courtois::is_word_byte(folded[i])) ++i;
    if (i == start) continue;
    std::string_view w(folded.data() + start, i - start);
    if (w.size() < 2 && !std::isdigit(static_cast<unsigned char>(w[0]))) continue;
    if (stop(w)) continue;
    std::string_view stem = stem_word(w);
    if (stem.size() != w.size() && stop(stem)) continue;
    f(stem, w);
  }
}

std::vector<std::pair<std::string, std::string>> FaqBook::terms(std::string_view text,
                                                                std::string_view lang) const {
  std::vector<std::pair<std::string, std::string>> out;
  each_term(text, lang, [&](std::string_view stem, std::string_view word) {
    out.emplace_back(std::string(stem), std::string(word));
  });
  return out;
}

std::vector<std::string> FaqBook::tokens(std::string_view text, std::string_view lang) const {
  std::vector<std::string> out;
  each_term(text, lang, [&](std::string_view stem, std::string_view) { out.emplace_back(stem); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {
// Size of the intersection of two sorted, duplicate-free lists, without copying a word.
template <class A, class B>
std::size_t common_count(const std::vector<A>& a, const std::vector<B>& b) {
  std::size_t n = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    int c = std::string_view(*i).compare(std::string_view(*j));
    if (c == 0)
      ++n, ++i, ++j;
    else if (c < 0)
      ++i;
    else
      ++j;
  }
  return n;
}

// Whether every word of `sub` (sorted) is in `words` (sorted).
bool includes_all(const std::vector<std::string_view>& words, const std::vector<std::string>& sub) {
  return common_count(words, sub) == sub.size();
}
}  // namespace

double dice(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  return 2.0 * static_cast<double>(common_count(a, b)) / static_cast<double>(a.size() + b.size());
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = common_count(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::optional<FaqMatch> FaqBook::match(std::string_view question, std::string_view lang) const {
  // The question's words as views into one folded copy: no string per word.
  const std::string folded = fold_string(question);
  std::vector<std::string_view> q;
  each_folded_term(folded, lang,
                   [&](std::string_view stem, std::string_view) { q.push_back(stem); });
  if (q.empty()) return std::nullopt;
  std::sort(q.begin(), q.end());
  q.erase(std::unique(q.begin(), q.end()), q.end());
  // Dice is at most 2 min(|q|, |v|) / (|q| + |v|): a variant of another length than the
  // question's can be ruled out without comparing a word (a long sentence matches no FAQ
  // question of four words).
  auto reachable = [&](std::size_t v) {
    double most =
        2.0 * static_cast<double>(std::min(q.size(), v)) / static_cast<double>(q.size() + v);
    return most >= min_score_;
  };
  std::optional<FaqMatch> best;
  for (const auto& e : entries_) {
    if ((lang == "fr" || lang == "en") && e.lang != lang) continue;
    if (std::none_of(e.variant_tokens.begin(), e.variant_tokens.end(),
                     [&](const auto& v) { return reachable(v.size()); }))
      continue;
    if (!e.keywords.empty()) {
      bool any = std::any_of(e.keywords.begin(), e.keywords.end(),
                             [&](const auto& k) { return includes_all(q, k); });
      if (!any) continue;
    }
    double score = 0;
    for (const auto& v : e.variant_tokens) {
      if (!reachable(v.size())) continue;
      score = std::max(score, 2.0 * static_cast<double>(common_count(q, v)) /
                                  static_cast<double>(q.size() + v.size()));
    }
    if (score >= min_score_ && (!best || score > best->score))
      best = FaqMatch{e.id, e.lang, e.answer, score};
  }
  return best;
}

// ---- Loading once ----------------------------------------------------------------------------

std::shared_ptr<const LoadedRules> rules_for(const Engine& engine) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const LoadedRules>> cache;
  const EngineOptions& o = engine.options();
  std::string k = o.rules_dir.string() + "\n" +
                  (o.local_rules_dir ? o.local_rules_dir->string() : std::string());
  std::lock_guard lock(mutex);
  auto it = cache.find(k);
  if (it != cache.end()) return it->second;
  auto loaded = std::make_shared<LoadedRules>();
  std::vector<RuleError> errors;
  RuleSet replies = load_rule_set("replies", o.rules_dir, o.local_rules_dir, errors);
  RuleSet faq = load_rule_set("faq", o.rules_dir, o.local_rules_dir, errors);
  if (errors.empty()) {
    for (auto& e : loaded->replies.configure(replies)) errors.push_back(e);
    for (auto& e : loaded->faq.configure(faq)) errors.push_back(e);
  }
  loaded->errors = std::move(errors);
  cache.emplace(k, loaded);
  return loaded;
}

Error rules_error(const LoadedRules& rules) {
  std::string m = rules.errors.front().to_string();
  if (rules.errors.size() > 1)
    m += " (and " + std::to_string(rules.errors.size() - 1) + " more; see `courtois rules check`)";
  return make_error(Errc::rule, m);
}

}  // namespace courtois::replies

namespace courtois::replies {

std::vector<RuleError> rule_errors(const Engine& engine) {
  return rules_for(engine)->errors;
}

}  // namespace courtois::replies
