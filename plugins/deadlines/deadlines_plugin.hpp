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

// Cue phrases of one file (roles.json, changes.json, ...): its rules; match ids index them.
struct CueSet {
  std::vector<CueRule> rules;
};

// The patterns of cue files as read, not yet compiled: each file a set, each spec's id the
// set in the high byte and the rule in the rest; with where each came from, for errors.
struct CuePatterns {
  std::size_t sets = 0;
  std::vector<PatternSpec> fr, en;
  std::vector<std::pair<const JsonRuleFile*, std::string>> fr_where, en_where;  // file, record
};

// Cue files compiled into one PatternSet per language and scanned in one pass: one scan of the
// text whatever the number of files.
class CueSets {
 public:
  // A pattern Hyperscan refuses is reported as an error of its file and record.
  static CueSets compile(const CuePatterns& patterns, std::vector<RuleError>& errors);
  // Per set, in the order they were read: the matches on folded text of its cues for a
  // language ("fr", "en"; anything else: both), by start, longest first.
  std::vector<std::vector<Match>> scan(std::string_view folded, std::string_view lang) const;

 private:
  std::size_t sets_ = 0;
  PatternSet fr_, en_;
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
  deadlines::CueSets sentence_cues_;  // roles_, changes_, promises_ (sets 0, 1, 2)
  deadlines::CueSets delivery_cues_;  // deliveries_, read in later messages of a thread
};

}  // namespace courtois
