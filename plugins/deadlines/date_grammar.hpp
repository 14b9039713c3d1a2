// The date grammar: a hand-written scanner over folded tokens that finds absolute dates
// ("le 15 mars", "03/04/2026", "March 4th", "2026-03-04"), times ("à 14h30", "2pm", "midi"),
// relative expressions ("demain", "d'ici vendredi", "la semaine prochaine", "in 3 business
// days", "end of Q2", "sous 48h") and ranges ("du 3 au 5 mars", "between 2 and 4pm"), and
// resolves them against the message's date and UTC offset, deadline-forward: a bare weekday or
// "next Friday" is the coming one, never a past one ("mardi" said on a Tuesday is the next
// Tuesday). Vocabulary comes from rules/deadlines/*.txt (lexicon.hpp); the grammar is here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon.hpp"

namespace courtois::deadlines {

using LocalSeconds = std::chrono::local_seconds;

struct Reference {
  LocalSeconds local{};    // the message's date, local civil time in its offset
  int offset_minutes = 0;  // its UTC offset
};

struct DateOptions {
  // Numeric dates whose day and month are both <= 12: month first (US) when true, else day
  // first (French, British).
  bool month_first = false;
};

struct FoundDate {
  std::size_t start = 0, end = 0;  // byte offsets into the folded text
  LocalSeconds value{};            // local civil time in the reference's offset
  std::optional<LocalSeconds> end_value;
  std::string_view grain;  // minute|hour|day|week|month|quarter|year (a literal)
  bool relative = false;   // needed the reference to resolve
  bool range = false;      // two expressions ("from Tuesday to Thursday"), not one period
};

class DateGrammar {
 public:
  explicit DateGrammar(const Vocabulary& vocabulary) : vocab_(vocabulary) { index_.build(vocab_); }
  // `original` is the unfolded text and `origin` the folded-to-original byte map (fold()),
  // used only to tell capitalised words ("May") from common ones ("may").
  // Without a reference only expressions that carry their own year are resolved (offset 0).
  std::vector<FoundDate> find(std::string_view folded, std::string_view original,
                              const std::vector<std::uint32_t>& origin,
                              const std::optional<Reference>& reference,
                              const DateOptions& options) const;
  // A shift by an amount of time at the start of `folded` ("d'une semaine", "de deux jours",
  // "by a week", "two weeks"), applied to `from` (sign +1 later, -1 earlier); nullopt when the
  // text does not start with one.
  std::optional<LocalSeconds> shift(std::string_view folded, LocalSeconds from, int sign) const;

 private:
  const Vocabulary& vocab_;
  LexiconIndex index_;
};

// "2026-03-06T00:00:00+01:00"
std::string format_rfc3339(LocalSeconds local, int offset_minutes);

}  // namespace courtois::deadlines
