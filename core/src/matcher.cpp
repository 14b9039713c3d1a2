// The one file that includes Hyperscan: all patterns of a rule set compiled into one database,
// matched in one pass.
#include "courtois/matcher.hpp"

#include <hs/hs.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace courtois {

namespace {
std::atomic<std::uint64_t> next_serial{1};

// Word bytes for the word-boundary check: ASCII letters and digits, and every byte of a
// multi-byte UTF-8 character (folded text keeps letters of other scripts).
bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Start-of-match tracking (HS_FLAG_SOM_LEFTMOST) makes a Hyperscan scan two to three times
// slower, yet only the few matches that survive the word-boundary check need a start. So the
// database reports ends only, and a StartFinder recovers the leftmost start of each kept
// match by running the pattern backwards from its end: the same answer SOM_LEFTMOST gives, at
// a cost paid per match instead of per byte. Patterns the StartFinder cannot read (assertions,
// lookaround, flags) keep Hyperscan's own start tracking.
class StartFinder {
 public:
  // Null when the regex uses syntax outside the supported subset.
  static std::unique_ptr<StartFinder> parse(std::string_view regex, bool caseless);
  // Whether a match ending at `end` can start at a word start (the start of the text or after
  // a byte that is not `word`): false proves that a word-bounded match ending there fails the
  // start check, without running the pattern. Only for patterns whose every match starts with
  // a word byte and is at most 64 bytes long; true otherwise.
  bool may_start_at_word(std::string_view text, std::size_t end) const;
  // Nodes of the tree: what a backward run may visit.
  std::size_t size() const { return size_; }
  // The leftmost start of a match of the whole pattern that ends at `end`, or npos.
  std::size_t leftmost_start(std::string_view text, std::size_t end) const;

 private:
  struct Node {
    enum Kind { bytes, sequence, concat, alternation, repeat } kind = bytes;
    std::uint64_t set[4] = {0, 0, 0, 0};  // bytes: which bytes match
    // sequence: consecutive single bytes ("reactivite"), checked in one step
    std::vector<std::array<std::uint64_t, 4>> sequence_sets;
    std::vector<int> children;
    int min = 1, max = 1;  // repeat: bounds, max < 0 for unbounded
    // Bytes a match can end with, and whether it can be empty: most alternatives are ruled
    // out by the byte before the end without being run.
    std::uint64_t last[4] = {0, 0, 0, 0};
    std::uint64_t first[4] = {0, 0, 0, 0};  // bytes a match can start with
    bool nullable = false;
    // alternation of many branches: the branches that can end with each byte
    std::vector<std::vector<int>> by_last;
    bool can_end_with(unsigned char c) const {
      return nullable || ((last[c >> 6] >> (c & 63)) & 1);
    }
  };
  class Parser;
  using Positions = std::vector<std::uint32_t>;
  static bool can_end_at(const Node& n, std::string_view text, const Positions& ends);
  void back(int node, std::string_view text, const Positions& ends, Positions& starts,
            std::vector<Positions>& pool, std::size_t depth) const;
  std::vector<Node> nodes_;
  int root_ = -1;
  int fixed_width_ = -1;                // when every match has this length the start is end - width
  std::size_t depth_ = 0;               // nesting depth of the tree (scratch buffers needed)
  int min_width_ = 0, max_width_ = -1;  // max < 0: unbounded
  std::uint64_t first_[4] = {0, 0, 0, 0};  // bytes a match can start with
  bool first_word_ = false;                // ... all of them word bytes
  std::size_t size_ = 0;
};

}  // namespace

struct PatternSet::Impl {
  // Small patterns (pronouns, word lists: most of the matches and most of the cost of start
  // tracking) report ends only; large ones, whose backward run would cost more than
  // Hyperscan's start tracking, keep it, in a database of their own.
  hs_database_t* db = nullptr;           // ends only; starts from `starts`
  hs_database_t* som_db = nullptr;       // HS_FLAG_SOM_LEFTMOST
  std::uint64_t serial = next_serial++;  // identifies the databases for per-thread scratch
  std::vector<PatternSpec> specs;        // indexed by position; Hyperscan ids are positions
  std::vector<std::unique_ptr<StartFinder>> starts;  // per spec; null: Hyperscan tracks starts
  ~Impl() {
    if (db) hs_free_database(db);
    if (som_db) hs_free_database(som_db);
  }
};

PatternSet::PatternSet() = default;
PatternSet::~PatternSet() = default;
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;

bool PatternSet::empty() const {
  return !impl_ || (!impl_->db && !impl_->som_db);
}

namespace {

// Compiling a large rule set with start-of-match tracking costs seconds; every process start
// (CLI, service, tests) would pay it. The compiled database is kept in the user's cache
// folder under a hash of the patterns, flags and Hyperscan version, and reused when it
// deserialises; anything wrong with a cached file means a fresh compile that replaces it.
// COURTOIS_PATTERN_CACHE=off disables the cache; COURTOIS_PATTERN_CACHE=DIR moves it.
std::optional<std::filesystem::path> cache_dir() {
  const char* env = std::getenv("COURTOIS_PATTERN_CACHE");
  if (env && std::string_view(env) == "off") return std::nullopt;
  if (env && *env) return std::filesystem::path(env);
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute())
    return std::filesystem::path(xdg) / "courtois" / "patterns";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::filesystem::path(home) / ".cache" / "courtois" / "patterns";
  return std::nullopt;
}

std::string cache_key(const std::vector<const char*>& expressions,
                      const std::vector<unsigned>& flags) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bits
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  mix(hs_version());
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    mix(expressions[i]);
    mix(std::to_string(flags[i]));
  }
  std::ostringstream out;
  out << std::hex << h << "-" << expressions.size();
  return out.str();
}

hs_database_t* load_cached(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void store_cached(const std::filesystem::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::filesystem::path temp = file;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary);
    out.write(bytes, static_cast<std::streamsize>(length));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  std::free(bytes);
  if (!ec) std::filesystem::rename(temp, file, ec);  // atomic: readers never see half a file
  if (ec) std::filesystem::remove(temp, ec);
}

}  // namespace

// ---- StartFinder -----------------------------------------------------------------------------

// Reads the PCRE subset the rule files use: literals, escapes, classes, '.', groups '(...)' and
// '(?:...)', alternation and the quantifiers ? * + {n} {n,} {n,m} (lazy forms too; Hyperscan
// reports every match, so laziness changes nothing). Without HS_FLAG_UTF8 Hyperscan matches
// bytes, and so does this tree; caseless folds ASCII letters only, as Hyperscan does.
class StartFinder::Parser {
 public:
  Parser(std::string_view re, bool caseless, std::vector<Node>& nodes)
      : re_(re), caseless_(caseless), nodes_(nodes) {}

  int parse() {
    int root = alternation();
    if (!ok_ || pos_ != re_.size()) return -1;
    return root;
  }

 private:
  using Set = std::uint64_t[4];
  static void add(Set& s, unsigned c) { s[c >> 6] |= std::uint64_t{1} << (c & 63); }
  static void add_range(Set& s, unsigned lo, unsigned hi) {
    for (unsigned c = lo; c <= hi; ++c) add(s, c);
  }
  static bool has(const Set& s, unsigned c) { return (s[c >> 6] >> (c & 63)) & 1; }

  int fail() {
    ok_ = false;
    return -1;
  }
  bool more() const { return ok_ && pos_ < re_.size(); }
  char peek() const { return re_[pos_]; }

  int node(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  int bytes_node(const Set& s) {
    Node n;
    n.kind = Node::bytes;
    std::copy(std::begin(s), std::end(s), n.set);
    if (caseless_)
      for (unsigned c = 'a'; c <= 'z'; ++c)
        if (has(n.set, c) || has(n.set, c - 32)) {
          add(n.set, c);
          add(n.set, c - 32);
        }
    return node(std::move(n));
  }

  int alternation() {
    std::vector<int> branches{concatenation()};
    while (more() && peek() == '|') {
      ++pos_;
      branches.push_back(concatenation());
    }
    if (!ok_) return -1;
    if (branches.size() == 1) return branches[0];
    Node n;
    n.kind = Node::alternation;
    n.children = std::move(branches);
    return node(std::move(n));
  }

  int concatenation() {
    std::vector<int> items;
    while (more() && peek() != '|' && peek() != ')') {
      int a = atom();
      if (!ok_) return -1;
      items.push_back(quantified(a));
      if (!ok_) return -1;
    }
    // Runs of single bytes become one sequence node.
    std::vector<int> merged;
    for (std::size_t i = 0; i < items.size();) {
      std::size_t j = i;
      while (j < items.size() && nodes_[static_cast<std::size_t>(items[j])].kind == Node::bytes)
        ++j;
      if (j - i < 2) {
        merged.push_back(items[i]);
        i = std::max(i + 1, j);
        continue;
      }
      Node run;
      run.kind = Node::sequence;
      for (std::size_t k = i; k < j; ++k) {
        const Node& b = nodes_[static_cast<std::size_t>(items[k])];
        run.sequence_sets.push_back({b.set[0], b.set[1], b.set[2], b.set[3]});
      }
      merged.push_back(node(std::move(run)));
      i = j;
    }
    items = std::move(merged);
    if (items.size() == 1) return items[0];
    Node n;
    n.kind = Node::concat;  // no items: the empty string
    n.children = std::move(items);
    return node(std::move(n));
  }

  bool read_number(int& out) {
    std::size_t begin = pos_;
    out = 0;
    while (pos_ < re_.size() && std::isdigit(static_cast<unsigned char>(re_[pos_])) &&
           pos_ - begin < 6)
      out = out * 10 + (re_[pos_++] - '0');
    return pos_ > begin;
  }

  int quantified(int atom) {
    if (!more()) return atom;
    int min = 1, max = 1;
    char c = peek();
    if (c == '?') {
      min = 0;
    } else if (c == '*') {
      min = 0, max = -1;
    } else if (c == '+') {
      max = -1;
    } else if (c == '{') {
      ++pos_;
      if (!read_number(min)) return fail();  // PCRE would read a literal '{': not supported
      max = min;
      if (pos_ < re_.size() && re_[pos_] == ',') {
        ++pos_;
        if (!read_number(max)) max = -1;
      }
      if (pos_ >= re_.size() || re_[pos_] != '}' || (max >= 0 && max < min)) return fail();
    } else {
      return atom;
    }
    ++pos_;
    if (more() && peek() == '?') ++pos_;  // lazy: the same matches
    if (more() && (peek() == '+' || peek() == '?' || peek() == '*' || peek() == '{'))
      return fail();  // possessive or stacked quantifiers
    if (min == 1 && max == 1) return atom;
    Node n;
    n.kind = Node::repeat;
    n.children = {atom};
    n.min = min;
    n.max = max;
    return node(std::move(n));
  }

  // A shorthand class (\d \s \w and their negations) into `s`; false when `c` is none.
  static bool shorthand(char c, Set& s) {
    Set t = {0, 0, 0, 0};
    switch (c) {
      case 'd':
      case 'D':
        add_range(t, '0', '9');
        break;
      case 's':
      case 'S':
        add_range(t, 0x09, 0x0d);  // \t \n \v \f \r
        add(t, ' ');
        break;
      case 'w':
      case 'W':
        add_range(t, '0', '9');
        add_range(t, 'a', 'z');
        add_range(t, 'A', 'Z');
        add(t, '_');
        break;
      default:
        return false;
    }
    bool negate = c == 'D' || c == 'S' || c == 'W';
    for (int i = 0; i < 4; ++i) s[i] |= negate ? ~t[i] : t[i];
    return true;
  }

  // The byte an escape stands for (after the backslash), or -1 when it is not a single byte
  // this parser knows (assertions, back references, \Q, properties...).
  int escaped_byte() {
    if (pos_ >= re_.size()) return -1;
    auto c = static_cast<unsigned char>(re_[pos_++]);
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'e':
        return 0x1b;
      case 'a':
        return 0x07;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && pos_ < re_.size() && std::isxdigit(re_[pos_])) {
          char h = static_cast<char>(std::tolower(re_[pos_++]));
          value = value * 16 + (h <= '9' ? h - '0' : h - 'a' + 10);
          ++digits;
        }
        return digits ? value : -1;
      }
      default:
        return std::isalnum(c) ? -1 : c;  // escaped punctuation stands for itself
    }
  }

  int atom() {
    char c = re_[pos_++];
    Set s = {0, 0, 0, 0};
    switch (c) {
      case '(': {
        if (more() && peek() == '?') {
          if (re_.substr(pos_, 2) != "?:") return fail();  // lookaround, flags, names
          pos_ += 2;
        }
        int inner = alternation();
        if (!more() || peek() != ')') return fail();
        ++pos_;
        return inner;
      }
      case '[':
        return char_class();
      case '\\': {
        if (pos_ < re_.size() && shorthand(re_[pos_], s)) {
          ++pos_;
          return bytes_node(s);
        }
        int b = escaped_byte();
        if (b < 0) return fail();
        add(s, static_cast<unsigned>(b));
        return bytes_node(s);
      }
      case '.':
        for (auto& w : s) w = ~std::uint64_t{0};
        s['\n' >> 6] &= ~(std::uint64_t{1} << '\n');
        return bytes_node(s);
      case '^':
      case '$':
      case ')':
      case '*':
      case '+':
      case '?':
      case '{':
        return fail();
      default:
        add(s, static_cast<unsigned char>(c));
        return bytes_node(s);
    }
  }

  int char_class() {
    Set s = {0, 0, 0, 0};
    bool negate = more() && peek() == '^';
    if (negate) ++pos_;
    bool first = true;
    while (true) {
      if (!more()) return fail();
      char c = peek();
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (c == '[' && pos_ + 1 < re_.size() &&
          (re_[pos_ + 1] == ':' || re_[pos_ + 1] == '.' || re_[pos_ + 1] == '='))
        return fail();  // POSIX classes
      int lo;
      ++pos_;
      if (c == '\\') {
        if (pos_ < re_.size() && shorthand(re_[pos_], s)) {
          ++pos_;
          continue;
        }
        if (pos_ < re_.size() && re_[pos_] == 'b') return fail();
        lo = escaped_byte();
        if (lo < 0) return fail();
      } else {
        lo = static_cast<unsigned char>(c);
      }
      if (pos_ + 1 < re_.size() && re_[pos_] == '-' && re_[pos_ + 1] != ']') {
        ++pos_;
        int hi;
        char h = re_[pos_++];
        if (h == '\\') {
          if (pos_ < re_.size() && shorthand(re_[pos_], s)) return fail();
          hi = escaped_byte();
          if (hi < 0) return fail();
        } else {
          hi = static_cast<unsigned char>(h);
        }
        if (hi < lo) return fail();
        add_range(s, static_cast<unsigned>(lo), static_cast<unsigned>(hi));
      } else {
        add(s, static_cast<unsigned>(lo));
      }
    }
    if (caseless_)
      for (unsigned c = 'a'; c <= 'z'; ++c)
        if (has(s, c) || has(s, c - 32)) {
          add(s, c);
          add(s, c - 32);
        }
    if (negate)
      for (auto& w : s) w = ~w;
    Node n;
    n.kind = Node::bytes;
    std::copy(std::begin(s), std::end(s), n.set);
    return node(std::move(n));  // case already folded before negation, as PCRE does
  }

  std::string_view re_;
  bool caseless_;
  std::vector<Node>& nodes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

std::unique_ptr<StartFinder> StartFinder::parse(std::string_view regex, bool caseless) {
  auto finder = std::make_unique<StartFinder>();
  Parser parser(regex, caseless, finder->nodes_);
  finder->root_ = parser.parse();
  if (finder->root_ < 0) return nullptr;
  // Widths and depth, children before parents (children always have lower indices).
  const auto& nodes = finder->nodes_;
  std::vector<int> lo(nodes.size()), hi(nodes.size());  // hi < 0: unbounded
  std::vector<std::size_t> depth(nodes.size(), 1);
  auto& nodes_rw = finder->nodes_;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Node& n = nodes_rw[i];
    auto add_last = [&](int c) {
      for (int w = 0; w < 4; ++w) n.last[w] |= nodes[c].last[w];
    };
    auto add_first = [&](int c) {
      for (int w = 0; w < 4; ++w) n.first[w] |= nodes[c].first[w];
    };
    for (int c : n.children) depth[i] = std::max(depth[i], depth[c] + 1);
    switch (n.kind) {
      case Node::bytes:
        lo[i] = hi[i] = 1;
        std::copy(std::begin(n.set), std::end(n.set), n.last);
        std::copy(std::begin(n.set), std::end(n.set), n.first);
        break;
      case Node::sequence:
        lo[i] = hi[i] = static_cast<int>(n.sequence_sets.size());
        std::copy(n.sequence_sets.back().begin(), n.sequence_sets.back().end(), n.last);
        std::copy(n.sequence_sets.front().begin(), n.sequence_sets.front().end(), n.first);
        break;
      case Node::concat:
        lo[i] = hi[i] = 0;
        n.nullable = true;
        for (int c : n.children) {
          lo[i] += lo[c];
          hi[i] = hi[i] < 0 || hi[c] < 0 ? -1 : hi[i] + hi[c];
          n.nullable = n.nullable && nodes[c].nullable;
        }
        for (std::size_t k = n.children.size(); k-- > 0;) {
          add_last(n.children[k]);
          if (!nodes[n.children[k]].nullable) break;
        }
        for (int c : n.children) {
          add_first(c);
          if (!nodes[c].nullable) break;
        }
        break;
      case Node::alternation:
        lo[i] = INT32_MAX, hi[i] = 0;
        for (int c : n.children) {
          lo[i] = std::min(lo[i], lo[c]);
          hi[i] = hi[i] < 0 || hi[c] < 0 ? -1 : std::max(hi[i], hi[c]);
          add_last(c);
          add_first(c);
          n.nullable = n.nullable || nodes[c].nullable;
        }
        break;
      case Node::repeat: {
        int c = n.children[0];
        lo[i] = lo[c] * n.min;
        hi[i] = n.max < 0 || hi[c] < 0 ? (hi[c] == 0 ? 0 : -1) : hi[c] * n.max;
        add_last(c);
        add_first(c);
        n.nullable = n.min == 0 || nodes[c].nullable;
        break;
      }
    }
    if (lo[i] > (1 << 20) || hi[i] > (1 << 20)) return nullptr;  // absurd widths: let Hyperscan
  }
  for (Node& n : nodes_rw) {
    if (n.kind != Node::alternation || n.children.size() < 4) continue;
    n.by_last.resize(256);
    for (unsigned b = 0; b < 256; ++b)
      for (int c : n.children)
        if (nodes[static_cast<std::size_t>(c)].can_end_with(static_cast<unsigned char>(b)))
          n.by_last[b].push_back(c);
  }
  auto root = static_cast<std::size_t>(finder->root_);
  std::vector<std::size_t> todo{root};  // count the nodes in use (merged bytes are not)
  while (!todo.empty()) {
    std::size_t i = todo.back();
    todo.pop_back();
    ++finder->size_;
    for (int c : nodes[i].children) todo.push_back(static_cast<std::size_t>(c));
  }
  if (lo[root] == hi[root]) finder->fixed_width_ = lo[root];
  finder->min_width_ = lo[root];
  finder->max_width_ = hi[root];
  std::copy(std::begin(nodes[root].first), std::end(nodes[root].first), finder->first_);
  finder->first_word_ = true;
  for (unsigned c = 0; c < 256; ++c)
    if (((finder->first_[c >> 6] >> (c & 63)) & 1) && !is_word_byte(static_cast<unsigned char>(c)))
      finder->first_word_ = false;
  finder->depth_ = depth[root];
  return finder;
}

// The set of positions s such that text[s, e) matches `node` for some e in `ends` (sorted,
// unique), into `starts` (sorted, unique). Runs the pattern backwards: a set of positions per
// step, so that alternatives and repeats never backtrack.
// Whether a match of `n` can end at one of `ends`, judged by the byte before each.
bool StartFinder::can_end_at(const Node& n, std::string_view text, const Positions& ends) {
  for (std::uint32_t p : ends)
    if (p > 0 && n.can_end_with(static_cast<unsigned char>(text[p - 1]))) return true;
  return false;
}

void StartFinder::back(int node, std::string_view text, const Positions& ends, Positions& starts,
                       std::vector<Positions>& pool, std::size_t depth) const {
  starts.clear();
  const Node& n = nodes_[static_cast<std::size_t>(node)];
  switch (n.kind) {
    case Node::bytes:
      for (std::uint32_t p : ends) {
        if (p == 0) continue;
        auto c = static_cast<unsigned char>(text[p - 1]);
        if ((n.set[c >> 6] >> (c & 63)) & 1) starts.push_back(p - 1);
      }
      return;
    case Node::sequence: {
      const std::size_t length = n.sequence_sets.size();
      for (std::uint32_t p : ends) {
        if (p < length) continue;
        const char* from = text.data() + (p - length);
        std::size_t k = length;
        while (k > 0) {
          auto c = static_cast<unsigned char>(from[k - 1]);
          if (!((n.sequence_sets[k - 1][c >> 6] >> (c & 63)) & 1)) break;
          --k;
        }
        if (k == 0) starts.push_back(static_cast<std::uint32_t>(p - length));
      }
      return;
    }
    case Node::concat: {
      if (n.children.empty()) {
        starts = ends;
        return;
      }
      Positions* a = &pool[depth * 2];
      Positions* b = &pool[depth * 2 + 1];
      const Positions* current = &ends;
      for (std::size_t k = n.children.size(); k-- > 0;) {
        const Node& child = nodes_[static_cast<std::size_t>(n.children[k])];
        if (!child.nullable && !can_end_at(child, text, *current)) {
          starts.clear();
          return;
        }
        Positions* next = k == 0 ? &starts : (current == a ? b : a);
        back(n.children[k], text, *current, *next, pool, depth + 1);
        if (next->empty()) {
          starts.clear();
          return;
        }
        current = next;
      }
      return;
    }
    case Node::alternation: {
      Positions& one = pool[depth * 2];
      const std::vector<int>* children = &n.children;
      if (!n.by_last.empty() && ends.size() == 1 && ends[0] > 0)
        children = &n.by_last[static_cast<unsigned char>(text[ends[0] - 1])];
      bool several = false;
      for (int c : *children) {
        const Node& child = nodes_[static_cast<std::size_t>(c)];
        if (!child.nullable && !can_end_at(child, text, ends)) continue;
        back(c, text, ends, one, pool, depth + 1);
        if (one.empty()) continue;
        several = several || !starts.empty();
        starts.insert(starts.end(), one.begin(), one.end());
      }
      if (several) {
        std::sort(starts.begin(), starts.end());
        starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
      }
      return;
    }
    case Node::repeat: {
      const Node& child = nodes_[static_cast<std::size_t>(n.children[0])];
      if (child.kind == Node::bytes) {  // a class repeated ("[a-z0-9]*", "\\s+"): one walk
        for (std::uint32_t p : ends) {
          std::size_t limit = n.max < 0 ? p : std::min<std::size_t>(p, n.max), run = 0;
          while (run < limit) {
            auto c = static_cast<unsigned char>(text[p - 1 - run]);
            if (!((child.set[c >> 6] >> (c & 63)) & 1)) break;
            ++run;
          }
          if (run < static_cast<std::size_t>(n.min)) continue;
          for (std::size_t q = p - run; q <= p - n.min; ++q)
            starts.push_back(static_cast<std::uint32_t>(q));
        }
        if (ends.size() > 1) {
          std::sort(starts.begin(), starts.end());
          starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
        }
        return;
      }
      Positions& current = pool[depth * 2];
      Positions& next = pool[depth * 2 + 1];
      current = ends;
      for (int i = 0; i < n.min; ++i) {
        back(n.children[0], text, current, next, pool, depth + 1);
        current.swap(next);
        if (current.empty()) return;
      }
      starts = current;
      // Further rounds; a position already reached with fewer rounds has at least as many
      // left, so it is not explored again (this also ends unbounded repeats).
      for (int i = n.min; n.max < 0 || i < n.max; ++i) {
        back(n.children[0], text, current, next, pool, depth + 1);
        next.erase(std::remove_if(next.begin(), next.end(),
                                  [&](std::uint32_t p) {
                                    return std::binary_search(starts.begin(), starts.end(), p);
                                  }),
                   next.end());
        if (next.empty()) break;
        starts.insert(starts.end(), next.begin(), next.end());
        std::sort(starts.begin(), starts.end());  // small: no buffer, unlike inplace_merge
        current.swap(next);
      }
      return;
    }
  }
}

bool StartFinder::may_start_at_word(std::string_view text, std::size_t end) const {
  if (max_width_ < 0 || max_width_ > 64) return true;
  if (!first_word_) return true;
  if (end < static_cast<std::size_t>(min_width_)) return false;
  std::size_t lowest = end > static_cast<std::size_t>(max_width_) ? end - max_width_ : 0;
  for (std::size_t s = end - min_width_ + 1; s-- > lowest;) {
    auto c = static_cast<unsigned char>(text[s]);
    if (((first_[c >> 6] >> (c & 63)) & 1) &&
        (s == 0 || !is_word_byte(static_cast<unsigned char>(text[s - 1]))))
      return true;
  }
  return false;
}

std::size_t StartFinder::leftmost_start(std::string_view text, std::size_t end) const {
  if (fixed_width_ >= 0)
    return end >= static_cast<std::size_t>(fixed_width_) ? end - fixed_width_ : std::string::npos;
  // Scratch per thread: two buffers per level of the tree, plus the first and last sets.
  thread_local std::vector<Positions> pool;
  std::size_t need = 2 * (depth_ + 2);
  if (pool.size() < need) pool.resize(need);
  Positions& ends = pool[need - 2];
  Positions& starts = pool[need - 1];
  ends.assign(1, static_cast<std::uint32_t>(end));
  back(root_, text, ends, starts, pool, 0);
  return starts.empty() ? std::string::npos : starts.front();
}

namespace {

// Compiles (or loads from the cache) one database; on failure returns the index, into
// `expressions`, of the failing expression (-1 when unknown) and the message.
hs_database_t* compile_database(const std::vector<const char*>& expressions,
                                const std::vector<unsigned>& flags,
                                const std::vector<unsigned>& ids, int& failing,
                                std::string& message) {
  std::optional<std::filesystem::path> cached;
  if (auto dir = cache_dir()) {
    cached = *dir / (cache_key(expressions, flags) + ".hsdb");
    if (hs_database_t* db = load_cached(*cached)) return db;
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t rc = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                   static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK,
                                   nullptr, &db, &error);
  if (rc != HS_SUCCESS) {
    message = error && error->message ? error->message : "compile failed";
    failing = error ? error->expression : -1;
    if (error) hs_free_compile_error(error);
    return nullptr;
  }
  if (cached) store_cached(*cached, db);
  return db;
}

// Above this many nodes a backward run costs more than Hyperscan's start tracking.
constexpr std::size_t kLargestBackwardPattern = 32;

}  // namespace

Result<PatternSet> PatternSet::compile(const std::vector<PatternSpec>& specs) {
  PatternSet set;
  set.impl_ = std::make_unique<Impl>();
  set.impl_->specs = specs;
  if (specs.empty()) return set;
  struct Part {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
  } ends_only, with_starts;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto finder = StartFinder::parse(specs[i].regex, specs[i].caseless);
    if (finder && finder->size() > kLargestBackwardPattern) finder.reset();
    Part& part = finder ? ends_only : with_starts;
    part.expressions.push_back(specs[i].regex.c_str());
    part.flags.push_back((finder ? 0u : HS_FLAG_SOM_LEFTMOST) |
                         (specs[i].caseless ? HS_FLAG_CASELESS : 0u));
    part.ids.push_back(static_cast<unsigned>(i));  // Hyperscan reports the spec's position
    set.impl_->starts.push_back(std::move(finder));
  }
  int failing = -1;  // the first failing spec of both databases
  std::string message;
  for (auto [part, db] :
       {std::pair{&ends_only, &set.impl_->db}, std::pair{&with_starts, &set.impl_->som_db}}) {
    if (part->expressions.empty()) continue;
    int index = -1;
    std::string problem;
    *db = compile_database(part->expressions, part->flags, part->ids, index, problem);
    if (*db) continue;
    int spec = index >= 0 ? static_cast<int>(part->ids[static_cast<std::size_t>(index)]) : -1;
    if (message.empty() || (spec >= 0 && (failing < 0 || spec < failing))) {
      failing = spec;
      message = problem;
    }
  }
  if (!message.empty())
    return make_error(Errc::rule, "pattern #" + std::to_string(failing) + ": " + message);
  return set;
}

int PatternSet::failing_index(const Error& e) {
  const std::string prefix = "pattern #";
  if (e.message.rfind(prefix, 0) != 0) return -1;
  try {
    return std::stoi(e.message.substr(prefix.size()));
  } catch (...) {
    return -1;
  }
}

namespace {

// One scratch per thread, grown to fit every database it is used with.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<std::uint64_t> fits;  // databases the scratch was grown for (it only grows)
  ~ThreadScratch() {
    if (scratch) hs_free_scratch(scratch);
  }
};

struct Collector {
  std::vector<Match>* out;
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* ctx) {
  static_cast<Collector*>(ctx)->out->push_back(
      Match{id, static_cast<std::size_t>(from), static_cast<std::size_t>(to)});
  return 0;
}

}  // namespace

std::vector<Match> PatternSet::scan(std::string_view text) const {
  std::vector<Match> raw;
  if (empty()) return raw;
  thread_local ThreadScratch local;
  if (std::find(local.fits.begin(), local.fits.end(), impl_->serial) == local.fits.end()) {
    for (hs_database_t* db : {impl_->db, impl_->som_db})
      if (db && hs_alloc_scratch(db, &local.scratch) != HS_SUCCESS) return raw;
    local.fits.push_back(impl_->serial);
  }
  Collector collector{&raw};
  for (hs_database_t* db : {impl_->db, impl_->som_db})
    if (db)
      hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch, on_match,
              &collector);
  // Keep, per (pattern, start), the longest match that respects word boundaries. The end is
  // checked first: most raw matches ("i" inside "invoice") fail there and need no start.
  std::vector<Match> out;
  out.reserve(raw.size());
  for (Match m : raw) {
    const PatternSpec& spec = impl_->specs[m.id];
    if (spec.word_bounded && m.end > 0 && m.end < text.size() &&
        is_word_byte(static_cast<unsigned char>(text[m.end - 1])) &&
        is_word_byte(static_cast<unsigned char>(text[m.end])))
      continue;
    if (const StartFinder* finder = impl_->starts[m.id].get()) {
      if (spec.word_bounded && !finder->may_start_at_word(text, m.end)) continue;
      m.start = finder->leftmost_start(text, m.end);
      if (m.start == std::string::npos || m.start >= m.end) continue;
    }
    if (spec.word_bounded && m.start > 0 &&
        is_word_byte(static_cast<unsigned char>(text[m.start])) &&
        is_word_byte(static_cast<unsigned char>(text[m.start - 1])))
      continue;
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.id != b.id) return a.id < b.id;
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const Match& a, const Match& b) { return a.id == b.id && a.start == b.start; }),
            out.end());
  for (auto& m : out) m.id = impl_->specs[m.id].id;
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.id < b.id;
  });
  return out;
}

}  // namespace courtois
