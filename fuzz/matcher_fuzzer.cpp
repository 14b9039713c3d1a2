// libFuzzer target: the matcher's own reading of user patterns (rules are data a user edits).
// Input: up to four patterns, then the text, separated by NUL bytes; the first byte's bits
// pick caseless and word-bounded. Every pattern set that compiles is scanned twice, with the
// reverse automata and word-list automaton (the default) and with Hyperscan's own start
// tracking for every pattern (COURTOIS_MATCHER_STARTS=hyperscan), and the two must agree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/matcher.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("COURTOIS_PATTERN_CACHE", "off", 1);
  return 0;
}

namespace {
// Says what disagreed before aborting, so that a CI log names the failure without the crasher.
[[noreturn]] void fail(const char* what, const std::vector<courtois::PatternSpec>& specs,
                       const std::vector<courtois::Match>& a,
                       const std::vector<courtois::Match>& b) {
  std::fprintf(stderr, "matcher_fuzzer: %s\n", what);
  for (const auto& s : specs)
    std::fprintf(stderr, "  pattern %u caseless=%d word=%d: %s\n", s.id, s.caseless ? 1 : 0,
                 s.word_bounded ? 1 : 0, s.regex.c_str());
  for (const auto* list : {&a, &b}) {
    std::fprintf(stderr, "  %s:", list == &a ? "default" : "reference");
    for (const auto& m : *list) std::fprintf(stderr, " %u[%zu,%zu)", m.id, m.start, m.end);
    std::fprintf(stderr, "\n");
  }
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<courtois::PatternSpec> specs;
  while (specs.size() < 4) {
    auto nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    std::string regex(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
    if (regex.empty() || regex.size() > 200) return 0;
    const unsigned k = static_cast<unsigned>(specs.size());
    specs.push_back({k, regex, ((flags >> k) & 1) != 0, ((flags >> (k + 4)) & 1) != 0});
  }
  if (specs.empty()) return 0;
  auto fast = courtois::PatternSet::compile(specs);
  setenv("COURTOIS_MATCHER_STARTS", "hyperscan", 1);
  auto reference = courtois::PatternSet::compile(specs);
  unsetenv("COURTOIS_MATCHER_STARTS");
  // Hyperscan refuses some patterns with start tracking ("too large for SOM") that it compiles
  // for ends only, so the default path may accept a pattern the reference cannot: then there is
  // nothing to compare. The reverse never holds: a set the reference compiles, the default
  // path compiles too.
  if (!reference) return 0;
  if (!fast)
    fail(("only the reference compiles; default: " + fast.error().message).c_str(), specs, {}, {});
  auto a = fast->scan(rest);
  auto b = reference->scan(rest);
  if (a.size() != b.size()) fail("match counts differ", specs, a, b);
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].id != b[i].id || a[i].start != b[i].start || a[i].end != b[i].end)
      fail("matches differ", specs, a, b);
  return 0;
}
