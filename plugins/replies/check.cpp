// The check of the user's own draft before it is sent. Every finding comes from an analyser
// that already exists, run on the draft: the tone analyser (hostile wording, shouting), the
// wording rules of rules/replies/wording.json (defensive phrases with a calmer alternative),
// the questions plugin's answer tracking (the draft is put in the thread as the user's reply:
// the client's questions it leaves without answered_by are unanswered), the deadlines plugin
// (dates the draft promises, deadlines of the client it does not speak to).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "courtois/replies.hpp"
#include "courtois/text.hpp"
#include "reply_rules.hpp"
#include "thread_view.hpp"

namespace courtois::replies {

namespace {

bool overlaps(const DraftIssue& a, std::size_t start, std::size_t end) {
  return a.start < end && start < a.end;
}

bool contains_word(std::string_view folded, std::string_view word) {
  if (word.empty()) return false;
  auto is_word = [](char c) { return is_word_byte(static_cast<unsigned char>(c)); };
  for (auto p = folded.find(word); p != std::string_view::npos; p = folded.find(word, p + 1)) {
    bool left = p == 0 || !is_word(folded[p - 1]);
    bool right = p + word.size() >= folded.size() || !is_word(folded[p + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// Now, with the machine's UTC offset: the reference of relative dates in a draft written now.
ZonedTime now_here() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&t, &local);
  return ZonedTime{now, static_cast<int>(local.tm_gmtoff / 60)};
}

}  // namespace

Result<DraftCheck> check_draft(const Engine& engine, std::string_view draft_text,
                               const Message* reply_to, std::string_view lang_hint,
                               const std::vector<std::string>& me,
                               const std::vector<std::string>& attachments) {
  auto loaded = rules_for(engine);
  if (!loaded->errors.empty()) return rules_error(*loaded);
  const ReplyRules& rules = loaded->replies;
  DraftCheck out;
  std::string text = sanitize_utf8(draft_text);

  std::string lang(lang_hint);
  if (lang != "fr" && lang != "en") lang = detect_language(text);
  if (lang != "fr" && lang != "en" && reply_to) lang = reply_to->lang;
  if (lang != "fr" && lang != "en") lang = "unknown";
  out.lang = lang;

  // The draft as the user's reply: dated like the message it answers (relative dates in the
  // draft read the same way the client's do), else now.
  std::optional<ZonedTime> date = reply_to && reply_to->date ? reply_to->date : now_here();
  Message draft = Message::from_text("courtois-draft@replies.invalid", text, date,
                                     lang == "unknown" ? std::string() : lang);
  for (const std::string& name : attachments)
    if (!trim(name).empty()) draft.attachments.push_back(Attachment{std::string(trim(name))});
  draft.attachments_listed = true;
  if (!engine.options().me.empty())
    draft.from.address = engine.options().me.front();
  else if (!me.empty())
    draft.from.address = me.front();

  std::unique_ptr<ThreadView> view;
  const Analysis* da = nullptr;
  Analysis standalone;
  if (reply_to) {
    view = analyse_thread_of(engine, *reply_to, {}, me, &draft);
    da = &view->analyses.back();
  } else {
    standalone = engine.analyse(draft);
    da = &standalone;
  }
  out.tone = da->tone;
  const std::string& analysed = da->text;  // == text

  auto add = [&](DraftIssue issue) {
    for (const auto& i : out.issues)
      if (i.kind == issue.kind && i.start == issue.start && i.end == issue.end &&
          i.text == issue.text)
        return;
    out.issues.push_back(std::move(issue));
  };

  // 1. Defensive wording (rules), then the tone analyser's aggressive signals.
  for (const auto& hit : rules.wording(analysed, lang)) {
    bool inside = std::any_of(out.issues.begin(), out.issues.end(), [&](const DraftIssue& i) {
      return overlaps(i, hit.span.start, hit.span.end);
    });
    if (inside) continue;
    add({"hostile_wording", analysed.substr(hit.span.start, hit.span.size()), hit.span.start,
         hit.span.end, hit.rule->suggestion, hit.rule->symbol, std::nullopt, std::nullopt});
  }
  for (const auto& s : da->tone.signals) {
    if (!rules.hostile_categories.count(s.category)) continue;
    bool shouting = rules.shouting_categories.count(s.category) > 0;
    if (!shouting && std::any_of(out.issues.begin(), out.issues.end(), [&](const DraftIssue& i) {
          return i.kind == "hostile_wording" && overlaps(i, s.start, s.end);
        }))
      continue;
    add({shouting ? "shouting" : "hostile_wording", s.text, s.start, s.end,
         rules.advice(lang == "unknown" ? "en" : lang, s.category.view()), s.symbol, std::nullopt,
         std::nullopt});
  }

  // 2. Dates the draft promises: the user's commitments, and deadline dates the draft states
  // that the client's message does not hold (a date without a basis).
  std::set<std::string> client_days;
  const Analysis* ca = view ? &view->client_analysis() : nullptr;
  if (ca) {
    for (const auto& d : ca->dates) client_days.insert(d.value.substr(0, 10));
    for (const auto& c : ca->deadline_changes) {
      if (!c.from.empty()) client_days.insert(c.from.substr(0, 10));
      if (!c.to.empty()) client_days.insert(c.to.substr(0, 10));
    }
  }
  std::string advice_lang = lang == "unknown" ? "en" : lang;
  for (const auto& c : da->commitments) {
    if (!c.due.empty() && client_days.count(c.due.substr(0, 10))) continue;
    add({"promised_date", c.text, c.start, c.end, rules.check_text("promised", advice_lang),
         "DRAFT_PROMISED_DATE", std::nullopt, std::nullopt});
  }
  for (const auto& d : da->dates) {
    if (d.role == "mention" || !rules.deadline_roles.count(d.role)) continue;
    if (client_days.count(d.value.substr(0, 10))) continue;
    bool covered = std::any_of(out.issues.begin(), out.issues.end(), [&](const DraftIssue& i) {
      return i.kind == "promised_date" && overlaps(i, d.start, d.end);
    });
    if (covered) continue;
    // Only a date the user commits to: the deadlines plugin's role says it is a delivery,
    // deadline or payment date of the reply.
    if (d.role != "delivery" && d.role != "deadline" && d.role != "payment") continue;
    add({"promised_date", d.text, d.start, d.end, rules.check_text("promised", advice_lang),
         "DRAFT_DATE_WITHOUT_BASIS", std::nullopt, std::nullopt});
  }

  if (ca) {
    // 3. Questions of the client's message that the draft leaves unanswered, by the questions
    // plugin's own answer tracking (the draft is the user's reply in the thread).
    for (const auto& q : ca->questions) {
      if (q.answered_by || q.withdrawn_by || q.rides_with_previous) continue;
      add({"unanswered_question", q.text, 0, 0, rules.check_text("unanswered", advice_lang),
           q.symbol.empty() ? "DRAFT_UNANSWERED" : q.symbol, q.start, q.end});
    }
    // 4. Deadlines of the client that the draft does not speak to: no date and no deadline word
    // in the draft.
    FoldedText folded = fold(analysed);
    bool speaks_of_dates = !da->dates.empty();
    for (const auto& w : rules.deadline_words(lang == "unknown" ? ca->lang : lang))
      speaks_of_dates = speaks_of_dates || contains_word(folded.text, w);
    if (!speaks_of_dates) {
      std::set<std::string> days;
      for (const auto& d : ca->dates) {
        if (!rules.deadline_roles.count(d.role)) continue;
        if (!days.insert(d.value.substr(0, 10)).second) continue;
        add({"ignored_deadline", d.text, 0, 0, rules.check_text("ignored", advice_lang),
             "DRAFT_IGNORED_DEADLINE", d.start, d.end});
      }
      for (const auto& c : ca->deadline_changes)
        add({"ignored_deadline", c.text, 0, 0, rules.check_text("ignored", advice_lang),
             "DRAFT_IGNORED_DEADLINE_CHANGE", c.start, c.end});
    }
  }
  std::stable_sort(out.issues.begin(), out.issues.end(),
                   [](const DraftIssue& a, const DraftIssue& b) {
                     bool ai = !a.source_start, bi = !b.source_start;
                     if (ai != bi) return ai;
                     return a.start < b.start;
                   });
  out.ok = out.issues.empty();
  return out;
}

nlohmann::json to_json(const DraftIssue& i) {
  nlohmann::json j = {{"kind", i.kind},
                      {"text", i.text},
                      {"start", i.start},
                      {"end", i.end},
                      {"suggestion", i.suggestion},
                      {"symbol", i.symbol}};
  if (i.source_start) {
    j["source"] = "reply_to";
    j["source_start"] = *i.source_start;
    j["source_end"] = i.source_end.value_or(*i.source_start);
  }
  return j;
}

nlohmann::json to_json(const DraftCheck& c) {
  nlohmann::json issues = nlohmann::json::array();
  for (const auto& i : c.issues) issues.push_back(to_json(i));
  return {{"ok", c.ok}, {"lang", c.lang}, {"issues", issues}, {"tone", to_json(c.tone)}};
}

}  // namespace courtois::replies
