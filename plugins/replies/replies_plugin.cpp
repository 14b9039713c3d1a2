/***MODULE replies
 * Calm reply drafts, the check of the user's draft before sending, and the FAQ (issue 7).
 * Drafting and checking are requests (courtois reply / check-draft, POST /v1/reply-suggestions
 * and /v1/check-draft: include/courtois/replies.hpp); as engine plugins they validate their
 * rules at load (so `courtois rules check` names every error) and mark, on incoming messages,
 * what a reply will use:
 *
 *   replies  rules/replies/: templates.json (drafts per language and style),
 *            acknowledgements.json (by the client's tone), frame.json (the agreed-frame
 *            sentence and the scope-creep cues), wording.json (defensive phrases and calmer
 *            alternatives for the draft check), settings.json (tone gate, check advice),
 *            deadline_words_*.txt, llm.json (optional local model).
 *            Emits REPLY_SCOPE_* findings (a demand beyond the agreed frame) on incoming mail.
 *   faq      rules/faq/: faq.json (ready answers), stopwords_*.txt.
 *            Emits FAQ_MATCH findings: a question of the message that a ready answer covers
 *            (the finding's description names the entry).
 */
#include <memory>

#include "courtois/plugin.hpp"
#include "reply_rules.hpp"

namespace courtois {

namespace {

class RepliesPlugin final : public Plugin {
 public:
  std::string_view name() const override { return "replies"; }
  std::string_view description() const override {
    return "reply drafts and the draft check: templates, agreed frame, defensive wording";
  }
  std::vector<std::string> after() const override { return {"tone", "questions", "deadlines"}; }
  std::vector<RuleError> configure(const RuleSet& rules) override {
    return rules_.configure(rules);
  }
  void analyse(const Message& message, Analysis& out) const override {
    if (out.direction != "in" || out.automatic) return;
    double weight = 0;
    auto hits = rules_.scope_cues(out.text, out.lang, weight);
    if (weight < rules_.scope_threshold()) return;
    for (const auto& h : hits) {
      Finding f;
      f.plugin = "replies";
      f.symbol = h.rule->symbol;
      f.category = "scope";
      f.description = h.rule->description;
      f.rule = h.rule->rule;
      f.start = h.span.start;
      f.end = h.span.end;
      f.text = out.text.substr(f.start, f.end - f.start);
      f.score = h.rule->weight;
      out.findings.push_back(std::move(f));
    }
  }

 private:
  replies::ReplyRules rules_;
};

class FaqPlugin final : public Plugin {
 public:
  std::string_view name() const override { return "faq"; }
  std::string_view description() const override {
    return "ready answers to recurring questions (rules/faq/)";
  }
  std::vector<std::string> after() const override { return {"questions"}; }
  std::vector<RuleError> configure(const RuleSet& rules) override { return faq_.configure(rules); }
  void analyse(const Message& message, Analysis& out) const override {
    if (out.direction != "in" || out.automatic) return;
    for (const auto& q : out.questions) {
      auto m = faq_.match(q.text, out.lang);
      if (!m) continue;
      Finding f;
      f.plugin = "faq";
      f.symbol = "FAQ_MATCH";
      f.category = "faq";
      f.description = "a ready answer covers this question: FAQ entry " + m->id;
      f.rule = "faq/faq.json#" + m->id;
      f.text = q.text;
      f.start = q.start;
      f.end = q.end;
      f.score = m->score;
      out.findings.push_back(std::move(f));
    }
  }

 private:
  replies::FaqBook faq_;
};

}  // namespace

std::unique_ptr<Plugin> make_replies_plugin() {
  return std::make_unique<RepliesPlugin>();
}

std::unique_ptr<Plugin> make_faq_plugin() {
  return std::make_unique<FaqPlugin>();
}

}  // namespace courtois
