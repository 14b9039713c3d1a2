#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "courtois/matcher.hpp"
#include "courtois/rules.hpp"

using namespace courtois;

TEST(PatternSet, FindsAllPatternsInOnePassWithWordBoundaries) {
  auto set =
      PatternSet::compile({{1, "avocats?"}, {2, "mise en demeure"}, {3, "!{3,}", true, false}});
  ASSERT_TRUE(set) << set.error().message;
  std::string text = "mon avocat recevra la mise en demeure!!!! (avocats, pas avocatier)";
  auto m = set->scan(text);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].id, 1u);
  EXPECT_EQ(text.substr(m[0].start, m[0].end - m[0].start), "avocat");
  EXPECT_EQ(text.substr(m[1].start, m[1].end - m[1].start), "mise en demeure");
  EXPECT_EQ(text.substr(m[2].start, m[2].end - m[2].start), "!!!!");  // longest only
  EXPECT_EQ(text.substr(m[3].start, m[3].end - m[3].start), "avocats");
}

// Hyperscan 5.4 reads past the end of the buffer it scans; a text may end where an unmapped
// page begins (a message mapped from a file, a buffer at the end of the heap). Each text here
// ends right before a page without access: a read past it crashes the test.
TEST(PatternSet, TextEndingBeforeAnUnmappedPageIsScannedSafely) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* map = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* guard = static_cast<char*>(map) + page;
  ASSERT_EQ(mprotect(guard, page, PROT_NONE), 0);
  auto at_page_end = [&](std::string_view text) {
    char* start = guard - text.size();
    std::copy(text.begin(), text.end(), start);
    return std::string_view(start, text.size());
  };
  // The patterns and text of fuzz/corpus/matcher/regressions/hyperscan-reads-past-end.
  constexpr char kFuzzed[] =
      "pl\x13phea\xff.se\\s+send\0se\\s\\?\0pl\0\xeb"
      "easl   sel\0\xeb"
      "easl   se\0\\?np, vosu\n";
  const std::string fuzzed(kFuzzed, sizeof kFuzzed - 1);
  ASSERT_EQ(fuzzed.size(), 63u);
  auto found = PatternSet::compile({{0, "s\n", false, true},
                                    {1, "\\C", true, false},
                                    {2, "pl", true, false},
                                    {3,
                                     "\xeb"
                                     "e",
                                     false, true}});
  ASSERT_TRUE(found) << found.error().message;
  std::vector<Match> expected = found->scan(fuzzed);
  std::vector<Match> got = found->scan(at_page_end(fuzzed));
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_TRUE(got[i].id == expected[i].id && got[i].start == expected[i].start &&
                got[i].end == expected[i].end);
  // Rule-like patterns on mail-like text, every length up to a page's end.
  auto rules = PatternSet::compile({{0, "merci\\s+de", true, true},
                                    {1, "(vous|votre|vos)", true, true},
                                    {2, "[0-9]+\\s*(jours?|days?)", true, true},
                                    {3, "!{2,}", false, false}});
  ASSERT_TRUE(rules) << rules.error().message;
  const std::string mail = "Bonjour, merci de me renvoyer votre devis sous 3 jours !!";
  for (std::size_t n = 1; n <= mail.size(); ++n)
    EXPECT_EQ(rules->scan(at_page_end(std::string_view(mail).substr(0, n))).size(),
              rules->scan(mail.substr(0, n)).size());
  munmap(map, 2 * page);
}

TEST(PatternSet, CompileErrorNamesThePattern) {
  auto set = PatternSet::compile({{7, "ok"}, {8, "(unclosed"}});
  ASSERT_FALSE(set);
  EXPECT_EQ(PatternSet::failing_index(set.error()), 1);
  EXPECT_NE(set.error().message.find("pattern #1"), std::string::npos);
}

TEST(PatternSet, EmptySetMatchesNothing) {
  auto set = PatternSet::compile({});
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->scan("anything").empty());
}

TEST(PatternSet, CompiledDatabaseIsCachedAndACorruptCacheIsReplaced) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "courtois-pattern-cache-test";
  fs::remove_all(dir);
  setenv("COURTOIS_PATTERN_CACHE", dir.c_str(), 1);
  // Open-ended patterns: small word lists never reach Hyperscan, so nothing would be cached.
  std::vector<PatternSpec> specs = {{1, "livraison\\s+[a-z]+ee"}, {2, "by\\s+[a-z]+day"}};
  std::string text = "la livraison repoussee, by friday";
  auto first = PatternSet::compile(specs);
  ASSERT_TRUE(first);
  std::vector<fs::path> files;  // the compiled database
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".hsdb") files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  auto second = PatternSet::compile(specs);  // from the cache
  ASSERT_TRUE(second);
  auto a = first->scan(text), b = second->scan(text);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].start, a[1].start);
  EXPECT_EQ(b[1].end, a[1].end);
  std::ofstream(files[0], std::ios::binary | std::ios::trunc) << "garbage";
  auto third = PatternSet::compile(specs);  // corrupt file: compiled again, file replaced
  ASSERT_TRUE(third);
  EXPECT_EQ(third->scan(text).size(), 2u);
  EXPECT_GT(fs::file_size(files[0]), 100u);
  unsetenv("COURTOIS_PATTERN_CACHE");
}

// The automata (reverse automata, word-list automaton) are cached beside the databases: read
// back they give the same matches, and a damaged file (garbage, cut short, one byte changed)
// is never trusted: they are built again and the file replaced.
TEST(PatternSet, CachedAutomataGiveTheSameMatchesAndBadFilesAreRebuilt) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "courtois-automata-cache-test";
  fs::remove_all(dir);
  setenv("COURTOIS_PATTERN_CACHE", dir.c_str(), 1);
  std::vector<PatternSpec> specs = {{1, "vous|votre|vos|tu|te"},
                                    {2, "!( ?!)+", true, false},
                                    {3, "stupid[a-z0-9]*"},
                                    {4, "va\\s+te\\s+faire"},
                                    {5, "merci|(je|nous) vous (remercie|remercions)"}};
  std::string text = "Vous, va  te faire!!! ! stupidity... je vous remercie, tu te votre";
  auto show = [](const std::vector<Match>& ms) {
    std::string out;
    for (const auto& m : ms)
      out +=
          std::to_string(m.id) + "@" + std::to_string(m.start) + "-" + std::to_string(m.end) + " ";
    return out;
  };
  auto built = PatternSet::compile(specs);
  ASSERT_TRUE(built);
  const std::string expected = show(built->scan(text));
  EXPECT_EQ(expected.empty(), false);
  fs::path automata;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".automata") automata = e.path();
  ASSERT_FALSE(automata.empty());
  std::ifstream in(automata, std::ios::binary);
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(good.size(), 100u);
  std::vector<std::string> damaged = {"garbage", good.substr(0, good.size() / 2)};
  for (std::size_t at : {std::size_t{0}, good.size() / 3, good.size() - 1}) {
    damaged.push_back(good);
    damaged.back()[at] = static_cast<char>(damaged.back()[at] ^ 0x5a);
  }
  auto loaded = PatternSet::compile(specs);  // from the cache
  ASSERT_TRUE(loaded);
  EXPECT_EQ(show(loaded->scan(text)), expected);
  for (const std::string& bytes : damaged) {
    std::ofstream(automata, std::ios::binary | std::ios::trunc) << bytes;
    auto again = PatternSet::compile(specs);
    ASSERT_TRUE(again);
    EXPECT_EQ(show(again->scan(text)), expected);
  }
  std::ifstream back(automata, std::ios::binary);
  const std::string rewritten((std::istreambuf_iterator<char>(back)),
                              std::istreambuf_iterator<char>());
  EXPECT_EQ(rewritten.size(), good.size());
  unsetenv("COURTOIS_PATTERN_CACHE");
}

namespace {

// The same specs compiled twice: small word lists matched without Hyperscan and other starts
// recovered by the reverse automata (the default), and Hyperscan with its own start tracking
// for every pattern (the reference).
struct TwoWays {
  PatternSet reverse, reference;
};

TwoWays compile_both(const std::vector<PatternSpec>& specs) {
  setenv("COURTOIS_PATTERN_CACHE", "off", 1);
  auto reverse = PatternSet::compile(specs);
  setenv("COURTOIS_MATCHER_STARTS", "hyperscan", 1);
  auto reference = PatternSet::compile(specs);
  unsetenv("COURTOIS_MATCHER_STARTS");
  unsetenv("COURTOIS_PATTERN_CACHE");
  EXPECT_TRUE(reverse) << reverse.error().message;
  EXPECT_TRUE(reference) << reference.error().message;
  return {std::move(reverse.value()), std::move(reference.value())};
}

std::string show(const std::vector<Match>& matches) {
  std::string out;
  for (const auto& m : matches)
    out += std::to_string(m.id) + "@" + std::to_string(m.start) + "-" + std::to_string(m.end) + " ";
  return out;
}

// The syntax the rule files use: literals, alternations, classes (negated, ranges, shorthand),
// optional parts, bounded and unbounded repeats, escapes, bytes of UTF-8 letters; caseless or
// not, word-bounded or not. Overlapping and nested alternatives make the leftmost start differ
// from the first one a forward reading would find.
const std::vector<PatternSpec> kSyntax = {
    {0, "vous|votre|vos|tu|ton|ta|tes|toi|t'|te"},
    {1, "(je|j'|mon|ma|mes|moi)"},
    {2, "!( ?!)+", true, false},
    {3, "\\?( ?[?!])+|!( ?!)*( ?\\?)( ?[?!])*", true, false},
    {4, "stupid[a-z0-9]*"},
    {5, "va\\s+te\\s+faire"},
    {6, "(sous|d'ici|dans les) (\\d+|24|48|vingt-quatre) ?(h|heures?)"},
    {7, "a(ab)*b|(aa|b)+a{2,3}", false},
    {8, "[^ !?]{2,4}x", true, false},
    {9, "(?:ba|a)+n{1,}", true, false},
    {10, "x.y|\\.\\.\\.|\\x41b", false},
    {11, "fermez[- ]?la|n\xc2\xb0 ?\\d"},
    {12, "(a|ab)(c|bcd)(d*)", true, false},
    {13, "\\w+ing|[A-Z][a-z]+", false, false},
    {14, "(aa|a){1,3}b?"},
    {15, "(a|b|c|d|n)(a|b|c|d|n)(a|b|c|d|n)x"},  // 125 strings: too many for a word list
    {16, "(a|b|c|d)(a|b|c|d)(a|b|c|d)x"},
    {17, "te|ab|b'", true, false},
    // A final \b: ends are checked by Hyperscan, starts found by the automaton of the rest;
    // a top-level alternation or an escaped backslash before 'b' keeps Hyperscan's tracking.
    {18, "(je|tu|vous)\\s+(te|ma|la)\\b"},
    {19, "[a-z]{2,}ez\\s+(la|te)\\b", true, false},
    {20, "(a|ab)+b?\\b", false, false},
    {21, "a|ab\\b", true, false},
    {22, "(x|y)\\\\b", false, false},
    {23, "(sous|dans)\\s*(\\d+)\\s*h?\\b"},
    {24, "(?:vous|a(ab)*|[a-z]+ez)\\b", true, false},
    {25, "(je|tu)\\s+(te|ma)|(vous|sous)\\b"},
};

}  // namespace

TEST(PatternSet, ReverseStartsEqualHyperscanStartTracking) {
  TwoWays both = compile_both(kSyntax);
  const std::string alphabet[] = {
      "a",        "b",        "A",   "B",    "n",     "x",    "y",      "!",      "?",
      " ",        " ",        "\n",  "\t",   ".",     "'",    "-",      "1",      "4",
      "8",        "h",        "c",   "d",    "vous",  "te",   "tu",     "je",     "j'",
      "ma",       "stupid",   "ing", "va",   "faire", "sous", "heures", "fermez", "la",
      "\xc2\xb0", "\xc3\xa9", "ez",  "dans", "_",     "\\",   "chez"};
  std::mt19937 random(20261202);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    std::size_t pieces = 1 + random() % 40;
    for (std::size_t k = 0; k < pieces; ++k) text += alphabet[random() % std::size(alphabet)];
    auto a = both.reverse.scan(text), b = both.reference.scan(text);
    ASSERT_EQ(show(a), show(b)) << "text: '" << text << "'";
  }
}

TEST(PatternSet, ReverseStartsEqualHyperscanOnLongRuns) {
  TwoWays both = compile_both(kSyntax);
  for (std::string text : {std::string(5000, '!'), "stupid" + std::string(5000, 'x'),
                           std::string(3000, 'a') + "n", "va" + std::string(4000, ' ') + "te faire",
                           std::string(2000, 'a') + std::string(2000, 'b')}) {
    auto a = both.reverse.scan(text), b = both.reference.scan(text);
    ASSERT_EQ(show(a), show(b)) << "text of " << text.size() << " bytes";
  }
}

// Word lists are read by an automaton that cuts a long text into parts read side by side, each
// starting early by the length of the longest string. Long texts of overlapping cue words, with
// strings as long as a part's head start, give the same matches as Hyperscan's own tracking,
// including matches that cross where one part ends and the next begins.
TEST(PatternSet, WordListsInLongTextsEqualHyperscanStartTracking) {
  const std::vector<PatternSpec> specs = {
      {0, "vous|votre|vos|tu|te|toi"},
      {1, "merci de (me|nous) (faire parvenir|envoyer|transmettre)"},
      {2, "je vous prie de bien vouloir (agreer|recevoir) l'expression de mes salutations"},
      {3, "(a|b)(a|b)(a|b)", true, false},
      {4, "ab|ba|aab", true, false},
      {5, "please (send|forward|confirm)( me)?"},
      {6, "s{2,5}", true, false},
  };
  TwoWays both = compile_both(specs);
  const std::string alphabet[] = {
      " ",
      "\n",
      "a",
      "b",
      "ab",
      "s",
      "ss",
      "vous",
      "tu",
      "te",
      "toi",
      "merci de ",
      "me ",
      "nous ",
      "faire parvenir",
      "envoyer",
      "je vous prie de bien vouloir agreer l'expression de mes salutations",
      "je vous prie de bien vouloir ",
      "recevoir",
      "please ",
      "send",
      " me",
      "forward",
      "."};
  std::mt19937 random(20261203);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const std::size_t size = 200 + random() % 6000;
    while (text.size() < size) text += alphabet[random() % std::size(alphabet)];
    auto a = both.reverse.scan(text), b = both.reference.scan(text);
    ASSERT_FALSE(a.empty());
    ASSERT_EQ(show(a), show(b)) << "text of " << text.size() << " bytes: '" << text << "'";
  }
  // The longest string at every place of a long text: once it ends just after a part begins.
  const std::string longest = "merci de nous faire parvenir";
  for (std::size_t at = 0; at + longest.size() <= 1500; ++at) {
    std::string text(1500, '.');
    text.replace(at, longest.size(), longest);
    auto a = both.reverse.scan(text), b = both.reference.scan(text);
    ASSERT_EQ(show(a), show(b)) << "'" << longest << "' at " << at;
  }
}

// A huge broken draft (a megabyte of "!", of one endless word, of repeated cue words) costs
// time in proportion to its size: many ends walking back over the same long run are answered
// from what earlier walks learnt. Quadratic work would take hours here; the growth check is
// generous (linear is x8 from 64 KB to 512 KB).
TEST(PatternSet, StartsOfHugePathologicalTextsStayLinear) {
  TwoWays both = compile_both(kSyntax);
  auto seconds = [&](const std::string& text) {
    auto begin = std::chrono::steady_clock::now();
    auto matches = both.reverse.scan(text);
    EXPECT_FALSE(matches.empty());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  auto make = [](const std::string& unit, std::size_t size) {
    std::string s;
    while (s.size() < size) s += unit;
    return s;
  };
  for (std::string unit : {"!", "! ", "?!", "x", "ab", "a", "vous te tu ", "stupid"}) {
    std::string small = make(unit, 1 << 16), large = make(unit, 1 << 19);
    if (unit == "x" || unit == "ab") small = "stupid" + small, large = "stupid" + large;
    double s = seconds(small), l = seconds(large);
    EXPECT_LT(l, 40 * s + 1.0) << "'" << unit << "': " << s << " s for 64 KB, " << l
                               << " s for 512 KB";
  }
}

// Patterns are compiled with \s as one literal space and scan the text with each run of white
// space collapsed (Hyperscan then finds them through literals); the matches and their offsets in
// the text are those of the patterns as written, scanning the text as it is.
TEST(PatternSet, CollapsedWhiteSpaceGivesTheSameMatches) {
  const std::vector<PatternSpec> specs = {
      {0, "(je|nous)\\s*(vous|te)"},
      {1, "merci\\s+de\\s+(me|nous)"},
      {2, "a\\s+b\\s*", true, false},
      {3, "\\s+x", true, false},
      {4, "(on\\s+est|nous\\s+sommes)\\s+d'accord"},
      {5, "[a-z]+\\s+(?:vous|te)\\b"},
      {6, "b\\s*\\s+y", true, false},
      {7, "[\\s-]+z", true, false},
      {8, "(i|we)\\s*('d|\\s+would)\\s+like"},
      {9, "nous"},
  };
  setenv("COURTOIS_PATTERN_CACHE", "off", 1);
  auto collapsed = PatternSet::compile(specs);
  setenv("COURTOIS_MATCHER_SPACES", "classes", 1);
  auto reference = PatternSet::compile(specs);
  unsetenv("COURTOIS_MATCHER_SPACES");
  unsetenv("COURTOIS_PATTERN_CACHE");
  ASSERT_TRUE(collapsed) << collapsed.error().message;
  ASSERT_TRUE(reference) << reference.error().message;
  const std::string alphabet[] = {
      " ",  "  ",    "\n",   "\t",   "\r\n",  " \n ", "a",      "b",        "x",       "y",
      "z",  "-",     "je",   "nous", "te",    "vous", "on",     "est",      "i",       "we",
      "'d", "would", "like", "de",   "merci", "me",   "sommes", "d'accord", "\xc3\xa9"};
  std::mt19937 random(20261202);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    std::size_t pieces = 1 + random() % 30;
    for (std::size_t k = 0; k < pieces; ++k) text += alphabet[random() % std::size(alphabet)];
    ASSERT_EQ(show(collapsed->scan(text)), show(reference->scan(text))) << "text: '" << text << "'";
  }
  // A match ending with white space ends where the run ends.
  auto m = collapsed->scan("a \n\t b \n  y");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(show(m), show(reference->scan("a \n\t b \n  y")));
}

// Phrases written with a plain space in the rules also match across a line break or a double
// space: the text is collapsed too.
TEST(PatternSet, PhrasesWithSpacesMatchAcrossLineBreaks) {
  auto set = PatternSet::compile({{1, "what about"}, {2, "merci\\s+de"}});
  ASSERT_TRUE(set) << set.error().message;
  std::string text = "what\n  about merci\nde";
  auto m = set->scan(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(text.substr(m[0].start, m[0].end - m[0].start), "what\n  about");
  EXPECT_EQ(text.substr(m[1].start, m[1].end - m[1].start), "merci\nde");
}

// One pattern that the reverse automata cannot read (a `\b`, `^` or `$` inside it) makes every
// scan of its rule set run a second database with Hyperscan's start tracking: a single such
// French cue was a third of the questions scan. No shipped rule file may need it.
TEST(PatternSet, ShippedRulesNeedNoHyperscanStartTracking) {
  auto inner_boundary = PatternSet::compile({{0, "(euros?\\b|%) offerts", true, true}});
  ASSERT_TRUE(inner_boundary);
  EXPECT_TRUE(inner_boundary->tracks_starts());  // the check below can fail

  namespace fs = std::filesystem;
  int files = 0, patterns = 0;
  for (const auto& entry : fs::recursive_directory_iterator(COURTOIS_SOURCE_DIR "/rules")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto file = parse_rule_json(entry.path(), text);
    ASSERT_TRUE(file) << entry.path();
    // Every "pattern" string of the file, as the plugins compile it: {list:NAME} stands for a
    // list of words.
    std::vector<std::pair<std::string, std::string>> found;  // pointer, regex
    std::vector<std::pair<const nlohmann::json*, std::string>> stack{{&file->doc, ""}};
    while (!stack.empty()) {
      auto [value, pointer] = stack.back();
      stack.pop_back();
      if (value->is_object()) {
        for (const auto& [key, child] : value->items()) {
          if (key == "pattern" && child.is_string()) {
            std::string regex = child.get<std::string>();
            for (std::size_t at; (at = regex.find("{list:")) != std::string::npos;)
              regex.replace(at, regex.find('}', at) + 1 - at, "(?:listed|words)");
            found.emplace_back(pointer + "/pattern", regex);
          } else {
            stack.emplace_back(&child, pointer + "/" + key);
          }
        }
      } else if (value->is_array()) {
        for (std::size_t i = 0; i < value->size(); ++i)
          stack.emplace_back(&(*value)[i], pointer + "/" + std::to_string(i));
      }
    }
    if (found.empty()) continue;
    ++files;
    for (const auto& [pointer, regex] : found) {
      ++patterns;
      auto set = PatternSet::compile({{0, regex, true, true}});
      ASSERT_TRUE(set) << entry.path() << ":" << file->line_of(pointer) << ": " << regex;
      EXPECT_FALSE(set->tracks_starts())
          << entry.path() << ":" << file->line_of(pointer)
          << ": this pattern needs Hyperscan's start tracking (a \\b, ^ or $ inside it?): "
          << regex;
    }
  }
  EXPECT_GT(files, 5);
  EXPECT_GT(patterns, 300);
}
