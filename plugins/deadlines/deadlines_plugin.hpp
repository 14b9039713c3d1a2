/***MODULE deadlines
 * Dates, deadline changes and the promises the user makes, in French and English.
 *
 * Detects: dates and times in Message::new_text, absolute and relative, resolved against the
 * message's Date and UTC offset, deadline-forward (date_grammar.hpp), each with its role
 * (deadline, meeting, delivery, payment, reply, mention); changes of a date within a message
 * ("la livraison prévue le 12 est repoussée au 19", "the launch is cancelled") and across a
 * thread (the same topic restated with another date); commitments in first-person promises
 * ("je vous l'envoie demain", "you'll have it by Friday") with their due time, and in threads
 * their status at ThreadOptions::now: kept, open or overdue.
 *
 * Rules (rules/deadlines/): months.txt, weekdays.txt, numbers.txt, units.txt,
 * relative_days.txt, dayparts.txt, timezones.txt, grammar_words.txt (the grammar's vocabulary);
 * roles.json (role cues), changes.json (change verbs), commitments.json (promise phrases),
 * deliveries.json (what keeps a promise).
 *
 * Emits: Analysis::dates, deadline_changes, commitments; ThreadAnalysis::deadline_changes and
 * commitments. Symbols of the cues that fired go to Analysis::findings (DATE_*, CHANGE_*,
 * PROMISE_*), so that a role or a change explains itself.
 */
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "courtois/matcher.hpp"
#include "courtois/plugin.hpp"
#include "date_grammar.hpp"
#include "lexicon.hpp"

namespace courtois {

namespace deadlines {

struct CueRule {
  std::string symbol, lang, kind, topic, scope, description, rule;
  double weight = 1;
};

// Cue phrases of one file, one compiled PatternSet per language.
struct CueSet {
  std::vector<CueRule> rules;
  PatternSet fr, en;
  std::vector<PatternSpec> fr_specs, en_specs;  // as compiled, for CueSets below
  // Matches on folded text for a language ("fr", "en"; anything else: both).
  std::vector<Match> scan(std::string_view folded, std::string_view lang) const;
};

// Several cue files scanned in one pass per language: the same matches as each CueSet's own
// scan, at the cost of one scan of the text instead of one per file.
class CueSets {
 public:
  // On a compile error (each set compiled alone already reported its own) scan() falls back to
  // each set's own scan.
  void build(std::vector<const CueSet*> sets);
  // Per set, in the order given to build, what CueSet::scan would return.
  std::vector<std::vector<Match>> scan(std::string_view folded, std::string_view lang) const;

 private:
  std::vector<const CueSet*> sets_;
  PatternSet fr_, en_;
  bool combined_ = false;
};

}  // namespace deadlines

class DeadlinesPlugin : public Plugin {
 public:
  std::string_view name() const override { return "deadlines"; }
  std::string_view description() const override {
    return "dates and deadlines, their changes, and the commitments made in outgoing mail";
  }
  std::vector<RuleError> configure(const RuleSet& rules) override;
  void analyse(const Message& message, Analysis& out) const override;
  void analyse_thread(ThreadAnalysis& thread) const override;

  // Dates alone (for the evaluation and the benchmark): no roles, changes or commitments.
  std::vector<DateMention> extract_dates(std::string_view text,
                                         const std::optional<ZonedTime>& date,
                                         std::string_view lang) const;

 private:
  std::unique_ptr<deadlines::Vocabulary> vocab_;
  std::unique_ptr<deadlines::DateGrammar> grammar_;
  deadlines::CueSet roles_, changes_, promises_, deliveries_;
  deadlines::CueSets sentence_cues_;  // roles_, changes_, promises_ in one pass
};

}  // namespace courtois
