// Vocabulary of the date grammar, read from rules/deadlines/*.txt: month and weekday names,
// number words, units, relative days, parts of the day, time zones and the grammar's function
// words. Entries are folded (courtois::fold_string) and split into tokens the way the scanner
// splits text, so that "apres-demain" and "après demain" both match.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "courtois/rules.hpp"

namespace courtois::deadlines {

// One token of folded text: a run of letters, a run of digits, or one other character.
struct Token {
  enum class Kind { word, number, punct };
  Kind kind = Kind::punct;
  std::size_t start = 0, end = 0;  // byte offsets into the folded text
  std::string_view text;
  long value = 0;  // numbers: their value (capped)
  int digits = 0;  // numbers: how many digits
  bool space_before = false;
};

std::vector<Token> tokenize(std::string_view folded);

struct LexEntry {
  std::vector<std::string> tokens;  // folded tokens of the entry
  std::string value;                // second field
  std::string tag;                  // third field, may be empty
  std::string rule;                 // "months.txt:12"
  int code = -1;                    // grammar words: index of the role in kRoleNames
};

// Roles of grammar_words.txt (see that file), in the order of DateGrammar's Role enum.
inline constexpr const char* kRoleNames[] = {
    "next",         "last",         "this",      "future", "past", "future_after",
    "past_after",   "range_open",   "range_sep", "link",   "at",   "of_week_next",
    "of_week_this", "of_week_last", "start",     "mid",    "end",  "eod",
    "eow",          "era_ad",       "era_bc",    "era_be"};

// A list file as a multi-token dictionary: longest entry matching at a token position.
class Lexicon {
 public:
  int id = 0;  // index in Vocabulary's lexicons, for LexiconIndex
  void add(LexEntry entry);
  template <class F>
  void for_each(F f) const {
    for (const auto& [first, entries] : by_first_)
      for (const auto& e : entries) f(e);
  }
  // Every entry matching at `at` (all lengths), longest first; `count` receives token counts.
  std::vector<const LexEntry*> match_all(const std::vector<Token>& toks, std::size_t at) const;
  std::size_t size() const { return size_; }

 private:
  std::unordered_map<std::string, std::vector<LexEntry>> by_first_;
  std::size_t size_ = 0;
};

struct Vocabulary {
  Lexicon months, weekdays, numbers, units, relative_days, dayparts, timezones, words;
};

constexpr int kLexicons = 8;

// Every lexicon's entries by their first token, in one table: the scanner looks each token up
// once and then only compares the rest of the candidate entries.
struct LexiconIndex {
  using Entries = std::array<std::vector<const LexEntry*>, kLexicons>;
  std::unordered_map<std::string_view, Entries> by_first;  // views into the entries' tokens
  void build(const Vocabulary& v);
  const Entries* find(std::string_view first) const {
    auto it = by_first.find(first);
    return it == by_first.end() ? nullptr : &it->second;
  }
};

// Reads the list files of rules/deadlines/; errors name file, line and field.
Vocabulary load_vocabulary(const RuleSet& rules, std::vector<RuleError>& errors);

}  // namespace courtois::deadlines
