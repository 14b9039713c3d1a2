// The rules of the replies plugin, read and validated once: templates, acknowledgements, the
// agreed frame and its scope-creep cues, the draft-check wording, settings, the optional model
// endpoint (rules/replies/), and the FAQ (rules/faq/). Internal to plugins/replies.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "courtois/engine.hpp"
#include "courtois/matcher.hpp"
#include "courtois/replies.hpp"
#include "courtois/rules.hpp"
#include "courtois/text.hpp"
#include "courtois/time.hpp"

namespace courtois::replies {

inline const std::vector<std::string> kStyles = {"formal", "warm", "firm"};

struct CueRule {
  std::string symbol, lang, description, rule, suggestion;
  double weight = 1;
};

// Folded-regex rules of one language each, compiled into one PatternSet per language.
class CueSet {
 public:
  struct Hit {
    const CueRule* rule;
    Span span;  // into the original text
  };
  // Reads "/<array>" records of `file`: symbol, lang, pattern, plus weight / suggestion.
  void read(const JsonRuleFile& file, const std::string& array, bool with_weight,
            bool with_suggestion, std::vector<RuleError>& errors);
  std::vector<RuleError> compile(const std::string& file_name);
  // Hits in `text` for a language ("fr", "en"; anything else: both).
  std::vector<Hit> scan(std::string_view text, std::string_view lang) const;

 private:
  std::vector<CueRule> rules_;
  std::vector<std::string> patterns_;
  std::vector<int> lines_;
  std::map<std::string, PatternSet> sets_;               // lang -> patterns
  std::map<std::string, std::vector<std::size_t>> ids_;  // lang -> rule index per pattern id
  std::string path_;
};

struct LlmConfig {
  bool enabled = false;
  std::string endpoint, model;
  int timeout_ms = 8000;
  double temperature = 0.2;
  bool allow_remote = false;
  std::map<std::string, std::string> system;  // lang -> system prompt
};

class ReplyRules {
 public:
  std::vector<RuleError> configure(const RuleSet& rules);

  // Text of a template part for a language and style: the style's own record, else "*";
  // null when neither exists.
  const std::string* text(std::string_view lang, std::string_view style,
                          std::string_view part) const;
  std::string acknowledgement(std::string_view lang, std::string_view style,
                              std::string_view tone) const;
  std::string frame(std::string_view lang) const;
  std::string placeholder_marker(std::string_view lang) const;
  std::vector<std::string> languages() const;

  // Scope-creep cues of a client's text; `total` their weight.
  std::vector<CueSet::Hit> scope_cues(std::string_view text, std::string_view lang,
                                      double& total) const {
    auto hits = cues_.scan(text, lang);
    total = 0;
    std::set<std::string> seen;
    for (const auto& h : hits)
      if (seen.insert(h.rule->symbol).second) total += h.rule->weight;
    return hits;
  }
  double scope_threshold() const { return scope_threshold_; }
  std::vector<CueSet::Hit> wording(std::string_view text, std::string_view lang) const {
    return wording_.scan(text, lang);
  }

  // "vendredi 6 mars 2026", "Friday 6 March 2026 at 18:00", "mars 2026".
  std::string format_date(const ZonedTime& t, std::string_view grain, std::string_view lang) const;
  // Parses an RFC 3339 time or a YYYY-MM-DD date and formats it.
  std::optional<std::string> format_value(std::string_view value, std::string_view grain,
                                          std::string_view lang) const;

  // Settings.
  double min_politeness = 0;
  std::set<std::string> hostile_categories, shouting_categories;
  std::set<std::string> deadline_roles;
  std::size_t question_max_chars = 160, max_deadlines = 4;
  std::string advice(std::string_view lang, std::string_view category) const;
  std::string check_text(std::string_view what, std::string_view lang) const;  // unanswered...
  // Folded deadline words of a language.
  const std::vector<std::string>& deadline_words(std::string_view lang) const;
  LlmConfig llm;

 private:
  struct Calendar {
    std::string date, time;
    std::vector<std::string> months, weekdays;
  };
  std::map<std::string, std::string> templates_;  // "lang|style|part" -> text
  std::map<std::string, std::string> acks_;       // "lang|style|tone" -> text
  std::map<std::string, std::string> frames_, markers_;
  std::map<std::string, Calendar> calendars_;
  std::map<std::string, std::string> advice_;       // "lang|category"
  std::map<std::string, std::string> check_texts_;  // "what|lang"
  std::map<std::string, std::vector<std::string>> deadline_words_;
  CueSet cues_, wording_;
  double scope_threshold_ = 1.0;
};

// The FAQ of rules/faq/.
class FaqBook {
 public:
  struct Entry {
    std::string id, lang, answer, rule;
    std::vector<std::string> questions;
    std::vector<std::vector<std::string>> variant_tokens;
    std::vector<std::vector<std::string>> keywords;  // each keyword as its tokens
  };
  std::vector<RuleError> configure(const RuleSet& rules);
  // Content words: folded, stop words of the language removed, lightly stemmed; sorted,
  // distinct.
  std::vector<std::string> tokens(std::string_view text, std::string_view lang) const;
  // The same words in text order, each as (stem, folded word as written).
  std::vector<std::pair<std::string, std::string>> terms(std::string_view text,
                                                         std::string_view lang) const;
  std::optional<FaqMatch> match(std::string_view question, std::string_view lang) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  // Looked up by string_view: a word is copied only when it is kept.
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using WordSet = std::unordered_set<std::string, WordHash, std::equal_to<>>;
  std::map<std::string, WordSet> stopwords_;  // lang -> words
  // Calls f(stem, folded word) for each content word of text, in order.
  template <class F>
  void each_term(std::string_view text, std::string_view lang, F&& f) const;
  template <class F>
  void each_folded_term(std::string_view folded, std::string_view lang, F&& f) const;
  double min_score_ = 0.6;
};

double dice(const std::vector<std::string>& a, const std::vector<std::string>& b);
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);

struct LoadedRules {
  ReplyRules replies;
  FaqBook faq;
  std::vector<RuleError> errors;
};

// The rules of the engine's folders, loaded once and shared.
std::shared_ptr<const LoadedRules> rules_for(const Engine& engine);
// Turns the errors of a load into a Result error naming the first one.
Error rules_error(const LoadedRules& rules);

}  // namespace courtois::replies
