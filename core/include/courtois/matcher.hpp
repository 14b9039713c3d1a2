// Many patterns, one pass (Hyperscan). Plugins compile all patterns of a language into one
// PatternSet at configure time and scan folded text (see text.hpp) at analysis time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/result.hpp"

namespace courtois {

struct PatternSpec {
  unsigned id = 0;    // reported back in Match::id
  std::string regex;  // PCRE-like syntax Hyperscan accepts (no backreferences, no lookaround)
  bool caseless = true;
  bool word_bounded = true;  // reject matches that start or end inside a word
};

struct Match {
  unsigned id = 0;
  std::size_t start = 0, end = 0;  // byte offsets into the scanned text
};

class PatternSet {
 public:
  PatternSet();
  ~PatternSet();
  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;

  // On failure the error message starts with "pattern #<index>: " (index into `specs`).
  static Result<PatternSet> compile(const std::vector<PatternSpec>& specs);
  // Leftmost-longest per (id, start): for every pattern and start offset only the longest
  // match is kept. Sorted by start, then longest first. Thread-safe.
  std::vector<Match> scan(std::string_view text) const;
  bool empty() const;
  // Whether some pattern needs Hyperscan's own start tracking (a `\b`, `^` or `$` inside it, or
  // other syntax the reverse automata do not read): every scan then runs a second, slower
  // database. Shipped rules never need it (tests/core/matcher_test.cpp checks them all).
  bool tracks_starts() const;
  // Index into the original specs of the failing pattern from a compile error, or -1.
  static int failing_index(const Error& e);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace courtois
