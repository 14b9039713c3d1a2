// The one file that includes Hyperscan: all patterns of a rule set compiled into one database,
// matched in one pass.
#include "courtois/matcher.hpp"

#include <hs/hs.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <bitset>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "courtois/text.hpp"

namespace courtois {

namespace {
std::atomic<std::uint64_t> next_serial{1};
}  // namespace

// ---- Start recovery without Hyperscan's start tracking -------------------------------------
//
// Start-of-match tracking (HS_FLAG_SOM_LEFTMOST) roughly doubles the cost of a scan, yet only
// the matches that survive the word-boundary check at their end need a start. So patterns are
// compiled to report ends only, and a ReverseDfa recovers the leftmost start of each kept match
// by running the pattern backwards from its end: the smallest s such that text[s, end) matches
// the whole pattern, which is exactly what SOM_LEFTMOST reports. The automaton is built once,
// at compile time, from the Glushkov positions of the pattern (no epsilon moves), determinised
// eagerly with bytes grouped into classes; patterns whose syntax it does not read (anchors,
// assertions, lookaround, flags, back references) or whose automaton would be too large keep
// Hyperscan's own start tracking, in a database of their own.
//
// Cost: one table step per byte walked. A walk is as long as the match for bounded patterns;
// for unbounded ones ("!+", "\\d+", "[a-z0-9]*") many ends could walk back over the same long
// run, so beyond kMemoAfter steps every (position, state) visited is remembered with its answer
// for the rest of the scan, and a later walk that reaches it stops there: each pair is walked
// past that point once, so a scan stays linear in the text.
namespace {
struct Glushkov;

// Bytes of the automata cache (see compile): plain values and arrays, read back with checks.
struct Writer {
  std::string out;
  template <class T>
  void value(const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void array(const T* data, std::size_t n) {
    value(static_cast<std::uint64_t>(n));
    out.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  }
};
struct Reader {
  std::string_view in;
  bool ok = true;
  template <class T>
  bool value(T& v) {
    if (!ok || in.size() < sizeof v) return ok = false;
    std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(sizeof v);
    return true;
  }
  template <class T>
  bool vector(std::vector<T>& v, std::uint64_t max) {
    std::uint64_t n = 0;
    if (!value(n) || n > max || in.size() / sizeof(T) < n) return ok = false;
    v.resize(n);
    if (n) std::memcpy(static_cast<void*>(v.data()), in.data(), n * sizeof(T));
    in.remove_prefix(n * sizeof(T));
    return true;
  }
};
}  // namespace

class ReverseDfa {
 public:
  // Null when the regex is outside the supported subset or the automaton would be too large.
  // From the Glushkov positions of a pattern (see compile), with the positions a match may
  // start and end at.
  static std::unique_ptr<ReverseDfa> build(const Glushkov& g,
                                           const std::vector<int>& first_positions,
                                           const std::vector<int>& last_positions);

  // Memory for long walks, for one scan (one text), shared by the patterns of a set: per
  // position, a chain of the (pattern, state) pairs walked there and their answers.
  struct Memo {
    struct Entry {
      std::uint32_t next;  // index + 1 of the next entry at the same position; 0: none
      std::uint32_t pattern, state, answer;
    };
    std::vector<std::uint32_t> head;  // position -> index + 1 of its first entry; 0: none
    std::vector<Entry> entries;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> path;
  };
  // The leftmost start of a match ending at `end`, or npos. `pattern` names this automaton in
  // `memo`.
  std::size_t leftmost_start(std::string_view text, std::size_t end, std::uint32_t pattern,
                             Memo& memo) const;

  void save(Writer& w) const {
    w.array(byte_class_.data(), byte_class_.size());
    w.value(static_cast<std::uint64_t>(classes_));
    w.array(next_.data(), next_.size());
    w.array(accepting_.data(), accepting_.size());
  }
  // Null when the bytes do not describe a well-formed automaton.
  static std::unique_ptr<ReverseDfa> load(Reader& r) {
    auto dfa = std::make_unique<ReverseDfa>();
    std::vector<std::uint8_t> classes_of;
    std::uint64_t classes = 0;
    if (!r.vector(classes_of, 256) || classes_of.size() != 256 || !r.value(classes) ||
        classes == 0 || classes > 256 || !r.vector(dfa->next_, std::uint64_t{1} << 26) ||
        !r.vector(dfa->accepting_, 1 << 16))
      return nullptr;
    const std::size_t states = dfa->accepting_.size();
    if (states < 2 || dfa->next_.size() != states * classes) return nullptr;
    for (std::size_t b = 0; b < 256; ++b) {
      if (classes_of[b] >= classes) return nullptr;
      dfa->byte_class_[b] = classes_of[b];
    }
    for (std::uint32_t t : dfa->next_)
      if (t >= states) return nullptr;
    dfa->classes_ = classes;
    return dfa;
  }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::size_t kMemoAfter = 64;  // steps walked before the memo is used
  std::array<std::uint8_t, 256> byte_class_{};
  std::size_t classes_ = 0;
  std::vector<std::uint32_t> next_;      // state * classes_ + class -> state (0: dead)
  std::vector<std::uint8_t> accepting_;  // a match may start at the byte just consumed
  // State 0 is dead, state 1 is the start (nothing consumed yet).
};

namespace {

// The regex as a tree (the PCRE subset the rule files use): literal bytes and classes as byte
// sets, concatenation, alternation, repetition. Without HS_FLAG_UTF8 Hyperscan matches bytes,
// and caseless folds ASCII letters only: so does this parser.
struct ReNode {
  enum Kind { bytes, concat, alternation, repeat } kind = bytes;
  std::bitset<256> set;
  std::vector<int> children;
  int min = 1, max = 1;  // repeat: max < 0 for unbounded
};

class ReParser {
 public:
  ReParser(std::string_view re, bool caseless, std::vector<ReNode>& nodes)
      : re_(re), caseless_(caseless), nodes_(nodes) {}
  int parse() {
    int root = alternation();
    if (!ok_ || pos_ != re_.size()) return -1;
    return root;
  }

 private:
  int fail() {
    ok_ = false;
    return -1;
  }
  bool more() const { return ok_ && pos_ < re_.size(); }
  char peek() const { return re_[pos_]; }
  int add(ReNode n) {
    if (nodes_.size() > 100000) return fail();
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  void fold(std::bitset<256>& s) const {
    if (!caseless_) return;
    static const std::bitset<256> upper = [] {
      std::bitset<256> b;
      for (unsigned c = 'A'; c <= 'Z'; ++c) b[c] = true;
      return b;
    }();
    static const std::bitset<256> lower = upper << 32;  // 'a' - 'A' == 32
    s |= ((s & upper) << 32) | ((s & lower) >> 32);
  }
  int bytes_node(std::bitset<256> s) {
    fold(s);
    ReNode n;
    n.set = s;
    return add(std::move(n));
  }
  int alternation() {
    std::vector<int> branches{concatenation()};
    while (more() && peek() == '|') {
      ++pos_;
      branches.push_back(concatenation());
    }
    if (!ok_) return -1;
    if (branches.size() == 1) return branches[0];
    ReNode n;
    n.kind = ReNode::alternation;
    n.children = std::move(branches);
    return add(std::move(n));
  }
  int concatenation() {
    ReNode n;
    n.kind = ReNode::concat;  // no items: the empty string
    while (more() && peek() != '|' && peek() != ')') {
      int a = atom();
      if (!ok_) return -1;
      n.children.push_back(quantified(a));
      if (!ok_) return -1;
    }
    if (n.children.size() == 1) return n.children[0];
    return add(std::move(n));
  }
  bool number(int& out) {
    std::size_t begin = pos_;
    out = 0;
    while (pos_ < re_.size() && re_[pos_] >= '0' && re_[pos_] <= '9' && pos_ - begin < 5)
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
      if (!number(min)) return fail();  // PCRE reads a literal '{' here: not supported
      max = min;
      if (pos_ < re_.size() && re_[pos_] == ',') {
        ++pos_;
        if (!number(max)) max = -1;
      }
      if (pos_ >= re_.size() || re_[pos_] != '}' || (max >= 0 && max < min)) return fail();
    } else {
      return atom;
    }
    ++pos_;
    if (more() && peek() == '?') ++pos_;  // lazy: Hyperscan reports the same matches
    if (more() && (peek() == '+' || peek() == '?' || peek() == '*' || peek() == '{'))
      return fail();  // possessive or stacked quantifiers
    if (min == 1 && max == 1) return atom;
    ReNode n;
    n.kind = ReNode::repeat;
    n.children = {atom};
    n.min = min;
    n.max = max;
    return add(std::move(n));
  }
  // \d \s \w and their negations, into `s`; false when `c` is none of them.
  static bool shorthand(char c, std::bitset<256>& s) {
    std::bitset<256> t;
    switch (c) {
      case 'd':
      case 'D':
        for (unsigned b = '0'; b <= '9'; ++b) t[b] = true;
        break;
      case 's':
      case 'S':
        for (unsigned b = 0x09; b <= 0x0d; ++b) t[b] = true;  // \t \n \v \f \r
        t[' '] = true;
        break;
      case 'w':
      case 'W':
        for (unsigned b = '0'; b <= '9'; ++b) t[b] = true;
        for (unsigned b = 'a'; b <= 'z'; ++b) t[b] = t[b - 32] = true;
        t['_'] = true;
        break;
      default:
        return false;
    }
    s |= (c == 'D' || c == 'S' || c == 'W') ? ~t : t;
    return true;
  }
  // The byte an escape stands for (after the backslash), or -1 when it is not one byte this
  // parser knows (assertions, back references, \Q, properties...).
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
        while (digits < 2 && pos_ < re_.size() &&
               std::isxdigit(static_cast<unsigned char>(re_[pos_]))) {
          char h = static_cast<char>(std::tolower(static_cast<unsigned char>(re_[pos_++])));
          value = value * 16 + (h <= '9' ? h - '0' : h - 'a' + 10);
          ++digits;
        }
        return digits == 2 ? value : -1;
      }
      default:
        return (c < 0x80 && !std::isalnum(c)) ? c : -1;  // escaped punctuation is itself
    }
  }
  int atom() {
    char c = re_[pos_++];
    std::bitset<256> s;
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
        s[static_cast<unsigned>(b)] = true;
        return bytes_node(s);
      }
      case '.':
        s.set();
        s['\n'] = false;  // no HS_FLAG_DOTALL
        return bytes_node(s);
      case '^':
      case '$':
      case ')':
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        return fail();
      default:
        s[static_cast<unsigned char>(c)] = true;
        return bytes_node(s);
    }
  }
  int char_class() {
    std::bitset<256> s;
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
      if (c == '[') return fail();  // POSIX classes, or a '[' PCRE would read literally
      int lo;
      ++pos_;
      if (c == '\\') {
        if (pos_ < re_.size() && shorthand(re_[pos_], s)) {
          ++pos_;
          continue;
        }
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
          hi = escaped_byte();
          if (hi < 0) return fail();
        } else if (h == '[') {
          return fail();
        } else {
          hi = static_cast<unsigned char>(h);
        }
        if (hi < lo) return fail();
        for (int b = lo; b <= hi; ++b) s[static_cast<unsigned>(b)] = true;
      } else {
        s[static_cast<unsigned>(lo)] = true;
      }
    }
    fold(s);  // case folded before negation, as PCRE does
    if (negate) s.flip();
    ReNode n;
    n.set = s;
    return add(std::move(n));
  }

  std::string_view re_;
  bool caseless_;
  std::vector<ReNode>& nodes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Glushkov positions of a tree: one per byte set, with `follow` edges; repeats are unrolled
// (x{2,4} is x x x? x?, the same language).
struct Glushkov {
  std::vector<std::bitset<256>> sets;
  std::vector<std::vector<int>> follow;
  static constexpr std::size_t kMaxPositions = 4096;
  bool ok = true;

  struct Frag {
    bool nullable = true;
    std::vector<int> first, last;
  };
  static void append(std::vector<int>& to, const std::vector<int>& from) {
    to.insert(to.end(), from.begin(), from.end());
  }
  void link(const std::vector<int>& from, const std::vector<int>& to) {
    for (int x : from) append(follow[static_cast<std::size_t>(x)], to);
  }
  Frag concat(Frag a, Frag b) {
    link(a.last, b.first);
    Frag f;
    f.nullable = a.nullable && b.nullable;
    f.first = std::move(a.first);
    if (a.nullable) append(f.first, b.first);
    f.last = std::move(b.last);
    if (b.nullable) append(f.last, a.last);
    return f;
  }
  Frag build(const std::vector<ReNode>& nodes, int index, int depth) {
    if (!ok || depth > 200) {
      ok = false;
      return {};
    }
    const ReNode& n = nodes[static_cast<std::size_t>(index)];
    switch (n.kind) {
      case ReNode::bytes: {
        if (sets.size() >= kMaxPositions) {
          ok = false;
          return {};
        }
        int p = static_cast<int>(sets.size());
        sets.push_back(n.set);
        follow.emplace_back();
        return Frag{false, {p}, {p}};
      }
      case ReNode::concat: {
        Frag f;  // empty: nullable
        for (int c : n.children) f = concat(std::move(f), build(nodes, c, depth + 1));
        return f;
      }
      case ReNode::alternation: {
        Frag f;
        f.nullable = false;
        for (int c : n.children) {
          Frag b = build(nodes, c, depth + 1);
          f.nullable = f.nullable || b.nullable;
          append(f.first, b.first);
          append(f.last, b.last);
        }
        return f;
      }
      case ReNode::repeat: {
        Frag f;  // empty: nullable
        for (int i = 0; i < n.min && ok; ++i)
          f = concat(std::move(f), build(nodes, n.children[0], depth + 1));
        if (n.max < 0) {
          Frag loop = build(nodes, n.children[0], depth + 1);
          link(loop.last, loop.first);
          loop.nullable = true;
          f = concat(std::move(f), std::move(loop));
        } else {
          // x{0,k} as (x(x(x)?)?)?: built from the inside out.
          Frag tail;
          for (int i = n.min; i < n.max && ok; ++i) {
            Frag one = build(nodes, n.children[0], depth + 1);
            tail = concat(std::move(one), std::move(tail));
            tail.nullable = true;
          }
          f = concat(std::move(f), tail);
        }
        return f;
      }
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<ReverseDfa> ReverseDfa::build(const Glushkov& g,
                                              const std::vector<int>& first_positions,
                                              const std::vector<int>& last_positions) {
  struct {
    const std::vector<int>&first, &last;
  } whole{first_positions, last_positions};
  const std::size_t positions = g.sets.size();
  const std::size_t words = (positions + 63) / 64;
  using Bits = std::vector<std::uint64_t>;
  auto set_bit = [](Bits& b, std::size_t i) { b[i >> 6] |= std::uint64_t{1} << (i & 63); };
  // Bytes that no position tells apart share a class: the partition of all bytes refined by
  // each distinct byte set of the positions in turn.
  auto dfa = std::make_unique<ReverseDfa>();
  std::vector<std::bitset<256>> distinct;
  for (const auto& set : g.sets)
    if (std::find(distinct.begin(), distinct.end(), set) == distinct.end()) distinct.push_back(set);
  std::size_t classes = 1;
  std::array<std::uint8_t, 256>& class_of = dfa->byte_class_;  // all zero: one class
  std::vector<int> split;
  for (const auto& set : distinct) {
    split.assign(2 * classes, -1);
    std::size_t count = 0;
    for (unsigned b = 0; b < 256; ++b) {
      int& to = split[2 * class_of[b] + (set[b] ? 1 : 0)];
      if (to < 0) to = static_cast<int>(count++);
      class_of[b] = static_cast<std::uint8_t>(to);
    }
    classes = count;
  }
  dfa->classes_ = classes;
  // Per class, the positions that accept its bytes (a byte of the class stands for it); per
  // position, its predecessors.
  std::vector<unsigned> example(classes);
  for (unsigned b = 256; b-- > 0;) example[class_of[b]] = b;
  std::vector<Bits> members(classes, Bits(words, 0));
  for (std::size_t p = 0; p < positions; ++p)
    for (std::size_t c = 0; c < classes; ++c)
      if (g.sets[p][example[c]]) set_bit(members[c], p);
  std::vector<Bits> previous(positions, Bits(words, 0));
  for (std::size_t x = 0; x < positions; ++x)
    for (int y : g.follow[x]) set_bit(previous[static_cast<std::size_t>(y)], x);
  Bits last(words, 0), first(words, 0);
  for (int p : whole.last) set_bit(last, static_cast<std::size_t>(p));
  for (int p : whole.first) set_bit(first, static_cast<std::size_t>(p));
  // Subset construction, backwards: a state is the set of positions that can have consumed the
  // byte just read and still reach the end of a match; the start state reads the last byte.
  constexpr std::size_t kMaxStates = 8192;
  struct BitsHash {
    std::size_t operator()(const Bits& b) const {
      std::uint64_t h = 1469598103934665603ull;
      for (std::uint64_t w : b) h = (h ^ w) * 1099511628211ull;
      return static_cast<std::size_t>(h ^ (h >> 29));
    }
  };
  std::unordered_map<Bits, std::uint32_t, BitsHash> ids;
  std::vector<Bits> states;
  states.push_back(Bits(words, 0));  // dead
  states.push_back(Bits());          // start (no position yet): a marker, never looked up
  ids.emplace(states[0], 0);
  dfa->accepting_ = {0, 0};
  Bits reach(words), to(words);
  for (std::size_t s = 1; s < states.size(); ++s) {
    if (states.size() > kMaxStates) return nullptr;
    // Positions that may come before the byte the state consumed.
    if (s == 1) {
      reach = last;
    } else {
      std::fill(reach.begin(), reach.end(), 0);
      for (std::size_t w = 0; w < words; ++w)
        for (std::uint64_t bits = states[s][w]; bits; bits &= bits - 1) {
          const Bits& before = previous[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
          for (std::size_t v = 0; v < words; ++v) reach[v] |= before[v];
        }
    }
    dfa->next_.resize((s + 1) * dfa->classes_, 0);
    for (std::size_t c = 0; c < dfa->classes_; ++c) {
      bool any = false, accepts = false;
      for (std::size_t w = 0; w < words; ++w) {
        to[w] = reach[w] & members[c][w];
        any = any || to[w];
        accepts = accepts || (to[w] & first[w]);
      }
      if (!any) continue;  // dead
      auto [it, added] = ids.emplace(to, static_cast<std::uint32_t>(states.size()));
      if (added) {
        states.push_back(to);
        dfa->accepting_.push_back(accepts ? 1 : 0);
      }
      dfa->next_[s * dfa->classes_ + c] = it->second;
    }
  }
  if (states.size() > kMaxStates) return nullptr;
  dfa->next_.resize(states.size() * dfa->classes_, 0);
  return dfa;
}

std::size_t ReverseDfa::leftmost_start(std::string_view text, std::size_t end,
                                       std::uint32_t pattern, Memo& memo) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t state = 1;
  std::size_t p = end, best = std::string::npos, steps = 0;
  // Short walks, the common case: no memo.
  while (p > 0 && steps < kMemoAfter) {
    state = next_[state * classes_ + byte_class_[t[p - 1]]];
    if (state == 0) return best;
    --p;
    ++steps;
    if (accepting_[state]) best = p;
  }
  if (p == 0) return best;
  // A long walk: remember every (position, state) from here on with its answer, and stop at
  // one already known. `path` holds the nodes of this walk, answered once it ends.
  if (memo.head.empty()) memo.head.resize(text.size() + 1, 0);
  memo.path.clear();
  std::uint32_t tail = kNone;  // the answer of the known node the walk stopped at, if any
  bool stopped = false;
  while (p > 0 && !stopped) {
    std::uint32_t s = next_[state * classes_ + byte_class_[t[p - 1]]];
    if (s == 0) break;
    --p;
    state = s;
    for (std::uint32_t e = memo.head[p]; e != 0 && !stopped; e = memo.entries[e - 1].next) {
      const Memo::Entry& entry = memo.entries[e - 1];
      if (entry.pattern == pattern && entry.state == state) {
        stopped = true;
        tail = entry.answer;
      }
    }
    if (!stopped) memo.path.emplace_back(static_cast<std::uint32_t>(p), state);
  }
  std::uint32_t answer = tail;
  for (std::size_t k = memo.path.size(); k-- > 0;) {
    auto [pos, s] = memo.path[k];
    if (answer == kNone && accepting_[s]) answer = pos;
    memo.entries.push_back({memo.head[pos], pattern, s, answer});
    memo.head[pos] = static_cast<std::uint32_t>(memo.entries.size());
  }
  if (answer != kNone) return answer;
  return best;
}

// ---- Small word lists without Hyperscan -----------------------------------------------------
//
// Patterns that spell a few short strings ("vous|votre|vos|tu|te", "merde", "au plus vite")
// produce most raw matches of a scan (a pronoun inside every other word) and cost Hyperscan
// far more per match than the work itself. Their strings all go into one Aho-Corasick
// automaton, run once over the text: at each end it knows, per pattern, the longest string of
// the pattern ending there, so the leftmost start is the end minus that length, the answer
// Hyperscan's start tracking gave for the same end. Caseless patterns only (ASCII letters are
// folded in the automaton, as Hyperscan folds them).

namespace {

// The strings of a caseless pattern, lower case, when there are at most `max_count` of them,
// none longer than `max_length` bytes (and none empty); nullopt otherwise.
std::optional<std::vector<std::string>> small_language(const Glushkov& g,
                                                       const Glushkov::Frag& whole,
                                                       std::size_t max_count,
                                                       std::size_t max_length) {
  // Per position, its bytes folded to lower case.
  std::vector<std::string> bytes(g.sets.size());
  for (std::size_t p = 0; p < g.sets.size(); ++p) {
    for (unsigned b = 0; b < 256; ++b)
      if (g.sets[p][b] && !(b >= 'A' && b <= 'Z')) bytes[p] += static_cast<char>(b);
    if (bytes[p].size() > max_count) return std::nullopt;
  }
  std::vector<bool> is_last(g.sets.size(), false);
  for (int p : whole.last) is_last[static_cast<std::size_t>(p)] = true;
  // Paths from each position to an end, counted (saturating) and measured before any string is
  // spelt: a cycle, too many paths or too long a path rules the pattern out at once.
  const std::size_t too_many = max_count + 1;
  std::vector<std::size_t> paths(g.sets.size(), 0), longest(g.sets.size(), 0);
  std::vector<std::uint8_t> seen(g.sets.size(), 0);  // 1: being counted, 2: counted
  bool ok = true;
  auto count = [&](auto&& self, int p) -> void {
    auto i = static_cast<std::size_t>(p);
    if (!ok || seen[i] == 2) return;
    if (seen[i] == 1) {  // a cycle: unbounded
      ok = false;
      return;
    }
    seen[i] = 1;
    std::size_t n = is_last[i] ? 1 : 0, length = 0;
    for (int q : g.follow[i]) {
      self(self, q);
      if (!ok) return;
      n = std::min(too_many, n + paths[static_cast<std::size_t>(q)]);
      length = std::max(length, longest[static_cast<std::size_t>(q)]);
    }
    paths[i] = std::min(too_many, n * bytes[i].size());
    longest[i] = length + 1;
    seen[i] = 2;
  };
  std::size_t total = 0;
  for (int p : whole.first) {
    count(count, p);
    if (!ok) return std::nullopt;
    total = std::min(too_many, total + paths[static_cast<std::size_t>(p)]);
    if (total > max_count || longest[static_cast<std::size_t>(p)] > max_length) return std::nullopt;
  }
  std::vector<std::string> out;
  std::string prefix;
  // Depth first over the positions: at most `max_count` paths of at most `max_length` bytes.
  auto walk = [&](auto&& self, int p) -> void {
    for (char c : bytes[static_cast<std::size_t>(p)]) {
      prefix.push_back(c);
      if (is_last[static_cast<std::size_t>(p)]) out.push_back(prefix);
      for (int q : g.follow[static_cast<std::size_t>(p)]) self(self, q);
      prefix.pop_back();
    }
  };
  for (int p : whole.first) walk(walk, p);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > max_count) return std::nullopt;
  return out;
}

class LiteralMatcher {
 public:
  // Strings of pattern `pattern` (lower case).
  void add(std::uint32_t pattern, const std::vector<std::string>& strings) {
    for (const auto& s : strings) {
      std::uint32_t node = 0;
      for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        auto it = std::find_if(trie_[node].children.begin(), trie_[node].children.end(),
                               [&](const auto& e) { return e.first == b; });
        if (it != trie_[node].children.end()) {
          node = it->second;
        } else {
          trie_.emplace_back();
          auto child = static_cast<std::uint32_t>(trie_.size() - 1);
          trie_[node].children.emplace_back(b, child);
          node = child;
        }
      }
      auto& ends = trie_[node].ends;
      auto length = static_cast<std::uint32_t>(s.size());
      ends.emplace_back(pattern, length);
    }
  }
  bool empty() const { return trie_.size() == 1 && next_.empty(); }

  void save(Writer& w) const {
    w.array(class_of_.data(), class_of_.size());
    w.value(static_cast<std::uint64_t>(classes_));
    w.array(next_.data(), next_.size());
    w.array(out_begin_.data(), out_begin_.size());
    w.array(outputs_.data(), outputs_.size());
    w.array(depth_.data(), depth_.size());
  }
  // False when the bytes do not describe a well-formed automaton whose strings belong to
  // patterns below `patterns` marked in `literal`.
  bool load(Reader& r, const std::vector<std::uint8_t>& literal) {
    std::vector<std::uint8_t> classes_of;
    std::uint64_t classes = 0;
    if (!r.vector(classes_of, 256) || classes_of.size() != 256 || !r.value(classes) ||
        classes == 0 || classes > 256 || !r.vector(next_, std::uint64_t{1} << 28) ||
        !r.vector(out_begin_, std::uint64_t{1} << 24) ||
        !r.vector(outputs_, std::uint64_t{1} << 28) || !r.vector(depth_, std::uint64_t{1} << 24))
      return false;
    if (out_begin_.size() < 2) return false;
    const std::size_t states = out_begin_.size() - 1;
    if (next_.size() != states * classes || out_begin_.back() != outputs_.size()) return false;
    for (std::size_t b = 0; b < 256; ++b) {
      if (classes_of[b] >= classes) return false;
      class_of_[b] = classes_of[b];
    }
    for (std::size_t k = 1; k < out_begin_.size(); ++k)
      if (out_begin_[k] < out_begin_[k - 1]) return false;
    // A state's depth is the length of the text it stands for: the root's is 0, a byte adds at
    // most 1 and no string ending in a state is longer than its depth. So a string reported
    // at byte i never starts before the text.
    if (depth_.size() != states || depth_[0] != 0) return false;
    for (std::size_t state = 0; state < states; ++state)
      for (std::uint32_t k = out_begin_[state]; k < out_begin_[state + 1]; ++k)
        if (outputs_[k].second > depth_[state]) return false;
    for (const auto& [pattern, length] : outputs_)
      if (pattern >= literal.size() || !literal[pattern] || length == 0) return false;
    for (std::size_t k = 0; k < next_.size(); ++k) {
      std::uint32_t to = next_[k], row = to >> 1;
      if (row % classes != 0 || row / classes >= states) return false;
      std::size_t state = row / classes;
      if ((to & 1) != (out_begin_[state] != out_begin_[state + 1] ? 1u : 0u)) return false;
      if (depth_[state] > depth_[k / classes] + 1) return false;
    }
    classes_ = classes;
    deepest_ = *std::max_element(depth_.begin(), depth_.end());
    trie_.clear();
    return true;
  }
  std::size_t states() const { return trie_.size(); }

  // The automaton: byte classes, transitions, and per state the (pattern, longest length)
  // of the strings ending there (its own and those of its suffixes).
  void build() {
    class_of_.fill(0);
    std::size_t classes = 1;  // class 0: bytes in no string
    for (const auto& node : trie_)
      for (const auto& [b, child] : node.children)
        if (class_of_[b] == 0) class_of_[b] = static_cast<std::uint8_t>(classes++);
    for (unsigned b = 'A'; b <= 'Z'; ++b) class_of_[b] = class_of_[b + 32];  // caseless
    classes_ = classes;
    const std::size_t n = trie_.size();
    next_.assign(n * classes_, 0);
    std::vector<std::uint32_t> fail(n, 0), order{0};
    order.reserve(n);
    depth_.assign(n, 0);
    for (const auto& [b, child] : trie_[0].children) {
      next_[class_of_[b]] = child;
      order.push_back(child);
      depth_[child] = 1;
    }
    // Breadth first: a state's failure and transitions come from shorter states.
    for (std::size_t k = 1; k < order.size(); ++k) {
      std::uint32_t s = order[k];
      for (std::size_t c = 0; c < classes_; ++c)
        next_[s * classes_ + c] = next_[fail[s] * classes_ + c];
      for (const auto& [b, child] : trie_[s].children) {
        fail[child] = next_[fail[s] * classes_ + class_of_[b]];
        next_[s * classes_ + class_of_[b]] = child;
        order.push_back(child);
        depth_[child] = depth_[s] + 1;
      }
    }
    // Outputs: a state's own ends, then those of its failure state (already complete).
    out_begin_.assign(n + 1, 0);
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> outs;
    outs.resize(order.size());  // every state, in breadth-first order
    for (std::uint32_t s : order) {
      auto& o = outs[s];
      for (const auto& e : trie_[s].ends) o.push_back(e);
      if (s != 0)
        for (const auto& e : outs[fail[s]]) o.push_back(e);
      // Longest per pattern.
      std::sort(o.begin(), o.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second > b.second;
      });
      o.erase(std::unique(o.begin(), o.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              o.end());
    }
    for (std::size_t s = 0; s < n; ++s) {
      out_begin_[s] = static_cast<std::uint32_t>(outputs_.size());
      outputs_.insert(outputs_.end(), outs[s].begin(), outs[s].end());
    }
    out_begin_[n] = static_cast<std::uint32_t>(outputs_.size());
    // Transitions hold the row of the target (state * classes), shifted left, with the low bit
    // set when strings end in the target: one load and a test per byte of text.
    for (auto& target : next_) {
      bool ends = out_begin_[target] != out_begin_[target + 1];
      target = static_cast<std::uint32_t>(target * classes_) << 1 | (ends ? 1u : 0u);
    }
    deepest_ = *std::max_element(depth_.begin(), depth_.end());
    trie_.clear();
    trie_.shrink_to_fit();
  }

  // Calls report(pattern, start, end) for every end of a string and every pattern with a
  // string ending there (start: that of its longest such string), in order of ends.
  //
  // Each byte's transition depends on the one before: one stream is a chain of dependent loads,
  // bound by their latency. A long text is cut into four parts read side by side, so that four
  // chains overlap. Every part but the first starts `deepest` bytes early, without reporting:
  // after that many bytes from the root, the automaton is in the state it would have reached
  // from the start of the text (a state stands for at most `deepest` bytes). Each part's
  // reports wait in a buffer; the buffers are given in order.
  template <class Report>
  void scan(std::string_view text, Report&& report) const {
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    if (n < std::max<std::size_t>(256, 8 * deepest_)) {  // too short to pay for the overlaps
      stream(t, 0, n, 0, 0, report);
      return;
    }
    constexpr std::size_t kParts = 4;  // the rows below are named for four
    // Part k reads [from[k], to[k]) and reports ends after report_from[k].
    std::size_t from[kParts], to[kParts], report_from[kParts];
    for (std::size_t k = 0; k < kParts; ++k) {
      report_from[k] = n * k / kParts;
      from[k] = k == 0 ? 0 : report_from[k] - deepest_;
      to[k] = n * (k + 1) / kParts;
    }
    using Held = std::vector<std::array<std::size_t, 3>>;
    thread_local Held held[kParts];
    struct Hold {
      Held& into;
      void operator()(std::uint32_t pattern, std::size_t start, std::size_t end) const {
        into.push_back({pattern, start, end});
      }
    };
    Hold hold[kParts] = {{held[0]}, {held[1]}, {held[2]}, {held[3]}};
    for (auto& h : held) h.clear();
    const std::uint32_t* next = next_.data();
    const std::uint8_t* class_of = class_of_.data();
    // Side by side for the length of the shortest part (four named rows, kept in registers),
    // then each part to its end.
    std::size_t common = to[0] - from[0];
    for (std::size_t k = 1; k < kParts; ++k) common = std::min(common, to[k] - from[k]);
    const unsigned char *t0 = t + from[0], *t1 = t + from[1], *t2 = t + from[2], *t3 = t + from[3];
    std::uint32_t r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (std::size_t step = 0; step < common; ++step) {
      const std::uint32_t g0 = next[r0 + class_of[t0[step]]];
      const std::uint32_t g1 = next[r1 + class_of[t1[step]]];
      const std::uint32_t g2 = next[r2 + class_of[t2[step]]];
      const std::uint32_t g3 = next[r3 + class_of[t3[step]]];
      r0 = g0 >> 1;
      r1 = g1 >> 1;
      r2 = g2 >> 1;
      r3 = g3 >> 1;
      if ((g0 | g1 | g2 | g3) & 1) [[unlikely]] {
        if (g0 & 1) ends(r0, from[0] + step, hold[0]);
        if ((g1 & 1) && from[1] + step >= report_from[1]) ends(r1, from[1] + step, hold[1]);
        if ((g2 & 1) && from[2] + step >= report_from[2]) ends(r2, from[2] + step, hold[2]);
        if ((g3 & 1) && from[3] + step >= report_from[3]) ends(r3, from[3] + step, hold[3]);
      }
    }
    const std::uint32_t row[kParts] = {r0, r1, r2, r3};
    for (std::size_t k = 0; k < kParts; ++k) {
      stream(t, from[k] + common, to[k], row[k], report_from[k], hold[k]);
      for (const auto& [pattern, start, end] : held[k])
        report(static_cast<std::uint32_t>(pattern), start, end);
      // A huge text full of matches must not leave its buffer to the thread for good.
      if (held[k].capacity() > 4096) Held().swap(held[k]);
    }
  }

 private:
  // Calls report for every string ending at byte i, in the state whose row is `row`.
  template <class Report>
  void ends(std::uint32_t row, std::size_t i, Report& report) const {
    const std::size_t state = row / classes_;
    for (std::uint32_t k = out_begin_[state]; k < out_begin_[state + 1]; ++k)
      report(outputs_[k].first, i + 1 - outputs_[k].second, i + 1);
  }

  // One stream over [begin, end) from `row`, reporting the ends from byte `report_from` on.
  template <class Report>
  void stream(const unsigned char* t, std::size_t begin, std::size_t end, std::uint32_t row,
              std::size_t report_from, Report& report) const {
    const std::uint32_t* next = next_.data();
    const std::uint8_t* class_of = class_of_.data();
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t go = next[row + class_of[t[i]]];
      row = go >> 1;
      if ((go & 1) && i >= report_from) ends(row, i, report);
    }
  }

  struct Node {
    std::vector<std::pair<unsigned char, std::uint32_t>> children;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;  // (pattern, length)
  };
  std::vector<Node> trie_{Node{}};
  std::array<std::uint8_t, 256> class_of_{};
  std::size_t classes_ = 1;
  std::vector<std::uint32_t> next_;
  std::vector<std::uint32_t> out_begin_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> outputs_;
  std::vector<std::uint32_t> depth_;  // per state, the length of the text it stands for
  std::size_t deepest_ = 0;           // the largest depth
};

}  // namespace

struct PatternSet::Impl {
  // Patterns a ReverseDfa reads report ends only; the others keep Hyperscan's start tracking,
  // in a database of their own.
  hs_database_t* db = nullptr;           // ends only; starts from `starts`
  hs_database_t* som_db = nullptr;       // HS_FLAG_SOM_LEFTMOST
  std::uint64_t serial = next_serial++;  // identifies the databases for per-thread scratch
  std::vector<PatternSpec> specs;        // indexed by position; Hyperscan ids are positions
  std::vector<std::unique_ptr<ReverseDfa>> starts;  // per spec; null: Hyperscan tracks starts
  LiteralMatcher literals;                          // small word lists, not in the databases
  bool collapse = false;  // patterns were rewritten for text with whitespace runs collapsed
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
  return !impl_ || (!impl_->db && !impl_->som_db && impl_->literals.empty());
}

bool PatternSet::tracks_starts() const {
  return impl_ && impl_->som_db;
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

// FNV-1a, 64 bits: the names of cache files and the checksum of their contents. piece() closes
// each piece with a separator byte, so that ("ab", "c") and ("a", "bc") differ.
struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  }
  void piece(std::string_view s) {
    bytes(s);
    h = (h ^ 0xff) * 1099511628211ull;
  }
};

std::string cache_key(const std::vector<const char*>& expressions,
                      const std::vector<unsigned>& flags, const std::vector<unsigned>& ids) {
  Fnv fnv;
  auto mix = [&](std::string_view s) { fnv.piece(s); };
  mix(hs_version());
  // The database is compiled for this CPU (its instruction set): another CPU, or valgrind's
  // emulated one, must not find it under the same name.
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS)
    mix(std::to_string(platform.tune) + "/" + std::to_string(platform.cpu_features));
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    mix(expressions[i]);
    mix(std::to_string(flags[i]));
    mix(std::to_string(ids[i]));  // a database reports these ids: part of what it is
  }
  std::ostringstream out;
  out << std::hex << fnv.h << "-" << expressions.size();
  return out.str();
}

// The whole file in one read (empty when it cannot be read): cache files are megabytes, too
// many for a byte-by-byte iterator at every process start.
std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return {};
  std::streamoff size = in.tellg();
  if (size <= 0) return {};
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return {};
  return bytes;
}

hs_database_t* load_cached(const std::filesystem::path& file) {
  std::string bytes = read_file(file);
  if (bytes.empty()) return nullptr;
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

// FNV-1a (64 bits) of the bytes, never 0.
std::uint64_t checksum(std::string_view bytes) {
  Fnv fnv;
  fnv.bytes(bytes);
  return fnv.h ? fnv.h : 1;
}

// Writes a cache file atomically (readers never see half a file); failures are ignored.
void store_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::filesystem::path temp = file;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) std::filesystem::rename(temp, file, ec);
  if (ec) std::filesystem::remove(temp, ec);
}

void store_cached(const std::filesystem::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  store_bytes(file, std::string_view(bytes, length));
  std::free(bytes);
}

}  // namespace

namespace {

// Compiles (or loads from the cache) one database; on failure returns null with the index, into
// `expressions`, of the failing expression (-1 when unknown) and the message.
hs_database_t* compile_database(const std::vector<const char*>& expressions,
                                const std::vector<unsigned>& flags,
                                const std::vector<unsigned>& ids, int& failing,
                                std::string& message) {
  std::optional<std::filesystem::path> cached;
  if (auto dir = cache_dir()) {
    cached = *dir / (cache_key(expressions, flags, ids) + ".hsdb");
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

}  // namespace

namespace {
// "X\\b" with the final \b not itself escaped ("\\\\b" is a backslash then 'b').
bool ends_with_boundary(std::string_view re) {
  if (re.size() < 3 || re.substr(re.size() - 2) != "\\b") return false;
  std::size_t slashes = 0;
  for (std::size_t i = re.size() - 2; i-- > 0 && re[i] == '\\';) ++slashes;
  return slashes % 2 == 0;
}

// A '|' outside every group and class: "a|b\\b" bounds b alone, "(?:a|b)\\b" both.
bool top_level_alternation(std::string_view re) {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < re.size() && re[i + 1] == '^') ++i;
      if (i + 1 < re.size() && re[i + 1] == ']') ++i;  // a ']' first is a member
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}
}  // namespace

namespace {

// ---- Whitespace as one literal space --------------------------------------------------------
//
// Rule patterns separate words with \s+, \s* or \s. Hyperscan cannot build its literal
// factors across a class repeat, so "(on|nous)\s+(est|sommes)\s+d'accord" runs an automaton
// from every "on" of the text, and a rule set of 140 such patterns cost about 430,000
// instructions on a 2.4 KB message. The patterns are compiled instead with \s written as one
// literal space (" " when at least one is required, " ?" when none is), and the text is scanned
// with every run of white space collapsed to one space: the same matches, found through
// literals, in about half the instructions. Offsets are mapped back to the text.
bool is_space_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// \s outside a class, with its quantifier, becomes " " or " ?"; consecutive ones merge. The
// rest of the pattern is copied byte for byte. `changed` tells whether the pattern needs the
// collapsed text: it had \s or a plain space outside a class.
std::string collapse_whitespace_classes(std::string_view re, bool& changed) {
  std::string out;
  out.reserve(re.size());
  changed = false;
  bool in_class = false;
  std::size_t ws_at = std::string::npos;  // where the last emitted space token starts in `out`
  bool ws_required = false;
  std::size_t i = 0;
  while (i < re.size()) {
    char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      if (!in_class && re[i + 1] == 's') {
        // Read the quantifier, if any, to know whether a space is required.
        std::size_t j = i + 2;
        std::size_t min = 1;
        if (j < re.size() && (re[j] == '*' || re[j] == '?')) {
          min = 0;
          ++j;
        } else if (j < re.size() && re[j] == '+') {
          ++j;
        } else if (j < re.size() && re[j] == '{') {
          std::size_t close = re.find('}', j);
          std::string_view inner = close == std::string_view::npos
                                       ? std::string_view{}
                                       : re.substr(j + 1, close - j - 1);
          if (!inner.empty() && std::isdigit(static_cast<unsigned char>(inner[0]))) {
            min = static_cast<std::size_t>(std::atoi(std::string(inner).c_str()));
            j = close + 1;
          }
        }
        if (j < re.size() && (re[j] == '?' || re[j] == '+') && j > i + 2) ++j;  // lazy, possessive
        bool required = min > 0;
        if (ws_at != std::string::npos && ws_at + (ws_required ? 1 : 2) == out.size()) {
          required = required || ws_required;  // "\s*\s+": one token
          out.resize(ws_at);
        }
        ws_at = out.size();
        ws_required = required;
        out += required ? " " : " ?";
        changed = true;
        i = j;
        continue;
      }
      out += c;
      out += re[i + 1];
      i += 2;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // A ']' first in the class (after an optional '^') is a literal.
      if (i < re.size() && re[i] == '^') out += re[i++];
      if (i < re.size() && re[i] == ']') out += re[i++];
      continue;
    }
    if (c == ' ') changed = true;  // a phrase "what about" matches across a line break too
    out += c;
    ++i;
  }
  return out;
}

}  // namespace

Result<PatternSet> PatternSet::compile(const std::vector<PatternSpec>& given) {
  PatternSet set;
  set.impl_ = std::make_unique<Impl>();
  set.impl_->specs = given;
  if (given.empty()) return set;
  // COURTOIS_MATCHER_SPACES=classes keeps \s as written and scans the text as it is (the
  // reference the tests compare collapsed white space with).
  const char* spaces = std::getenv("COURTOIS_MATCHER_SPACES");
  if (!(spaces && std::string_view(spaces) == "classes")) {
    for (PatternSpec& spec : set.impl_->specs) {
      bool changed = false;
      std::string rewritten = collapse_whitespace_classes(spec.regex, changed);
      if (changed) {
        spec.regex = std::move(rewritten);
        set.impl_->collapse = true;
      }
    }
  }
  // From here on the patterns as compiled.
  const std::vector<PatternSpec>& specs = set.impl_->specs;
  // COURTOIS_MATCHER_STARTS=hyperscan keeps Hyperscan's start tracking for every pattern (the
  // reference the tests compare the reverse automata with).
  const char* env = std::getenv("COURTOIS_MATCHER_STARTS");
  const bool reverse = !(env && std::string_view(env) == "hyperscan");
  struct Part {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
  } ends_only, with_starts;
  // Literal patterns: at most this many strings of at most this many bytes, and at most this
  // many automaton states in all (its table is states x byte classes).
  constexpr std::size_t kLiteralStrings = 1024, kLiteralLength = 64, kLiteralStates = 1 << 16;
  // Building the automata costs tens of milliseconds for a large rule set at every process
  // start: they are kept in the cache folder too, under a hash of the patterns and of the
  // limits above; a file that does not read back whole and well-formed is built again.
  std::vector<std::uint8_t> kinds;  // per spec: 0 Hyperscan start tracking, 1 reverse, 2 list
  std::optional<std::filesystem::path> automata_file;
  if (auto dir = reverse ? cache_dir() : std::nullopt) {
    Fnv fnv;
    auto mix = [&](std::string_view piece) { fnv.piece(piece); };
    mix("courtois-automata-4");
    mix(std::to_string(kLiteralStrings) + "/" + std::to_string(kLiteralLength) + "/" +
        std::to_string(kLiteralStates));
    for (const auto& spec : specs) {
      mix(spec.regex);
      mix(spec.caseless ? "i" : "-");
    }
    std::ostringstream name;
    name << std::hex << fnv.h << "-" << specs.size() << ".automata";
    automata_file = *dir / name.str();
    std::string bytes = read_file(*automata_file);
    // The file ends with a checksum of the rest: a damaged file is not read at all.
    std::uint64_t sum = 0;
    if (bytes.size() >= sizeof sum) {
      std::memcpy(&sum, bytes.data() + bytes.size() - sizeof sum, sizeof sum);
      bytes.resize(bytes.size() - sizeof sum);
    }
    Reader r{bytes};
    r.ok = sum != 0 && sum == checksum(bytes);
    std::vector<std::uint8_t> read_kinds;
    std::vector<std::unique_ptr<ReverseDfa>> read_starts;
    bool good = r.vector(read_kinds, specs.size()) && read_kinds.size() == specs.size();
    for (std::size_t i = 0; good && i < specs.size(); ++i) {
      if (read_kinds[i] > 2 || (read_kinds[i] == 2 && !specs[i].caseless)) good = false;
      read_starts.push_back(good && read_kinds[i] == 1 ? ReverseDfa::load(r) : nullptr);
      if (read_kinds[i] == 1 && !read_starts.back()) good = false;
    }
    std::vector<std::uint8_t> literal(specs.size(), 0);
    bool any_literal = false;
    for (std::size_t i = 0; good && i < specs.size(); ++i)
      if (read_kinds[i] == 2) literal[i] = 1, any_literal = true;
    LiteralMatcher read_literals;
    if (good && any_literal) good = read_literals.load(r, literal);
    if (good && r.ok && r.in.empty()) {
      kinds = std::move(read_kinds);
      set.impl_->starts = std::move(read_starts);
      set.impl_->literals = std::move(read_literals);
    }
  }
  const bool loaded = !kinds.empty();
  for (std::size_t i = 0; i < specs.size() && !loaded; ++i) {
    // The pattern read once (Glushkov positions) serves both the word list and the automaton.
    std::unique_ptr<ReverseDfa> finder;
    if (reverse) {
      // A final \b ("...(need|want)\\b", how most request cues end) is a condition on the end
      // alone: Hyperscan checks it while reporting ends, and the matches of X\b that end at a
      // reported end are exactly the matches of X that end there, so the automaton of X finds
      // the same leftmost start. Only when X is no top-level alternation ("a|b\b" bounds b
      // alone), and never through the word-list automaton, which would not check it.
      std::string_view regex = specs[i].regex;
      const bool final_boundary = ends_with_boundary(regex) && !top_level_alternation(regex);
      if (final_boundary) regex.remove_suffix(2);
      std::vector<ReNode> nodes;
      int root = ReParser(regex, specs[i].caseless, nodes).parse();
      Glushkov g;
      Glushkov::Frag whole;
      if (root >= 0) whole = g.build(nodes, root, 0);
      // Nullable patterns are refused by Hyperscan: left to it, for its error.
      if (root >= 0 && g.ok && !g.sets.empty() && !whole.nullable) {
        if (!final_boundary && specs[i].caseless && set.impl_->literals.states() < kLiteralStates)
          if (auto strings = small_language(g, whole, kLiteralStrings, kLiteralLength)) {
            set.impl_->literals.add(static_cast<std::uint32_t>(i), *strings);
            set.impl_->starts.push_back(nullptr);
            kinds.push_back(2);
            continue;
          }
        finder = ReverseDfa::build(g, whole.first, whole.last);
      }
    }
    kinds.push_back(finder ? 1 : 0);
    set.impl_->starts.push_back(std::move(finder));
  }
  if (!loaded && !set.impl_->literals.empty()) set.impl_->literals.build();
  if (!loaded && automata_file) {
    Writer w;
    w.array(kinds.data(), kinds.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (kinds[i] == 1) set.impl_->starts[i]->save(w);
    if (!set.impl_->literals.empty()) set.impl_->literals.save(w);
    w.value(checksum(w.out));
    store_bytes(*automata_file, w.out);
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (kinds[i] == 2) continue;  // matched by the word-list automaton
    Part& part = kinds[i] == 1 ? ends_only : with_starts;
    part.expressions.push_back(specs[i].regex.c_str());
    part.flags.push_back((kinds[i] == 1 ? 0u : HS_FLAG_SOM_LEFTMOST) |
                         (specs[i].caseless ? HS_FLAG_CASELESS : 0u));
    part.ids.push_back(static_cast<unsigned>(i));  // Hyperscan reports the spec's position
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

// Receives Hyperscan's matches and keeps, for the sort that follows, those that respect word
// boundaries: the end is checked first, since most raw matches ("te" inside "votre") fail there
// and need no start; a pattern without Hyperscan's start tracking then gets its start from its
// reverse automaton.
struct Collector {
  std::string_view text;
  const std::vector<PatternSpec>* specs;
  const std::vector<std::unique_ptr<ReverseDfa>>* starts;
  ReverseDfa::Memo memo;
  std::vector<Match> out;
};

// Sorts a range that is nearly in order (each element a few places from its own) by insertion,
// in time proportional to its length plus its displacements; past a budget of moves (a range
// far from order) by std::sort. Either way the same order.
template <class Iterator, class Less>
void nearly_sorted_sort(Iterator begin, Iterator end, Less less) {
  const auto length = static_cast<std::size_t>(end - begin);
  std::size_t budget = 8 * length + 64;
  for (Iterator i = begin; i != end; ++i) {
    if (i == begin || !less(*i, *(i - 1))) continue;
    auto value = std::move(*i);
    Iterator j = i;
    do {
      *j = std::move(*(j - 1));
      --j;
      if (budget-- == 0) {
        *j = std::move(value);
        std::sort(begin, end, less);
        return;
      }
    } while (j != begin && less(value, *(j - 1)));
    *j = std::move(value);
  }
}

// Whether a match of a pattern (word-bounded or not) respects word boundaries at its end.
bool end_fits(std::string_view text, bool bounded, std::size_t end) {
  return !(bounded && end > 0 && end < text.size() &&
           is_word_byte(static_cast<unsigned char>(text[end - 1])) &&
           is_word_byte(static_cast<unsigned char>(text[end])));
}
// ... and at its start.
bool start_fits(std::string_view text, bool bounded, std::size_t start, std::size_t end) {
  return !(bounded && end > start && start > 0 &&
           is_word_byte(static_cast<unsigned char>(text[start])) &&
           is_word_byte(static_cast<unsigned char>(text[start - 1])));
}

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* ctx) {
  auto& c = *static_cast<Collector*>(ctx);
  const std::string_view text = c.text;
  const auto end = static_cast<std::size_t>(to);
  const bool bounded = (*c.specs)[id].word_bounded;
  if (!end_fits(text, bounded, end)) return 0;
  auto start = static_cast<std::size_t>(from);
  if (const ReverseDfa* finder = (*c.starts)[id].get()) {
    start = finder->leftmost_start(text, end, id, c.memo);
    if (start == std::string::npos || start >= end) return 0;  // cannot happen
  }
  if (!start_fits(text, bounded, start, end)) return 0;
  c.out.push_back(Match{id, start, end});
  return 0;
}

// What each scan of this thread reads: the last text scanned, copied, and (for sets whose
// patterns were compiled with white space as one space, see compile) the same text with each
// run of white space as one space, with per byte of it the offset of the byte it comes from
// (one more entry: the end of the text). Every plugin folds the same new text and scans it
// with several sets, so a scan of equal bytes reuses both.
//
// Hyperscan 5.4 reads past the end of the buffer it scans: with Debian's libhs 5.4.0 the
// avx512vbmi runtime crashes on a text that ends where an unmapped page begins (the fuzz replay
// puts every input there; fuzz/corpus/matcher/regressions/hyperscan-reads-past-end), and
// intel/hyperscan#457 reports the same of 5.4.2. A caller's text may end anywhere, so Hyperscan
// only ever reads these copies, each followed by kSlack zero bytes.
class ScanText {
 public:
  static constexpr std::size_t kSlack = 64;

  // The copy of `source`, made when it differs from the last one; with its collapsed form
  // when `collapse` is asked and the text has a run to collapse or white space other than a
  // plain space.
  static const ScanText& of(std::string_view source, bool collapse) {
    ScanText& last = mine();
    if (!(last.source_size_ == source.size() &&
          (source.empty() ||
           std::memcmp(last.source_.data(), source.data(), source.size()) == 0))) {
      last.source_.assign(source);
      last.source_.append(kSlack, '\0');
      last.source_size_ = source.size();
      last.collapsed_ = last.needed_ = false;
    }
    if (collapse && !last.collapsed_) last.collapse();
    return last;
  }
  // Drops this thread's copies when the last text was huge (over 1 MB), not to keep them in
  // every worker for the life of the service.
  static void release_if_huge() {
    ScanText& last = mine();
    if (last.source_.capacity() + last.text_.capacity() > (std::size_t{1} << 20)) last = ScanText{};
  }

  std::string_view source() const { return {source_.data(), source_size_}; }
  // The collapsed text, or null when the copy of the source is scanned as it is.
  const std::string_view* collapsed() const { return needed_ ? &text_view_ : nullptr; }
  // Null when the collapsed text has the source's offsets (only tabs or newlines replaced).
  const std::vector<std::uint32_t>* origin() const { return identity_ ? nullptr : &origin_; }

 private:
  static ScanText& mine() {
    thread_local ScanText last;
    return last;
  }
  void collapse() {
    collapsed_ = true;
    needed_ = false;
    if (source_size_ >= std::numeric_limits<std::uint32_t>::max()) return;
    text_.resize(source_size_ + kSlack);
    origin_.resize(source_size_ + 1);
    char* out = text_.data();
    std::uint32_t* origin = origin_.data();
    std::size_t n = 0;
    bool in_space = false, replaced = false;
    const auto* bytes = reinterpret_cast<const unsigned char*>(source_.data());
    for (std::size_t i = 0; i < source_size_; ++i) {
      const unsigned char c = bytes[i];
      if (is_space_byte(c)) {
        if (in_space) continue;
        in_space = true;
        replaced = replaced || c != ' ';
        out[n] = ' ';
      } else {
        in_space = false;
        out[n] = static_cast<char>(c);
      }
      origin[n++] = static_cast<std::uint32_t>(i);
    }
    origin[n] = static_cast<std::uint32_t>(source_size_);
    identity_ = n == source_size_;
    needed_ = replaced || !identity_;
    std::fill(text_.begin() + static_cast<std::ptrdiff_t>(n), text_.end(), '\0');
    text_.resize(n + kSlack);
    origin_.resize(n + 1);
    text_view_ = std::string_view(text_.data(), n);
  }

  std::string source_ = std::string(kSlack, '\0');  // the bytes scanned last, then kSlack zeros
  std::size_t source_size_ = 0;
  bool collapsed_ = false;  // text_, origin_, identity_ and needed_ are those of source_
  bool needed_ = false;     // the collapsed text differs from the source
  bool identity_ = false;   // same length: origin_[i] == i
  std::string text_;        // collapsed, then kSlack zero bytes
  std::string_view text_view_;
  std::vector<std::uint32_t> origin_;
};

}  // namespace

std::vector<Match> PatternSet::scan(std::string_view source) const {
  if (empty()) return {};
  // Patterns written for collapsed white space (see compile) scan a copy of the text with each
  // run of white space as one space; `origin` maps its offsets back.
  // Hyperscan reads this thread's copy of the text (see ScanText), never the caller's bytes.
  std::string_view text = source;
  const std::vector<std::uint32_t>* origin = nullptr;
  if (impl_->collapse || impl_->db || impl_->som_db) {
    const ScanText& copy = ScanText::of(source, impl_->collapse);
    text = copy.source();
    if (const std::string_view* collapsed = impl_->collapse ? copy.collapsed() : nullptr) {
      text = *collapsed;
      origin = copy.origin();
    }
  }
  thread_local ThreadScratch local;
  if (std::find(local.fits.begin(), local.fits.end(), impl_->serial) == local.fits.end()) {
    for (hs_database_t* db : {impl_->db, impl_->som_db})
      if (db && hs_alloc_scratch(db, &local.scratch) != HS_SUCCESS) return {};
    local.fits.push_back(impl_->serial);
  }
  // Keep, per (pattern, start), the longest match that respects word boundaries.
  Collector collector{text, &impl_->specs, &impl_->starts, {}, {}};
  // Each source reports in order of ends: the runs it leaves are nearly in order of starts.
  std::size_t runs[3] = {0, 0, 0};
  std::size_t run = 0;
  for (hs_database_t* db : {impl_->db, impl_->som_db}) {
    if (db)
      hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch, on_match,
              &collector);
    runs[run++] = collector.out.size();
  }
  std::vector<Match>& out = collector.out;
  if (!impl_->literals.empty()) {
    const std::vector<PatternSpec>& specs = impl_->specs;
    impl_->literals.scan(text, [&](std::uint32_t id, std::size_t start, std::size_t end) {
      const bool bounded = specs[id].word_bounded;
      if (end_fits(text, bounded, end) && start_fits(text, bounded, start, end))
        out.push_back(Match{id, start, end});
    });
  }
  // By start, pattern, longest first: the longest per (pattern, start) is kept; then each run of
  // one start (a handful of matches) is put longest first, by id.
  auto by_start = [](const Match& a, const Match& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.id != b.id) return a.id < b.id;
    return a.end > b.end;
  };
  runs[2] = out.size();
  auto at = [&](std::size_t k) { return out.begin() + static_cast<std::ptrdiff_t>(k); };
  nearly_sorted_sort(at(0), at(runs[0]), by_start);
  nearly_sorted_sort(at(runs[0]), at(runs[1]), by_start);
  nearly_sorted_sort(at(runs[1]), at(runs[2]), by_start);
  std::inplace_merge(at(0), at(runs[0]), at(runs[1]), by_start);
  std::inplace_merge(at(0), at(runs[1]), at(runs[2]), by_start);
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const Match& a, const Match& b) { return a.id == b.id && a.start == b.start; }),
            out.end());
  for (auto& m : out) {
    m.id = impl_->specs[m.id].id;
    if (origin) {
      // A space stands for its whole run: a match that ends with it ends where the run ends.
      m.start = (*origin)[m.start];
      m.end = (*origin)[m.end];
    }
  }
  ScanText::release_if_huge();  // `text` and `origin` are not read past this point
  for (auto run = out.begin(); run != out.end();) {
    auto next = run + 1;
    while (next != out.end() && next->start == run->start) ++next;
    if (next - run > 1)
      std::sort(run, next, [](const Match& a, const Match& b) {
        if (a.end != b.end) return a.end > b.end;
        return a.id < b.id;
      });
    run = next;
  }
  return std::move(out);
}

}  // namespace courtois
