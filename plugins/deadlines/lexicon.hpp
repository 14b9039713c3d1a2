// Vocabulary of the date grammar, read from rules/deadlines/*.txt: month and weekday names,
// number words, units, relative days, parts of the day, time zones and the grammar's function
// words. Entries are folded (courtois::fold_string) and split into tokens the way the scanner
// splits text, so that "apres-demain" and "après demain" both match.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
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
  // The value and the tag read as integers once at load (0 and -1 when they are words), so
  // that the scanner never parses numbers out of strings.
  int number = 0;
  int tag_number = -1;
};

// Roles of grammar_words.txt (see that file), in the order of DateGrammar's Role enum.
inline constexpr const char* kRoleNames[] = {
    "next",         "last",         "this",      "future", "past",      "future_after",
    "past_after",   "range_open",   "range_sep", "link",   "at",        "of_week_next",
    "of_week_this", "of_week_last", "start",     "mid",    "end",       "eod",
    "eow",          "era_ad",       "era_bc",    "era_be", "determiner"};

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
  std::size_t size() const { return size_; }

 private:
  std::unordered_map<std::string, std::vector<LexEntry>> by_first_;
  std::size_t size_ = 0;
};

struct Vocabulary {
  Lexicon months, weekdays, numbers, units, relative_days, dayparts, timezones, words;
};

constexpr int kLexicons = 8;
inline constexpr std::size_t kRoles = std::size(kRoleNames);

// A hash of a token from at most 16 of its bytes, read as two words, with its length: tokens
// are short, and std::hash's out-of-line _Hash_bytes cost more than the rest of a lookup (the
// table is probed for most words of every message). Long tokens that share their first and
// last 8 bytes only share a bucket; the table still compares whole keys.
struct TokenHash {
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t a = 0, b = 0;
    const std::size_t n = s.size();
    if (n >= 8) {
      std::memcpy(&a, s.data(), 8);
      std::memcpy(&b, s.data() + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t x = 0, y = 0;
      std::memcpy(&x, s.data(), 4);
      std::memcpy(&y, s.data() + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = static_cast<unsigned char>(s[0]) |
          static_cast<unsigned>(static_cast<unsigned char>(s[n / 2])) << 8 |
          static_cast<unsigned>(static_cast<unsigned char>(s[n - 1])) << 16;
    }
    std::uint64_t h = (a ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
    h ^= (b + n) * 0x94d049bb133111ebull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// Every lexicon's entries by their first token, in one table: the scanner looks each token up
// once and then only compares the rest of the candidate entries.
struct LexiconIndex {
  // The entries of every lexicon that start with one spelling, and what the grammar words
  // among them say without looking further: most grammar words are one token long.
  struct Entries {
    std::array<std::vector<const LexEntry*>, kLexicons> lists;
    std::array<std::uint8_t, kRoles> single_roles{};  // 1 for each role of a one-token word
    bool multi_word = false;  // a grammar word of several tokens starts with this spelling
    const std::vector<const LexEntry*>& operator[](std::size_t lexicon) const {
      return lists[lexicon];
    }
    std::vector<const LexEntry*>& operator[](std::size_t lexicon) { return lists[lexicon]; }
  };
  std::unordered_map<std::string_view, Entries, TokenHash> by_first;  // views into entries
  LexiconIndex() = default;
  // The lookup table points into by_first: a copy would point into the original.
  LexiconIndex(const LexiconIndex&) = delete;
  LexiconIndex& operator=(const LexiconIndex&) = delete;
  void build(const Vocabulary& v);
  const Entries* find(std::string_view first) const {
    if (first.empty() || slots_.empty()) return nullptr;
    for (std::size_t h = TokenHash{}(first)&mask_;; h = (h + 1) & mask_) {
      const Slot& slot = slots_[h];
      if (!slot.entries) return nullptr;
      if (slot.key == first) return slot.entries;
    }
  }

 private:
  // by_first again as an open-addressing table, at most half full, probed linearly: one hash
  // and, for most words of a text, one empty slot.
  struct Slot {
    std::string_view key;
    const Entries* entries = nullptr;
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// Reads the list files of rules/deadlines/; errors name file, line and field.
Vocabulary load_vocabulary(const RuleSet& rules, std::vector<RuleError>& errors);

}  // namespace courtois::deadlines
