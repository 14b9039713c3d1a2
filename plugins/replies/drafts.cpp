// Reply drafts: templates of rules/replies/ filled from the findings of the client's message
// and its thread. Each draft is rated by the tone analyser before it is offered; a draft that
// is not calm falls back to the safe template, and says so.
#include <algorithm>
#include <map>
#include <set>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "courtois/replies.hpp"
#include "courtois/text.hpp"
#include "llm_rewrite.hpp"
#include "reply_rules.hpp"
#include "thread_view.hpp"

namespace courtois::replies {

namespace {

std::string fill(std::string s, std::string_view field, std::string_view value) {
  std::string f = "{" + std::string(field) + "}";
  for (auto p = s.find(f); p != std::string::npos; p = s.find(f, p + value.size()))
    s.replace(p, f.size(), value);
  return s;
}

std::string fill(const std::string* s,
                 std::initializer_list<std::pair<const char*, std::string>> fields) {
  if (!s) return {};
  std::string out = *s;
  for (const auto& [k, v] : fields) out = fill(out, k, v);
  return out;
}

std::string lower_utf8(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toLower()
      .toUTF8String(out);
  return out;
}

bool is_all_caps_word(std::string_view w) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(w.data(), static_cast<int32_t>(w.size())));
  int letters = 0;
  for (int32_t i = 0; i < u.length(); ++i) {
    UChar c = u.charAt(i);
    if (u_isalpha(c)) {
      ++letters;
      if (!u_isupper(c)) return false;
    }
  }
  return letters >= 2;
}

// "DUPONT" -> "Dupont", "jean-pierre" stays as written unless all in capitals.
std::string title_word(std::string_view w) {
  if (!is_all_caps_word(w)) return std::string(w);
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(w.data(), static_cast<int32_t>(w.size())));
  u.toLower();
  bool start = true;
  for (int32_t i = 0; i < u.length(); ++i) {
    UChar c = u.charAt(i);
    if (start && u_isalpha(c)) u.setCharAt(i, static_cast<UChar>(u_toupper(c)));
    start = c == '-' || c == ' ' || c == '\'';
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct PersonName {
  std::string full, first;
};

// The display name of the sender as a greeting can use it: no address, no quotes, no name in
// capitals (it would read as shouting); "Dupont, Jean" is "Jean Dupont".
PersonName person_name(const Address& from) {
  std::string raw(trim(from.name));
  while (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) raw.erase(raw.begin());
  while (!raw.empty() && (raw.back() == '"' || raw.back() == '\'')) raw.pop_back();
  if (raw.empty() || raw.find('@') != std::string::npos) return {};
  std::vector<std::string> words;
  bool surname_first = false;
  if (auto comma = raw.find(','); comma != std::string::npos) {
    auto last = split_spaces(trim(std::string_view(raw).substr(0, comma)));
    auto first = split_spaces(trim(std::string_view(raw).substr(comma + 1)));
    words = first;
    words.insert(words.end(), last.begin(), last.end());
  } else {
    words = split_spaces(raw);
    // "DUPONT Jean": the French administrative order, surname in capitals first.
    surname_first = words.size() >= 2 && is_all_caps_word(words[0]) && !is_all_caps_word(words[1]);
    if (surname_first) std::rotate(words.begin(), words.begin() + 1, words.end());
  }
  if (words.empty()) return {};
  PersonName n;
  for (auto& w : words) {
    w = title_word(w);
    if (!n.full.empty()) n.full += ' ';
    n.full += w;
  }
  n.first = words.front();
  return n;
}

// The client's question as the draft may quote it: one line, cut at a word boundary, with
// the phrases the tone analyser finds aggressive left out and capitals lowered, so that the
// draft never repeats an insult or shouts back.
std::string quotable(const Engine& engine, const ReplyRules& rules, std::string_view question,
                     std::string_view lang, const std::optional<ZonedTime>& date) {
  std::string q;
  bool space = false;
  for (char c : trim(question)) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !q.empty()) q += ' ';
    space = false;
    q += c;
  }
  Analysis a = engine.analyse(Message::from_text({}, q, date, std::string(lang)));
  std::vector<ToneSignal> signals;
  for (const auto& s : a.tone.signals)
    if (rules.hostile_categories.count(s.category) && s.end <= q.size()) signals.push_back(s);
  std::sort(signals.begin(), signals.end(),
            [](const ToneSignal& x, const ToneSignal& y) { return x.start > y.start; });
  std::size_t last_start = q.size() + 1;
  for (const auto& s : signals) {
    if (s.end > last_start) continue;  // overlaps a span already replaced
    std::string replacement;
    if (rules.shouting_categories.count(s.category))
      replacement = s.category == "shouting" ? lower_utf8(q.substr(s.start, s.end - s.start))
                                             : q.substr(s.start, 1);
    else
      replacement = "…";
    q.replace(s.start, s.end - s.start, replacement);
    last_start = s.start;
  }
  // Sentences in capitals that the analyser left alone (short words) are lowered too.
  if (is_all_caps_word(q)) q = lower_utf8(q);
  if (q.size() > rules.question_max_chars) {
    std::size_t cut = q.rfind(' ', rules.question_max_chars);
    if (cut == std::string::npos || cut < rules.question_max_chars / 2)
      cut = rules.question_max_chars;
    while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
    q = q.substr(0, cut) + " …";
  }
  return q;
}

std::string day_of(std::string_view value) {
  return std::string(value.substr(0, 10));
}

std::string render_backup(std::string_view backup) {
  Address a = parse_address(backup);
  if (!a.name.empty() && !a.address.empty()) return a.name + " (" + a.address + ")";
  return !a.name.empty() ? a.name : a.address;
}

std::string choose_lang(const ThreadView& view, const ReplyOptions& o, const ReplyRules& rules) {
  auto langs = rules.languages();
  auto known = [&](std::string_view l) {
    return std::find(langs.begin(), langs.end(), l) != langs.end();
  };
  if (known(o.lang)) return o.lang;
  const Message& client = view.messages[view.client];
  if (known(client.lang)) return client.lang;
  if (known(view.client_analysis().lang)) return view.client_analysis().lang;
  // The thread's language: the most frequent known language, incoming messages first.
  std::map<std::string, int> votes;
  for (std::size_t i = 0; i < view.messages.size(); ++i)
    if (known(view.messages[i].lang))
      votes[view.messages[i].lang] += view.analyses[i].direction == "in" ? 2 : 1;
  std::string best;
  int n = 0;
  for (const auto& [l, v] : votes)
    if (v > n) best = l, n = v;
  if (!best.empty()) return best;
  return known("en") ? "en" : (langs.empty() ? "en" : langs.front());
}

struct Situation {
  std::string lang;
  PersonName name;
  std::string tone_label;
  std::vector<OpenQuestionSlot> questions;
  std::vector<std::string> quoted;  // quotable text of each question
  std::vector<DeadlineStatus> deadlines;
  std::vector<std::string> deadline_sentences_of_style;  // filled per style
  bool frame = false;
  std::string frame_text;
  std::string absence;  // the sentence, empty when none
};

std::vector<DeadlineStatus> deadlines_in_play(const ThreadView& view, const ReplyRules& rules,
                                              const ReplyOptions& o) {
  std::vector<DeadlineStatus> out;
  std::set<std::string> days;  // days already given a status
  // Changes across the thread, most recent first; one status per original date.
  std::vector<DeadlineChange> changes;
  if (view.thread) changes = view.thread->deadline_changes;
  if (changes.empty())
    for (const auto& a : view.analyses)
      for (const auto& c : a.deadline_changes) changes.push_back(c);
  std::reverse(changes.begin(), changes.end());
  for (const auto& c : changes) {
    if (c.from.empty() || days.count(day_of(c.from))) continue;
    days.insert(day_of(c.from));
    DeadlineStatus st;
    st.text = c.text;
    st.value = c.from;
    st.status = c.direction == "cancelled" || c.to.empty() ? "cancelled" : "moved";
    st.to = c.to;
    if (!c.to.empty()) days.insert(day_of(c.to));
    out.push_back(st);
  }
  // Deadlines of the client's message.
  for (const auto& d : view.client_analysis().dates) {
    if (!rules.deadline_roles.count(d.role) || d.value.empty()) continue;
    if (days.count(day_of(d.value))) continue;
    days.insert(day_of(d.value));
    out.push_back({d.text, d.value, "to_confirm", {}});
  }
  if (out.size() > rules.max_deadlines) out.resize(rules.max_deadlines);
  if (o.new_date) {
    // The user's new date answers the first deadline still to confirm (or the moved one).
    for (auto& st : out) {
      if (st.status == "to_confirm" || st.status == "moved") {
        st.status = "new_date";
        st.to = *o.new_date;
        break;
      }
    }
  }
  return out;
}

struct Built {
  std::string body;
};

std::string build_body(const ReplyRules& rules, const Situation& s, std::string_view style,
                       const ReplyOptions& o, Draft& draft) {
  const std::string& lang = s.lang;
  auto part = [&](std::string_view name) { return rules.text(lang, style, name); };
  std::vector<std::string> paragraphs;
  // Greeting.
  if (!s.name.full.empty())
    paragraphs.push_back(
        fill(part("greeting_named"), {{"name", s.name.full}, {"first_name", s.name.first}}));
  else
    paragraphs.push_back(fill(part("greeting_unnamed"), {}));
  // Thanks and acknowledgement.
  std::string opening = fill(part("thanks"), {});
  std::string ack = rules.acknowledgement(lang, style, s.tone_label);
  if (!ack.empty()) opening += " " + ack;
  paragraphs.push_back(opening);
  // One paragraph per open question.
  if (s.questions.size() >= 2 && part("questions_intro"))
    paragraphs.push_back(fill(part("questions_intro"), {}));
  for (std::size_t i = 0; i < s.questions.size(); ++i) {
    const auto& q = s.questions[i];
    if (style == "safe") {
      // No quoting at all: the safe template must pass even when the question cannot be
      // quoted calmly.
      std::string p = fill(part("question_safe"), {{"n", std::to_string(i + 1)}});
      if (!q.placeholder) p = q.faq_id;  // the FAQ answer alone
      paragraphs.push_back(p);
    } else if (!q.placeholder) {
      paragraphs.push_back(
          fill(part("question_faq"), {{"question", s.quoted[i]}, {"answer", q.faq_id}}));
    } else {
      paragraphs.push_back(fill(part("question_open"), {{"question", s.quoted[i]}}));
    }
  }
  // Deadlines: an honest status for each, with the dates of the thread or of the user only.
  bool new_date_said = false;
  for (const auto& d : s.deadlines) {
    auto date = rules.format_value(d.value, d.value.size() > 10 ? "day" : "day", lang);
    if (!date) continue;
    if (d.status == "moved") {
      auto to = rules.format_value(d.to, "day", lang);
      if (to) paragraphs.push_back(fill(part("deadline_moved"), {{"from", *date}, {"to", *to}}));
    } else if (d.status == "cancelled") {
      paragraphs.push_back(fill(part("deadline_cancelled"), {{"from", *date}}));
    } else if (d.status == "new_date") {
      auto nd = rules.format_value(d.to, "day", lang);
      if (nd) {
        paragraphs.push_back(fill(part("deadline_new_date"), {{"date", *date}, {"new_date", *nd}}));
        new_date_said = true;
      }
    } else {
      paragraphs.push_back(fill(part("deadline_confirm"), {{"date", *date}}));
    }
  }
  if (o.new_date && !new_date_said) {
    if (auto nd = rules.format_value(*o.new_date, "day", lang))
      paragraphs.push_back(fill(part("new_date"), {{"new_date", *nd}}));
  }
  // The agreed frame.
  if (s.frame && !s.frame_text.empty()) paragraphs.push_back(s.frame_text);
  // Next step, absence, close.
  paragraphs.push_back(fill(part("next_step"), {}));
  if (!s.absence.empty()) paragraphs.push_back(s.absence);
  std::string close = fill(part("close"), {});
  if (!o.signature.empty()) close += "\n" + o.signature;
  paragraphs.push_back(close);

  std::string body;
  for (const auto& p : paragraphs) {
    if (p.empty()) continue;
    if (!body.empty()) body += "\n\n";
    body += p;
  }
  body += "\n";
  draft.frame = s.frame && !s.frame_text.empty();
  draft.absence = !s.absence.empty();
  return body;
}

}  // namespace

Address parse_address(std::string_view text) {
  Address a;
  std::string_view s = trim(text);
  auto lt = s.find('<');
  auto gt = lt == std::string_view::npos ? lt : s.find('>', lt);
  if (lt != std::string_view::npos && gt != std::string_view::npos) {
    std::string_view name = trim(s.substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
      name = name.substr(1, name.size() - 2);
    a.name = std::string(name);
    a.address = std::string(trim(s.substr(lt + 1, gt - lt - 1)));
  } else if (s.find('@') != std::string_view::npos && s.find(' ') == std::string_view::npos) {
    a.address = std::string(s);
  } else {
    a.name = std::string(s);
  }
  return a;
}

Result<bool> passes_tone_gate(const Engine& engine, const Tone& tone) {
  auto rules = rules_for(engine);
  if (!rules->errors.empty()) return rules_error(*rules);
  if (tone.label != "calm" || tone.politeness <= rules->replies.min_politeness) return false;
  for (const auto& s : tone.signals)
    if (rules->replies.hostile_categories.count(s.category)) return false;
  return true;
}

namespace {

std::string gate_reason(const Tone& t, const ReplyRules& rules) {
  std::string r = "label " + t.label + ", politeness " + std::to_string(t.politeness).substr(0, 5);
  for (const auto& s : t.signals)
    if (rules.hostile_categories.count(s.category))
      r += ", " + s.symbol.str() + " \"" + s.text + "\"";
  return r;
}

}  // namespace

Result<ReplyResult> draft_replies(const Engine& engine, const Message& client,
                                  const std::vector<Message>& thread, const ReplyOptions& options) {
  auto loaded = rules_for(engine);
  if (!loaded->errors.empty()) return rules_error(*loaded);
  const ReplyRules& rules = loaded->replies;
  std::vector<std::string> styles = options.styles.empty() ? kStyles : options.styles;
  for (const auto& s : styles)
    if (std::find(kStyles.begin(), kStyles.end(), s) == kStyles.end())
      return make_error(Errc::bad_input,
                        "unknown style \"" + s + "\": expected formal, warm or firm");
  for (const auto* v : {&options.new_date, &options.absent_until})
    if (*v && !ZonedTime::parse_rfc3339(**v))
      return make_error(Errc::bad_input,
                        "\"" + **v + "\" is not a date: expected YYYY-MM-DD or an RFC 3339 time");

  auto view = analyse_thread_of(engine, client, thread, options.me);
  const Analysis& ca = view->client_analysis();
  const Message& cm = view->messages[view->client];

  ReplyResult result;
  Situation s;
  s.lang = choose_lang(*view, options, rules);
  result.lang = s.lang;
  s.name = person_name(cm.from);
  s.tone_label = ca.tone.label;

  // Open questions: the client's, not answered later in the thread, then those of earlier
  // client messages still open (a reminder repeats them).
  std::set<std::string> seen;
  auto add_question = [&](const std::string& text, const std::string& id, int times) {
    std::string k = fold_string(text);
    if (!seen.insert(k).second) return;
    OpenQuestionSlot slot;
    slot.text = text;
    slot.message_id = id;
    slot.times_asked = times;
    if (auto m = loaded->faq.match(text, s.lang)) {
      slot.placeholder = false;
      slot.faq_id = m->id;
    }
    s.questions.push_back(slot);
  };
  for (const auto& q : ca.questions)
    if (!q.answered_by && !q.withdrawn_by) add_question(q.text, cm.message_id, 1);
  if (view->thread)
    for (const auto& oq : view->thread->open_questions) {
      if (oq.message_id == cm.message_id) continue;
      bool earlier = false;
      for (std::size_t i = 0; i < view->messages.size(); ++i)
        if (view->messages[i].message_id == oq.message_id && view->analyses[i].direction == "in" &&
            (!view->messages[i].date || !cm.date || view->messages[i].date->utc <= cm.date->utc))
          earlier = true;
      if (earlier) add_question(oq.text, oq.message_id, oq.times_asked);
    }
  for (const auto& q : s.questions) {
    s.quoted.push_back(quotable(engine, rules, q.text, s.lang, cm.date));
  }

  s.deadlines = deadlines_in_play(*view, rules, options);

  double weight = 0;
  for (const auto& hit : rules.scope_cues(ca.text, s.lang, weight))
    if (std::find(result.scope_cues.begin(), result.scope_cues.end(), hit.rule->symbol) ==
        result.scope_cues.end())
      result.scope_cues.push_back(hit.rule->symbol);
  s.frame = options.force_frame || weight >= rules.scope_threshold();
  s.frame_text = !options.frame.empty() ? options.frame : rules.frame(s.lang);

  if (options.absent_until || !options.backup.empty()) {
    std::optional<std::string> until;
    if (options.absent_until) until = rules.format_value(*options.absent_until, "day", s.lang);
    std::string backup = render_backup(options.backup);
    if (until && !backup.empty())
      s.absence = fill(rules.text(s.lang, "*", "absence"), {{"until", *until}, {"backup", backup}});
    else if (until)
      s.absence = fill(rules.text(s.lang, "*", "absence_until"), {{"until", *until}});
    else if (!backup.empty())
      s.absence = fill(rules.text(s.lang, "*", "absence_backup"), {{"backup", backup}});
  }

  std::string subject = cm.subject;
  {
    std::string f = fold_string(trim(subject));
    if (!(f.rfind("re:", 0) == 0 || f.rfind("re :", 0) == 0))
      subject = "Re: " + std::string(trim(subject));
  }

  LlmConfig llm = rules.llm;
  if (options.llm) {
    llm.enabled = options.llm->enabled;
    if (!options.llm->endpoint.empty()) llm.endpoint = options.llm->endpoint;
    if (!options.llm->model.empty()) llm.model = options.llm->model;
    if (options.llm->timeout_ms > 0) llm.timeout_ms = options.llm->timeout_ms;
  }

  // FAQ answers are filled in by id: keep the answer text at hand.
  std::map<std::string, std::string> answers;
  for (const auto& e : loaded->faq.entries())
    if (e.lang == s.lang) answers[e.id] = e.answer;

  auto rate = [&](const std::string& body) {
    return engine.analyse(Message::from_text({}, body, cm.date, s.lang)).tone;
  };
  auto gate = [&](const Tone& t) {
    if (t.label != "calm" || t.politeness <= rules.min_politeness) return false;
    for (const auto& sig : t.signals)
      if (rules.hostile_categories.count(sig.category)) return false;
    return true;
  };

  for (const auto& style : styles) {
    Draft d;
    d.style = style;
    d.subject = subject;
    d.deadlines = s.deadlines;
    d.open_questions = s.questions;
    // question_faq's {answer} is the FAQ text.
    Situation filled = s;
    for (auto& q : filled.questions)
      if (!q.placeholder) q.faq_id = answers[q.faq_id];
    d.body = build_body(rules, filled, style, options, d);
    d.tone = rate(d.body);
    if (!gate(d.tone)) {
      std::string reason = gate_reason(d.tone, rules);
      Draft safe = d;
      safe.body = build_body(rules, filled, "safe", options, safe);
      safe.tone = rate(safe.body);
      if (!gate(safe.tone) && safe.frame) {
        // The user's frame sentence is the only free text left: without it.
        Situation bare = filled;
        bare.frame = false;
        safe.body = build_body(rules, bare, "safe", options, safe);
        safe.tone = rate(safe.body);
      }
      safe.fallback = true;
      safe.passed = gate(safe.tone);
      safe.notes.push_back("the " + style + " draft did not pass the tone check (" + reason +
                           "); the safe template is used instead");
      if (!safe.passed)
        safe.notes.push_back("the safe template did not pass either (" +
                             gate_reason(safe.tone, rules) + "): review it before sending");
      d = std::move(safe);
    }
    if (llm.enabled && d.passed) {
      RewriteOutcome r = rewrite_draft(llm, d.body, s.lang, rules.placeholder_marker(s.lang));
      if (r.text) {
        Tone t = rate(*r.text);
        std::string why = check_rewrite(engine, rules, d.body, *r.text, cm.date, s.lang);
        if (!gate(t)) why = "it is not calm (" + gate_reason(t, rules) + ")";
        if (why.empty()) {
          d.body = *r.text;
          if (d.body.empty() || d.body.back() != '\n') d.body += '\n';
          d.tone = t;
          d.rewritten = true;
        } else {
          d.notes.push_back("the model's rewriting was not used: " + why);
        }
      } else {
        d.notes.push_back("the model's rewriting was not used: " + r.error);
      }
    }
    result.drafts.push_back(std::move(d));
  }
  return result;
}

nlohmann::json to_json(const Draft& d) {
  nlohmann::json questions = nlohmann::json::array();
  for (const auto& q : d.open_questions) {
    nlohmann::json j = {{"text", q.text}, {"placeholder", q.placeholder}};
    if (!q.faq_id.empty()) j["faq"] = q.faq_id;
    if (q.times_asked > 1) j["times_asked"] = q.times_asked;
    questions.push_back(j);
  }
  nlohmann::json deadlines = nlohmann::json::array();
  for (const auto& s : d.deadlines) {
    nlohmann::json j = {{"text", s.text}, {"value", s.value}, {"status", s.status}};
    if (!s.to.empty()) j["to"] = s.to;
    deadlines.push_back(j);
  }
  return {{"style", d.style},         {"subject", d.subject},        {"body", d.body},
          {"tone", to_json(d.tone)},  {"open_questions", questions}, {"deadlines", deadlines},
          {"frame", d.frame},         {"absence", d.absence},        {"fallback", d.fallback},
          {"rewritten", d.rewritten}, {"passed", d.passed},          {"notes", d.notes}};
}

nlohmann::json to_json(const ReplyResult& r) {
  nlohmann::json drafts = nlohmann::json::array();
  for (const auto& d : r.drafts) drafts.push_back(to_json(d));
  return {{"lang", r.lang}, {"drafts", drafts}, {"scope_cues", r.scope_cues}};
}

}  // namespace courtois::replies
