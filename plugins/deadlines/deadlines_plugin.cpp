#include "deadlines_plugin.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

#include "courtois/text.hpp"

namespace courtois {

namespace {

using deadlines::CueRule;
using deadlines::CueSet;
using deadlines::FoundDate;
using deadlines::LocalSeconds;
using namespace std::chrono;

// A combined match id: the set in the high byte, the rule in the rest.
constexpr unsigned kSetShift = 24;

// Reads one cue file (roles.json, changes.json, ...) into its rules, and its patterns into
// `patterns` as the next set.
void load_cues(const RuleSet& rules, const char* file, const char* kind_field,
               const std::vector<std::string>& kinds, CueSet& out, deadlines::CuePatterns& patterns,
               std::vector<RuleError>& errors) {
  const auto set = static_cast<unsigned>(patterns.sets++);
  const JsonRuleFile* f = rules.json_file(file);
  if (!f) {
    errors.push_back({file, 0, "", std::string("missing rule file rules/deadlines/") + file});
    return;
  }
  RuleReader r(*f, errors);
  for (const auto& rec : r.records("/rules")) {
    RuleReader::StringOpts symbol_opts, lang_opts, kind_opts, optional, scope_opts;
    symbol_opts.pattern = "^[A-Z][A-Z0-9_]*$";
    lang_opts.one_of = {"fr", "en"};
    kind_opts.one_of = kinds;
    optional.required = false;
    scope_opts.required = false;
    scope_opts.one_of = {"before", "sentence"};
    RuleReader::NumberOpts weight_opts;
    weight_opts.required = false;
    weight_opts.min = 0;
    weight_opts.max = 10;
    auto symbol = r.string(rec, "symbol", symbol_opts);
    auto lang = r.string(rec, "lang", lang_opts);
    auto pattern = r.string(rec, "pattern");
    auto weight = r.number(rec, "weight", weight_opts);
    auto description = r.string(rec, "description");
    std::optional<std::string> kind;
    if (kind_field) kind = r.string(rec, kind_field, kind_opts);
    auto topic = r.string(rec, "topic", optional);
    auto scope = r.string(rec, "scope", scope_opts);
    if (!symbol || !lang || !pattern || !description || (kind_field && !kind)) continue;
    CueRule c;
    c.symbol = *symbol;
    c.lang = *lang;
    c.kind = kind.value_or("");
    c.topic = topic.value_or("");
    c.scope = scope.value_or("sentence");
    c.description = *description;
    c.weight = weight.value_or(1);
    c.rule = r.rule_id(rec);
    if (out.rules.size() >= (1u << kSetShift) || set > 0xff) {
      r.error(rec.pointer, "rules", "too many cue rules");
      break;
    }
    unsigned id = static_cast<unsigned>(out.rules.size()) | set << kSetShift;
    out.rules.push_back(c);
    bool french = c.lang == "fr";
    (french ? patterns.fr : patterns.en).push_back({id, fold_string(*pattern), true, true});
    (french ? patterns.fr_where : patterns.en_where).emplace_back(f, rec.pointer);
  }
}

std::string day_string(LocalSeconds t) {
  year_month_day ymd{floor<days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// A date as a change endpoint: the day, or the full time when the text named one.
std::string change_point(LocalSeconds t, std::string_view grain, int offset) {
  if (grain == "minute" || grain == "hour") return deadlines::format_rfc3339(t, offset);
  return day_string(t);
}

// When a promise made for a day is due: that day at the end of business (18:00); for a week,
// its Friday; for a month or a quarter, its last day.
LocalSeconds due_of(const FoundDate& d) {
  if (d.grain == "minute" || d.grain == "hour") return d.value;
  local_days day = floor<days>(d.value);
  if (d.grain == "week") day += days{4};
  if (d.grain == "month" || d.grain == "quarter" || d.grain == "year") {
    if (d.end_value) {
      day = floor<days>(*d.end_value);
    } else {
      year_month_day ymd{day};
      day = local_days{ymd.year() / ymd.month() / last};
    }
  }
  return day + hours{18};
}

// A date that was over when the message was written, so no promise can be due then: a day
// before the message's; a time of day more than a part of the day (4 h) before it, since a
// part of the day reads as its start ("ce soir" at 18:02 is still this evening).
bool is_past_when_written(const FoundDate& d, LocalSeconds written) {
  if (d.grain == "minute" || d.grain == "hour") return d.value + hours{4} < written;
  return floor<days>(due_of(d)) < floor<days>(written);
}

const std::set<std::string>& object_stopwords() {
  static const std::set<std::string> words{
      "le",     "la",      "les",  "l",     "un",    "une",  "des",     "du",       "de",
      "d",      "the",     "a",    "an",    "it",    "them", "you",     "vous",     "to",
      "your",   "votre",   "vos",  "our",   "notre", "nos",  "me",      "moi",      "y",
      "en",     "over",    "back", "with",  "avec",  "this", "that",    "ce",       "cette",
      "ces",    "my",      "mon",  "ma",    "mes",   "new",  "nouveau", "nouvelle", "updated",
      "final",  "revised", "all",  "tout",  "tous",  "bien", "au",      "aux",      "on",
      "for",    "pour",    "by",   "d'ici", "sous",  "dans", "in",      "within",   "avant",
      "before", "until",   "to",   "us",    "nous",  "lui",  "his",     "her",      "their",
      "its",    "and",     "et",   "je",    "i",     "we",   "here"};
  return words;
}

}  // namespace

namespace deadlines {

CueSets CueSets::compile(const CuePatterns& patterns, std::vector<RuleError>& errors) {
  CueSets out;
  out.sets_ = patterns.sets;
  auto one = [&](const std::vector<PatternSpec>& specs, const auto& where, PatternSet& set) {
    if (specs.empty()) return;
    auto compiled = PatternSet::compile(specs);
    if (compiled) {
      set = std::move(*compiled);
      return;
    }
    int bad = PatternSet::failing_index(compiled.error());
    if (bad < 0 || static_cast<std::size_t>(bad) >= where.size()) {
      errors.push_back({"deadlines", 0, "pattern", compiled.error().message});
      return;
    }
    // "pattern #N: problem": N counts the patterns of all files; the record names it.
    std::string problem = compiled.error().message;
    if (auto colon = problem.find(": "); colon != std::string::npos) problem.erase(0, colon + 2);
    const auto& [file, pointer] = where[static_cast<std::size_t>(bad)];
    RuleReader(*file, errors).error(pointer, "pattern", problem);
  };
  one(patterns.fr, patterns.fr_where, out.fr_);
  one(patterns.en, patterns.en_where, out.en_);
  return out;
}

std::vector<std::vector<Match>> CueSets::scan(std::string_view folded,
                                              std::string_view lang) const {
  std::vector<std::vector<Match>> out(sets_);
  auto split = [&](const PatternSet& set) {
    for (Match m : set.scan(folded)) {
      std::size_t k = m.id >> kSetShift;
      m.id &= (1u << kSetShift) - 1;
      if (k < out.size()) out[k].push_back(m);
    }
  };
  if (lang != "en" && !fr_.empty()) split(fr_);
  if (lang != "fr" && !en_.empty()) split(en_);
  for (auto& matches : out)
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
  return out;
}

}  // namespace deadlines

namespace {

struct TextFindings {
  std::vector<FoundDate> found;  // source offsets
  std::vector<DateMention> dates;
  std::vector<std::string> topics;       // per date
  std::vector<std::size_t> sentence_of;  // per date
  std::vector<Span> sentences;
  std::vector<std::string> sentence_topic;
  std::vector<std::pair<DeadlineChange, std::string>> changes;  // change, topic
  struct Shift {
    std::string text;  // folded, from the amount on ("d'une semaine")
    int sign = 0;      // +1 later, -1 earlier; 0: no shift
  };
  std::vector<Shift> change_shifts;  // per change: an amount with no date to apply it to
  struct Promise {
    Commitment commitment;
    std::string object;  // folded noun of the promised thing, empty for "it"
    std::string kind;    // deliver | reply
  };
  std::vector<Promise> promises;
  std::vector<Finding> findings;
  int offset = 0;
};

}  // namespace

std::vector<RuleError> DeadlinesPlugin::configure(const RuleSet& rules) {
  std::vector<RuleError> errors;
  vocab_ = std::make_unique<deadlines::Vocabulary>(deadlines::load_vocabulary(rules, errors));
  grammar_ = std::make_unique<deadlines::DateGrammar>(*vocab_);
  roles_ = {};
  changes_ = {};
  promises_ = {};
  deliveries_ = {};
  deadlines::CuePatterns sentence, delivery;
  load_cues(rules, "roles.json", "role", {"deadline", "meeting", "delivery", "payment", "reply"},
            roles_, sentence, errors);
  load_cues(rules, "changes.json", "kind", {"later", "earlier", "move", "instead", "cancelled"},
            changes_, sentence, errors);
  load_cues(rules, "commitments.json", "kind", {"deliver", "reply"}, promises_, sentence, errors);
  load_cues(rules, "deliveries.json", "kind", {"deliver", "ack"}, deliveries_, delivery, errors);
  sentence_cues_ = deadlines::CueSets::compile(sentence, errors);
  delivery_cues_ = deadlines::CueSets::compile(delivery, errors);
  return errors;
}

namespace {

struct Context {
  const deadlines::DateGrammar* grammar;
  const CueSet* roles;
  const CueSet* changes;
  const CueSet* promises;
  const deadlines::CueSets* cues;  // the three above, scanned in one pass
};

// Dates of a text, with spans in the original text.
std::vector<FoundDate> find_dates(const deadlines::DateGrammar& grammar, std::string_view text,
                                  const FoldedText& folded, const std::optional<ZonedTime>& date,
                                  std::string_view lang) {
  std::optional<deadlines::Reference> ref;
  deadlines::DateOptions options;
  if (date) {
    ref = deadlines::Reference{date->local(), date->offset_minutes};
    // US order only for English written from an American offset (UTC-10:00 to UTC-04:00).
    options.month_first =
        lang == "en" && date->offset_minutes <= -240 && date->offset_minutes >= -600;
  }
  auto found = grammar.find(folded.text, text, folded.origin, ref, options);
  for (auto& f : found) {
    Span s = folded.source_span(f.start, f.end);
    f.start = s.start;
    f.end = s.end;
  }
  return found;
}

TextFindings analyse_text(const Context& cx, std::string_view text,
                          const std::optional<ZonedTime>& date, std::string_view lang_in) {
  TextFindings tf;
  std::string lang = (lang_in == "fr" || lang_in == "en") ? std::string(lang_in) : "any";
  FoldedText folded = fold(text);
  tf.offset = date ? date->offset_minutes : 0;
  tf.found = find_dates(*cx.grammar, text, folded, date, lang);
  tf.dates.reserve(tf.found.size());
  tf.sentences = sentences(text, lang == "fr" ? "fr" : "en");
  if (tf.sentences.empty() && !text.empty()) tf.sentences.push_back({0, text.size()});
  // The sentence holding pos (sentences are in order and do not overlap); a position between
  // sentences counts in the last one.
  auto sentence_index = [&](std::size_t pos) {
    auto it = std::upper_bound(tf.sentences.begin(), tf.sentences.end(), pos,
                               [](std::size_t v, const Span& s) { return v < s.start; });
    if (it != tf.sentences.begin() && pos < std::prev(it)->end)
      return static_cast<std::size_t>(std::prev(it) - tf.sentences.begin());
    return tf.sentences.empty() ? std::size_t{0} : tf.sentences.size() - 1;
  };
  auto to_source = [&](const Match& m) { return folded.source_span(m.start, m.end); };
  auto finding = [&](const CueRule& c, Span s, const char* category) {
    Finding f;
    f.plugin = "deadlines";
    f.symbol = c.symbol;
    f.category = category;
    f.description = c.description;
    f.rule = c.rule;
    f.text = std::string(text.substr(s.start, s.end - s.start));
    f.start = s.start;
    f.end = s.end;
    f.score = c.weight;
    tf.findings.push_back(std::move(f));
  };

  // Roles and topics.
  // The cues of roles, changes and commitments, in one pass.
  std::vector<std::vector<Match>> cue_matches = cx.cues->scan(folded.text, lang);
  std::vector<Match>& role_matches = cue_matches[0];
  tf.sentence_topic.assign(tf.sentences.size(), "");
  std::vector<double> topic_weight(tf.sentences.size(), -1);
  // Role cues by sentence, in their order: a date looks only at its own sentence's (a long
  // text of dates and cues stays linear).
  std::vector<std::vector<std::size_t>> roles_in(tf.sentences.size());
  for (std::size_t r = 0; r < role_matches.size(); ++r) {
    const auto& m = role_matches[r];
    const CueRule& c = cx.roles->rules[m.id];
    std::size_t si = sentence_index(to_source(m).start);
    if (si < roles_in.size()) roles_in[si].push_back(r);
    if (c.topic.empty()) continue;
    if (c.weight > topic_weight[si]) topic_weight[si] = c.weight, tf.sentence_topic[si] = c.topic;
  }
  for (const auto& f : tf.found) {
    DateMention d;
    d.text = std::string(text.substr(f.start, f.end - f.start));
    d.start = f.start;
    d.end = f.end;
    d.value = deadlines::format_rfc3339(f.value, tf.offset);
    if (f.end_value) d.end_value = deadlines::format_rfc3339(*f.end_value, tf.offset);
    d.grain = f.grain;
    std::size_t si = sentence_index(f.start);
    double best = -1;
    const CueRule* best_rule = nullptr;
    Span best_span;
    static const std::vector<std::size_t> none;
    for (std::size_t r : si < roles_in.size() ? roles_in[si] : none) {
      const auto& m = role_matches[r];
      const CueRule& c = cx.roles->rules[m.id];
      Span s = to_source(m);
      bool applies = false;
      if (c.scope == "before") {
        std::size_t gap_from = std::min(s.end, f.start);
        applies = s.start < f.start && s.end <= f.end && f.start - gap_from <= 2;
      } else {
        applies = s.end <= f.start || s.start >= f.end;
      }
      if (applies && c.weight > best) best = c.weight, best_rule = &c, best_span = s;
    }
    if (best_rule) {
      d.role = best_rule->kind;
      finding(*best_rule, best_span, "role");
    }
    tf.dates.push_back(d);
    tf.topics.push_back(tf.sentence_topic.empty() ? "" : tf.sentence_topic[si]);
    tf.sentence_of.push_back(si);
  }

  // Changes, one per sentence with a change verb.
  std::vector<Match>& change_matches = cue_matches[1];
  // "instead of" says which date is old and which new whatever other verb the sentence has
  // ("move the call to Thursday rather than Tuesday"): read first.
  std::stable_partition(change_matches.begin(), change_matches.end(),
                        [&](const auto& m) { return cx.changes->rules[m.id].kind == "instead"; });
  std::set<std::size_t> changed_sentences;
  // Shift amounts tried per message: a pathological text of change verbs stays linear.
  int shift_budget = 256;
  for (const auto& m : change_matches) {
    Span cue = to_source(m);
    std::size_t si = sentence_index(cue.start);
    if (changed_sentences.count(si)) continue;
    const CueRule& c = cx.changes->rules[m.id];
    std::vector<std::size_t> in;
    for (std::size_t k = 0; k < tf.found.size(); ++k)
      if (tf.sentence_of[k] == si) in.push_back(k);
    DeadlineChange ch;
    Span sent = tf.sentences.empty() ? Span{0, text.size()} : tf.sentences[si];
    ch.text = std::string(text.substr(sent.start, sent.end - sent.start));
    ch.start = sent.start;
    ch.end = sent.end;
    auto point = [&](std::size_t k) {
      return change_point(tf.found[k].value, tf.found[k].grain, tf.offset);
    };
    std::optional<LocalSeconds> from_t, to_t;
    // A change told of the past is no change to come: "we cancelled our subscription last
    // year", "nous avons annulé ... l'année dernière".
    auto over = [&](std::size_t k) {
      return date && is_past_when_written(tf.found[k], date->local());
    };
    // The same date moved to `value` (the end of a range, a shifted date).
    auto over_at = [&](std::size_t k, LocalSeconds value) {
      FoundDate moved = tf.found[k];
      moved.value = value;
      return date && is_past_when_written(moved, date->local());
    };
    auto record = [&](TextFindings::Shift shift) {
      changed_sentences.insert(si);
      finding(c, cue, "change");
      tf.changes.emplace_back(ch, tf.sentence_topic.empty() ? "" : tf.sentence_topic[si]);
      tf.change_shifts.push_back(std::move(shift));
    };
    if (c.kind == "cancelled") {
      if (!in.empty() && over(in.front())) continue;
      if (!in.empty()) ch.from = point(in.front());
      ch.direction = "cancelled";
    } else {
      std::vector<std::size_t> before, after;
      for (auto k : in) (tf.found[k].end <= cue.start ? before : after).push_back(k);
      if (c.kind == "instead" && !before.empty() && !after.empty()) {
        // "jeudi plutôt que mardi", "à 15h au lieu de 11h", "the 12th, not the 10th": the date
        // before the cue is the new one, the one after it the old one.
        from_t = tf.found[after.front()].value, to_t = tf.found[before.back()].value;
        ch.from = point(after.front()), ch.to = point(before.back());
        if (*to_t == *from_t || over(before.back())) continue;
        ch.direction = *to_t > *from_t ? "later" : "earlier";
        record({});
        continue;
      }
      // "repoussée d'une semaine", "avancer de deux jours la livraison prévue le 12", "slip by
      // a week": an amount right after the verb moves the sentence's date, which is the old one.
      int sign = c.kind == "later" ? 1 : c.kind == "earlier" ? -1 : 0;
      std::string shift_text;
      // The word before a date says it is the new one: "repoussé de 2 jours au 14".
      auto named_as_new = [&](std::size_t k) {
        std::size_t e = tf.found[k].start;
        while (e > 0 && text[e - 1] == ' ') --e;
        std::size_t b = e;
        while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n') --b;
        std::string w = fold_string(text.substr(b, e - b));
        return w == "au" || w == "a" || w == "to" || w == "until" || w == "till" ||
               w == "jusqu'au" || w == "through";
      };
      if (sign && (before.empty() || after.empty()) &&
          !(before.empty() && !after.empty() && named_as_new(after.front()))) {
        // Right after the verb, or after "de" / "d'" / "by" later in the sentence ("avancer la
        // livraison de deux jours", "bring the review forward by two days").
        std::size_t sent_end =
            folded.folded_offset(tf.sentences.empty() ? text.size() : tf.sentences[si].end);
        std::size_t se = std::min({folded.text.size(), m.end + 120, std::max(sent_end, m.end)});
        std::string_view st = std::string_view(folded.text).substr(m.end, se - m.end);
        for (std::size_t at = 0; at < st.size(); ++at) {
          if (at > 0 && !(st[at - 1] == ' ' &&
                          (st.compare(at, 3, "de ") == 0 || st.compare(at, 2, "d'") == 0 ||
                           st.compare(at, 3, "by ") == 0)))
            continue;
          if (--shift_budget < 0) break;
          if (cx.grammar->shift(st.substr(at), LocalSeconds{}, sign)) {
            shift_text = std::string(st.substr(at));
            break;
          }
        }
      }
      if (!shift_text.empty()) {
        if (!in.empty()) {
          std::size_t k = before.empty() ? in.front() : before.back();
          auto moved = cx.grammar->shift(shift_text, tf.found[k].value, sign);
          if (!moved || *moved == tf.found[k].value || over_at(k, *moved)) continue;
          ch.from = point(k);
          ch.to = change_point(*moved, tf.found[k].grain, tf.offset);
          ch.direction = *moved > tf.found[k].value ? "later" : "earlier";
          shift_text.clear();
        } else {
          ch.direction = c.kind;  // the old date, and so the new one, come from the thread
        }
        record({std::move(shift_text), sign});
        continue;
      }
      // "move the call from Tuesday to Thursday": a range read after the verb (or the only
      // date of the sentence), from its start to its end, whatever other dates follow ("...,
      // since our photographer is only available next week").
      std::optional<std::size_t> range;
      for (auto k : after)
        if (tf.found[k].range && tf.found[k].end_value) {
          range = k;
          break;
        }
      if (!range && in.size() == 1 && tf.found[in[0]].range && tf.found[in[0]].end_value)
        range = in[0];
      std::optional<std::size_t> to_k;  // where the new date was read
      if (range) {
        const auto& f = tf.found[*range];
        if (over_at(*range, *f.end_value)) continue;
        from_t = f.value;
        to_t = *f.end_value;
        ch.from = change_point(f.value, f.grain, tf.offset);
        ch.to = change_point(*f.end_value, f.grain, tf.offset);
      } else if (!before.empty() && !after.empty()) {
        from_t = tf.found[before.back()].value, to_t = tf.found[after.front()].value;
        ch.from = point(before.back()), ch.to = point(after.front());
        to_k = after.front();
      } else if (in.size() >= 2) {
        from_t = tf.found[in[0]].value, to_t = tf.found[in[1]].value;
        ch.from = point(in[0]), ch.to = point(in[1]);
        to_k = in[1];
      } else if (in.size() == 1 && !after.empty()) {
        to_t = tf.found[in[0]].value;
        ch.to = point(in[0]);
        to_k = in[0];
      } else {
        continue;  // a change verb without the new date: not a date change
      }
      if (to_k && over(*to_k)) continue;
      if (from_t && to_t) {
        if (*to_t == *from_t) continue;
        ch.direction = *to_t > *from_t ? "later" : "earlier";
      } else {
        ch.direction = c.kind == "move" || c.kind == "instead" ? "" : c.kind;
      }
    }
    record({});
  }

  // Commitments: a first-person promise with a date in its sentence.
  // A sentence may hold several ("je vous envoie le devis demain et je vous rappelle
  // vendredi"): each promise takes the first date between it and the next one; the first
  // promise of a sentence may also take a date before it.
  std::vector<Match>& promise_matches = cue_matches[2];
  struct Cue {
    const Match* match;
    Span span;
    std::size_t sentence;
  };
  std::vector<Cue> cues;  // in order, without overlaps
  for (const auto& m : promise_matches) {
    Span span = to_source(m);
    std::size_t si = sentence_index(span.start);
    if (!cues.empty() && cues.back().sentence == si && span.start < cues.back().span.end) continue;
    cues.push_back({&m, span, si});
  }
  std::set<std::size_t> used;  // dates already promised
  for (std::size_t ci = 0; ci < cues.size(); ++ci) {
    const Match& m = *cues[ci].match;
    Span cue = cues[ci].span;
    std::size_t si = cues[ci].sentence;
    bool first = ci == 0 || cues[ci - 1].sentence != si;
    std::size_t next = ci + 1 < cues.size() && cues[ci + 1].sentence == si
                           ? cues[ci + 1].span.start
                           : std::numeric_limits<std::size_t>::max();
    std::optional<std::size_t> which;
    for (std::size_t k = 0; k < tf.found.size(); ++k) {
      if (tf.sentence_of[k] != si || used.count(k)) continue;
      // Nothing is promised for a time already past when the message was written: "suite à
      // notre échange de ce matin, je vous confirme..." sent at 18:02 names when they spoke.
      if (date && is_past_when_written(tf.found[k], date->local())) continue;
      if (tf.found[k].start > cue.start && tf.found[k].start < next) {
        which = k;  // between this promise and the next
        break;
      }
      if (!first) continue;
      if (!which || (tf.found[*which].start < cue.start && tf.found[k].start >= cue.end)) which = k;
    }
    if (!which) continue;
    used.insert(*which);
    const FoundDate& f = tf.found[*which];
    TextFindings::Promise p;
    Span sent = tf.sentences[si];
    p.commitment.text = std::string(text.substr(sent.start, sent.end - sent.start));
    p.commitment.start = sent.start;
    p.commitment.end = sent.end;
    p.commitment.due = deadlines::format_rfc3339(due_of(f), tf.offset);
    // The promised thing: the first content word after the phrase, before the date.
    std::size_t obj_end = f.start > cue.end ? f.start : sent.end;
    std::string after = fold_string(text.substr(cue.end, obj_end - cue.end));
    for (const auto& t : deadlines::tokenize(after)) {
      if (t.kind != deadlines::Token::Kind::word || t.text.size() < 3) continue;
      if (object_stopwords().count(std::string(t.text))) continue;
      p.object = std::string(t.text);
      break;
    }
    p.kind = cx.promises->rules[m.id].kind;
    finding(cx.promises->rules[m.id], cue, "commitment");
    tf.promises.push_back(std::move(p));
  }
  return tf;
}

bool later_of(const std::string& a, const std::string& b) {
  return a > b;
}

}  // namespace

std::vector<DateMention> DeadlinesPlugin::extract_dates(std::string_view text,
                                                        const std::optional<ZonedTime>& date,
                                                        std::string_view lang) const {
  std::vector<DateMention> out;
  if (!grammar_) return out;
  FoldedText folded = fold(text);
  int offset = date ? date->offset_minutes : 0;
  auto found = find_dates(*grammar_, text, folded, date, lang);
  out.reserve(found.size());
  for (const auto& f : found) {
    DateMention d;
    d.text = std::string(text.substr(f.start, f.end - f.start));
    d.start = f.start;
    d.end = f.end;
    d.value = deadlines::format_rfc3339(f.value, offset);
    if (f.end_value) d.end_value = deadlines::format_rfc3339(*f.end_value, offset);
    d.grain = f.grain;
    out.push_back(std::move(d));
  }
  return out;
}

void DeadlinesPlugin::analyse(const Message& message, Analysis& out) const {
  if (!grammar_) return;
  if (out.text.empty()) out.text = message.new_text;
  const auto& date = out.date ? out.date : message.date;
  std::string lang = out.lang != "unknown" ? out.lang : message.lang;
  Context cx{grammar_.get(), &roles_, &changes_, &promises_, &sentence_cues_};
  TextFindings tf = analyse_text(cx, out.text, date, lang);
  out.dates = std::move(tf.dates);
  for (auto& [change, topic] : tf.changes) {
    // "Can we move the meeting to Friday?": moved, but from what date, and so which way, only
    // the thread can tell (analyse_thread); the result names later, earlier or cancelled.
    if (change.direction.empty()) continue;
    change.message_id = out.id;
    out.deadline_changes.push_back(change);
  }
  // In `analyze` every message counts; in threads only outgoing ones (analyse_thread).
  for (auto& p : tf.promises) out.commitments.push_back(p.commitment);
  for (auto& f : tf.findings) out.findings.push_back(std::move(f));
}

void DeadlinesPlugin::analyse_thread(ThreadAnalysis& thread) const {
  if (!grammar_) return;
  Context cx{grammar_.get(), &roles_, &changes_, &promises_, &sentence_cues_};
  ZonedTime now =
      thread.options.now ? *thread.options.now : ZonedTime{floor<seconds>(system_clock::now()), 0};
  struct Known {
    std::string point;  // change endpoint form
    LocalSeconds value;
    std::size_t message;
  };
  std::map<std::string, Known> by_topic;
  std::vector<TextFindings> per;
  per.reserve(thread.messages.size());
  for (const auto& tm : thread.messages) {
    const Analysis& a = *tm.analysis;
    std::string lang = a.lang != "unknown" ? a.lang : tm.message ? tm.message->lang : "";
    per.push_back(analyse_text(cx, a.text, a.date, lang));
  }
  auto seen = [&](const DeadlineChange& c) {
    return std::any_of(thread.deadline_changes.begin(), thread.deadline_changes.end(),
                       [&](const DeadlineChange& o) {
                         return o.message_id == c.message_id && o.from == c.from && o.to == c.to;
                       });
  };
  for (std::size_t i = 0; i < thread.messages.size(); ++i) {
    const Analysis& a = *thread.messages[i].analysis;
    TextFindings& tf = per[i];
    std::set<std::size_t> change_sentences;
    for (std::size_t ci = 0; ci < tf.changes.size(); ++ci) {
      const auto& [change, topic] = tf.changes[ci];
      const TextFindings::Shift& shift = tf.change_shifts[ci];
      DeadlineChange c = change;
      c.message_id = a.id;
      for (std::size_t si = 0; si < tf.sentences.size(); ++si)
        if (tf.sentences[si].start == c.start) change_sentences.insert(si);
      auto known = by_topic.find(topic);
      if (c.from.empty() && !topic.empty() && known != by_topic.end()) {
        c.from = known->second.point;
        // "the delivery will be postponed by two weeks": the topic's known date, moved.
        if (c.to.empty() && shift.sign)
          if (auto moved = grammar_->shift(shift.text, known->second.value, shift.sign))
            c.to = known->second.point.find('T') == std::string::npos
                       ? day_string(*moved)
                       : deadlines::format_rfc3339(*moved, tf.offset);
        if (c.direction.empty() || c.direction == "later" || c.direction == "earlier") {
          if (!c.to.empty() && c.to != c.from)
            c.direction = later_of(c.to, c.from) ? "later" : "earlier";
        }
      }
      if (c.direction.empty() || (c.from.empty() && c.direction != "cancelled")) continue;
      if (!seen(c)) thread.deadline_changes.push_back(c);
    }
    // A topic restated with another date in a later message: a change even without a verb.
    for (std::size_t k = 0; k < tf.found.size(); ++k) {
      const std::string& topic = tf.topics[k];
      if (topic.empty()) continue;
      const FoundDate& f = tf.found[k];
      std::string point = change_point(f.value, f.grain, tf.offset);
      auto known = by_topic.find(topic);
      if (known != by_topic.end() && known->second.message != i &&
          day_string(known->second.value) != day_string(f.value) &&
          !change_sentences.count(tf.sentence_of[k])) {
        DeadlineChange c;
        Span s = tf.sentences[tf.sentence_of[k]];
        c.text = a.text.substr(s.start, s.end - s.start);
        c.start = s.start;
        c.end = s.end;
        c.from = known->second.point;
        c.to = point;
        c.direction = f.value > known->second.value ? "later" : "earlier";
        c.message_id = a.id;
        if (!seen(c)) thread.deadline_changes.push_back(c);
      }
      by_topic[topic] = Known{point, f.value, i};
    }
    // A cancellation ends the topic.
    for (auto& [change, topic] : tf.changes)
      if (change.direction == "cancelled" && !topic.empty()) by_topic.erase(topic);
  }

  // Commitments of outgoing messages, and what became of them.
  for (std::size_t i = 0; i < thread.messages.size(); ++i) {
    Analysis& a = *thread.messages[i].analysis;
    if (a.direction != "out") {
      for (auto& c : a.commitments) c.status.clear();
      continue;
    }
    for (std::size_t p = 0; p < per[i].promises.size(); ++p) {
      const auto& promise = per[i].promises[p];
      Commitment c = promise.commitment;
      c.message_id = a.id;
      for (std::size_t j = i + 1; j < thread.messages.size() && c.kept_by.empty(); ++j) {
        const Analysis& b = *thread.messages[j].analysis;
        const Message* bm = thread.messages[j].message;
        if (b.date && b.date->utc > now.utc) continue;  // not yet sent at --now
        FoldedText folded = fold(b.text);
        std::string lang = b.lang != "unknown" ? b.lang : "any";
        auto cues = std::move(delivery_cues_.scan(folded.text, lang).front());
        bool mentions =
            promise.object.empty() || folded.text.find(promise.object) != std::string::npos;
        bool attached = false;
        if (bm) {
          for (const auto& att : bm->attachments) {
            if (att.is_inline) continue;
            attached = true;
            if (fold_string(att.filename).find(promise.object) != std::string::npos)
              mentions = true;
          }
        }
        bool deliver = false, ack = false;
        for (const auto& m : cues) {
          const auto& rule = deliveries_.rules[m.id];
          if (rule.kind == "deliver") deliver = true;
          if (rule.kind == "ack") ack = true;
        }
        // Only what reaches the client keeps a promise made to them, not a note to colleagues.
        const bool to_client = b.direction == "out" && !b.internal;
        if (to_client && (deliver || attached) && mentions) c.kept_by = b.id;
        if (to_client && promise.kind == "reply") c.kept_by = b.id;
        if (b.direction == "in" && ack) c.kept_by = b.id;
      }
      auto due = ZonedTime::parse_rfc3339(c.due);
      if (!c.kept_by.empty())
        c.status = "kept";
      else if (due && due->utc < now.utc)
        c.status = "overdue";
      else
        c.status = "open";
      if (p < a.commitments.size()) {
        a.commitments[p].status = c.status;
        a.commitments[p].message_id = a.id;
        a.commitments[p].kept_by = c.kept_by;
      }
      thread.commitments.push_back(c);
    }
  }
}

std::unique_ptr<Plugin> make_deadlines_plugin() {
  return std::make_unique<DeadlinesPlugin>();
}

}  // namespace courtois
