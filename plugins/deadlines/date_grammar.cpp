#include "date_grammar.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// The token helpers of the parser, which every rule calls: see Parser.
#define COURTOIS_HOT [[gnu::always_inline]]

namespace courtois::deadlines {

namespace {

using namespace std::chrono;
using Kind = Token::Kind;

constexpr int kNoZone = INT_MIN;

// Roles of grammar_words.txt.
enum class Role : std::uint8_t {
  next,
  last,
  this_,
  future,
  past,
  future_after,
  past_after,
  range_open,
  range_sep,
  link,
  at,
  of_week_next,
  of_week_this,
  of_week_last,
  start,
  mid,
  end,
  eod,
  eow,
  era_ad,
  era_bc,
  era_be,
  determiner,
  count
};
static_assert(static_cast<std::size_t>(Role::count) == kRoles, "Role follows kRoleNames");

// A date or time expression before resolution: the fields it names, or an already resolved
// day or instant for relative expressions.
struct Point {
  std::size_t b = 0, e = 0;  // token range [b, e)
  int y = -1, mo = -1, d = -1;
  int wd = -1,
      wd_mode = 0;  // 0 bare, 1 this, 2 next, 3 last, 4 next week, 5 this week, 6 last week
  int h = -1, mi = -1, s = -1, mer = -1;  // mer: 0 am, 1 pm
  int zone = kNoZone;
  std::string_view zone_rule;  // "us" or "eu" daylight saving, for seasonal zone names
  std::optional<local_days> day;
  std::optional<local_seconds> range_end;
  std::optional<local_seconds> instant;
  std::string_view grain;  // set by period expressions and durations (a literal)
  std::optional<local_days> end_day;
  int hint = -1;        // hour of a part of the day ("matin")
  bool opened = false;  // a time after "de"/"from": a range may follow
  bool relative = false;
  bool month_alone = false;

  bool has_date() const { return y >= 0 || mo >= 0 || d >= 0 || wd >= 0 || day || instant; }
  bool has_time() const { return h >= 0; }
};

// The parts of a duration ("2 hours and 30 minutes"), kept inline: durations are tried at
// many token positions of every message and must not allocate. Units are views of the
// vocabulary's values.
struct Duration {
  static constexpr std::size_t kMaxParts = 6;
  std::array<std::pair<double, std::string_view>, kMaxParts> parts{};
  std::size_t size = 0;
  bool empty() const { return size == 0; }
  bool full() const { return size == kMaxParts; }
  void add(double qty, std::string_view unit) { parts[size++] = {qty, unit}; }
  const std::pair<double, std::string_view>& back() const { return parts[size - 1]; }
  const std::pair<double, std::string_view>* begin() const { return parts.data(); }
  const std::pair<double, std::string_view>* end() const { return parts.data() + size; }
};

struct Resolved {
  local_seconds value;
  std::string_view grain;
  std::optional<local_seconds> end;
};

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return days[m - 1];
}

local_days make_day(int y, int m, int d) {
  return local_days{year_month_day{year{y}, month{static_cast<unsigned>(m)},
                                   std::chrono::day{static_cast<unsigned>(d)}}};
}

year_month_day ymd_of(local_days d) {
  return year_month_day{d};
}

int weekday_of(local_days d) {
  return static_cast<int>(weekday{d}.c_encoding());
}

local_days add_months(local_days d, int months) {
  auto ymd = ymd_of(d);
  int y = static_cast<int>(ymd.year()), m = static_cast<unsigned>(ymd.month());
  int dd = static_cast<unsigned>(ymd.day());
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  dd = std::min(dd, days_in_month(y, m));
  return make_day(y, m, dd);
}

local_days monday_of(local_days d) {
  int wd = weekday_of(d);
  return d - days{(wd + 6) % 7};
}

int meridiem_of(const std::string_view w) {
  if (w == "am" || w == "a") return 0;
  if (w == "pm" || w == "p") return 1;
  return -1;
}

// US and EU daylight saving rules for zone names that change with the season.
bool in_dst(std::string_view rule, local_days day) {
  auto ymd = ymd_of(day);
  int y = static_cast<int>(ymd.year());
  auto nth_sunday = [&](int m, int n) {
    local_days first = make_day(y, m, 1);
    int wd = weekday_of(first);
    return first + days{(7 - wd) % 7 + 7 * (n - 1)};
  };
  auto last_sunday = [&](int m) {
    local_days last = make_day(y, m, days_in_month(y, m));
    return last - days{weekday_of(last)};
  };
  if (rule == "us") return day >= nth_sunday(3, 2) && day < nth_sunday(11, 1);
  if (rule == "eu") return day >= last_sunday(3) && day < last_sunday(10);
  return false;
}

class Parser {
 public:
  Parser(const Vocabulary& v, const LexiconIndex& index, const std::vector<Token>& toks,
         std::string_view original, const std::vector<std::uint32_t>& origin,
         const std::optional<Reference>& ref, const DateOptions& opt)
      : v_(v),
        t_(toks),
        n_(toks.size()),
        original_(original),
        origin_(origin),
        ref_(ref),
        opt_(opt) {
    first_.reserve(toks.size());
    for (const auto& t : toks)
      first_.push_back(t.kind == Kind::number ? nullptr : index.find(t.text));
    // Grammar words, looked up once per token: the spelling's one-token roles from the index,
    // and a token's own copy only where a longer word may start.
    static const std::array<std::uint8_t, kRoles> no_roles{};
    roles_.assign(n_, no_roles.data());
    std::size_t multi = 0;
    for (std::size_t i = 0; i < n_; ++i) multi += first_[i] && first_[i]->multi_word;
    own_roles_.reserve(multi);
    for (std::size_t i = 0; i < n_; ++i) {
      if (!first_[i]) continue;
      roles_[i] = first_[i]->single_roles.data();
      if (!first_[i]->multi_word) continue;
      auto& own = own_roles_.emplace_back(first_[i]->single_roles);
      for (const LexEntry* e : (*first_[i])[static_cast<std::size_t>(v_.words.id)]) {
        std::size_t n = e->tokens.size();
        if (n == 1 || e->code < 0 || i + n > n_) continue;
        bool same = true;
        for (std::size_t k = 1; k < n && same; ++k) same = toks[i + k].text == e->tokens[k];
        auto r = static_cast<std::size_t>(e->code);
        if (same && own[r] < n) own[r] = static_cast<std::uint8_t>(n);
      }
      roles_[i] = own.data();
    }
    if (ref_) {
      today_ = floor<days>(ref_->local);
    }
  }

  std::vector<FoundDate> run();
  // "de deux jours", "d'une semaine", "by a week", "two weeks" at token 0, applied to from.
  std::optional<local_seconds> shift_from_start(local_seconds from, int sign);

 private:
  const Vocabulary& v_;
  const std::vector<Token>& t_;
  const std::size_t n_;  // t_.size(), which costs a division by sizeof(Token) in every test
  std::string_view original_;
  const std::vector<std::uint32_t>& origin_;
  const std::optional<Reference>& ref_;
  const DateOptions& opt_;
  local_days today_{};
  std::vector<const LexiconIndex::Entries*> first_;  // per token: lexicon entries it starts
  // Per token: the length in tokens of the longest grammar word of each role starting there.
  std::vector<const std::uint8_t*> roles_;
  std::vector<std::array<std::uint8_t, kRoles>> own_roles_;

  // --- token helpers ---
  // Called thousands of times per message from every rule of the grammar: always inlined
  // (COURTOIS_HOT), since GCC otherwise keeps out-of-line clones that cost more than the tests.
  COURTOIS_HOT bool ok(std::size_t i) const { return i < n_; }
  COURTOIS_HOT bool num(std::size_t i) const { return ok(i) && t_[i].kind == Kind::number; }
  COURTOIS_HOT bool word(std::size_t i) const { return ok(i) && t_[i].kind == Kind::word; }
  COURTOIS_HOT bool punct(std::size_t i, char c) const {
    return ok(i) && t_[i].kind == Kind::punct && t_[i].text.size() == 1 && t_[i].text[0] == c;
  }
  // Token i is the word w. A literal's length is known here, so the comparison compiles to a
  // length test and a few byte compares instead of a memcmp call.
  template <std::size_t N>
  COURTOIS_HOT bool is(std::size_t i, const char (&w)[N]) const {
    if (!ok(i) || t_[i].text.size() != N - 1) return false;
    return std::memcmp(t_[i].text.data(), w, N - 1) == 0;
  }
  COURTOIS_HOT bool adj(std::size_t i) const { return ok(i) && !t_[i].space_before; }
  COURTOIS_HOT long val(std::size_t i) const { return t_[i].value; }
  COURTOIS_HOT int digits(std::size_t i) const { return t_[i].digits; }
  bool capitalised(std::size_t i) const {
    std::size_t o = origin_.empty() ? t_[i].start : origin_[t_[i].start];
    return o < original_.size() && std::isupper(static_cast<unsigned char>(original_[o]));
  }
  // Longest entry of `lex` at i whose value (or tag) satisfies pred; returns its token count.
  template <class Pred>
  std::size_t lex(const Lexicon& lexicon, std::size_t i, Pred pred,
                  const LexEntry** found = nullptr) const {
    if (i >= n_ || !first_[i]) return 0;
    for (const LexEntry* e : (*first_[i])[static_cast<std::size_t>(lexicon.id)]) {
      if (i + e->tokens.size() > n_) continue;
      bool same = true;
      for (std::size_t k = 1; k < e->tokens.size() && same; ++k)
        same = t_[i + k].text == e->tokens[k];
      if (same && pred(*e)) {
        if (found) *found = e;
        return e->tokens.size();
      }
    }
    return 0;
  }
  // Length in tokens of the longest grammar word of role r starting at i (0: none).
  COURTOIS_HOT std::size_t role(std::size_t i, Role r) const {
    return i < n_ ? roles_[i][static_cast<std::size_t>(r)] : 0;
  }
  // A relative modifier at i: "prochain"/"next" sets mode 2, "dernier"/"last" 3 and, when
  // `with_this`, "ce"/"this" 1. Returns its length in tokens (0, mode untouched: none).
  std::size_t modifier(std::size_t i, int& mode, bool with_this = true) const {
    if (std::size_t n = role(i, Role::next)) return mode = 2, n;
    if (std::size_t n = role(i, Role::last)) return mode = 3, n;
    if (std::size_t n = with_this ? role(i, Role::this_) : 0) return mode = 1, n;
    return 0;
  }

  // Whether an expression can start at i: a number, a name of the vocabulary, a modifier or
  // preposition that opens one, an article before one. Most words of a text are none of these.
  bool can_start(std::size_t i) const {
    const Token& t = t_[i];
    // A number followed by another (after a space) starts nothing: no rule reads two numbers
    // in a row, and phone numbers and amounts ("01 23 45 67 89", "12 450,00") are made of them.
    if (t.kind == Kind::number) return !num(i + 1);
    if (t.kind == Kind::punct)
      return (punct(i, '+') || punct(i, '-') || punct(i, '~')) && num(i + 1);
    auto has = [&](std::size_t k, const Lexicon& l) {
      return k < n_ && first_[k] && !(*first_[k])[static_cast<std::size_t>(l.id)].empty();
    };
    auto named_next = [&](std::size_t k) { return k < n_ && (num(k) || first_[k]); };
    if (first_[i]) {
      // A whole entry, not only its first word: "the" and "la" open "the day after tomorrow"
      // and "la veille", and are otherwise most often no date at all.
      auto any = [](const LexEntry&) { return true; };
      for (const Lexicon* l : {&v_.months, &v_.weekdays, &v_.relative_days, &v_.dayparts})
        if (has(i, *l) && lex(*l, i, any)) return true;
      // Number words start a duration ("a few days", "deux semaines") or are ordinal days.
      if (has(i, v_.numbers)) {
        for (const LexEntry* e : (*first_[i])[static_cast<std::size_t>(v_.numbers.id)])
          if (e->tag == "ord") return true;
        for (std::size_t k = i + 1; k < i + 4 && k < n_; ++k)
          if (has(k, v_.units)) return true;
      }
      // A unit starts only a period with its modifier after it: "semaine prochaine".
      if (has(i, v_.units) && (role(i + 1, Role::next) || role(i + 1, Role::last))) return true;
      for (Role r : {Role::start, Role::mid, Role::end, Role::eod, Role::eow})
        if (role(i, r)) return true;
      for (Role r :
           {Role::next, Role::last, Role::this_, Role::future, Role::past, Role::range_open}) {
        if (std::size_t n = role(i, r)) {
          std::size_t k = i + n;
          if (named_next(k) || punct(k, '~') || punct(k, '\'') || is(k, "la") || is(k, "le") ||
              is(k, "the") || is(k, "half") || is(k, "around") || is(k, "about") ||
              is(k, "weekend") || is(k, "week"))
            return true;
        }
      }
    }
    if (is(i, "q")) return num(i + 1);
    if (is(i, "les") || is(i, "the") || is(i, "le") || is(i, "la") || is(i, "l") || is(i, "half") ||
        is(i, "une") || is(i, "un"))
      return ok(i + 1) && (num(i + 1) || first_[i + 1] || punct(i + 1, '\''));
    return false;
  }

  // --- grammar ---
  std::optional<Point> point(std::size_t i);
  std::optional<Point> simple_point(std::size_t i);
  std::optional<Point> simple_point_uncached(std::size_t i);
  int depth_ = 0;
  // Tokens where a range of bare weekdays starts (weekday_span), found once per text: most
  // texts have none, and then opening hours cost nothing to rule out.
  std::vector<std::size_t> weekday_spans_;
  std::optional<Point> point_uncached(std::size_t i);

  std::optional<Point> time_at(std::size_t i);
  std::size_t zone_at(std::size_t i, int& zone, std::string_view& rule, bool iso) const;
  std::optional<Point> numeric_date(std::size_t i);
  std::optional<Point> month_date(std::size_t i);
  std::optional<Point> weekday_point(std::size_t i);
  std::optional<Point> relative_day(std::size_t i);
  std::optional<Point> duration(std::size_t i);
  std::optional<Point> period(std::size_t i);
  std::optional<Point> bare_day(std::size_t i);
  std::optional<Point> day_alone(std::size_t i, bool after_the);
  std::size_t day_number(std::size_t i, int& day) const;
  std::size_t year_after(std::size_t i, int& year, bool allow_two_digits) const;
  std::size_t duration_body(std::size_t i, Duration& parts);
  std::optional<Point> range_from(const Point& first, std::size_t sep_end, bool opened);
  bool counts_from_an_event(std::size_t k) const;
  bool now_is_a_time(std::size_t b, std::size_t e) const;
  std::optional<Point> bare_start_range(std::size_t i, bool opened);
  std::size_t weekday_span(std::size_t i);
  std::size_t hours_span(std::size_t i);
  std::size_t weekly_hours(std::size_t i);
  void attach_time(Point& p);
  std::optional<Resolved> resolve(const Point& p) const;
  std::optional<local_seconds> apply_duration(local_seconds from, const Duration&, int sign) const;
};

// ---------------------------------------------------------------------------------------------
// Times: "14h30", "14:30:15", "2pm", "2 p.m.", "1230pm", "midi", "9 o'clock", "at 5".
std::optional<Point> Parser::time_at(std::size_t i) {
  if (!ok(i)) return std::nullopt;
  // Named times of the day.
  const LexEntry* e = nullptr;
  if (std::size_t n = lex(
          v_.dayparts, i, [](const LexEntry& x) { return x.tag == "exact"; }, &e)) {
    Point p;
    p.b = i;
    p.e = i + n;
    p.h = e->number;
    p.mi = 0;
    return p;
  }
  if (std::size_t n = role(i, Role::eod)) {
    Point p;
    p.b = i;
    p.e = i + n;
    p.h = 18;
    p.mi = 0;
    p.grain = "hour";
    return p;
  }
  if (!num(i) || digits(i) > 4) return std::nullopt;
  // A number glued to letters or to another number ("%e7%b7%8a", "13.12 PM") is no time.
  if (i > 0 && adj(i) &&
      (punct(i - 1, '%') ||
       (word(i - 1) && !is(i - 1, "t") &&
        !lex(v_.weekdays, i - 1, [](const LexEntry&) { return true; })) ||
       (punct(i - 1, '.') && i > 1 && num(i - 2) && digits(i - 2) != 4)))
    return std::nullopt;
  Point p;
  p.b = i;
  std::size_t j = i + 1;
  long first = val(i);
  bool explicit_form = false;
  if (digits(i) <= 2 && punct(j, ':') && adj(j) && num(j + 1) && adj(j + 1) && digits(j + 1) == 2) {
    p.h = static_cast<int>(first);
    p.mi = static_cast<int>(val(j + 1));
    j += 2;
    if (punct(j, ':') && adj(j) && num(j + 1) && adj(j + 1) && digits(j + 1) == 2) {
      p.s = static_cast<int>(val(j + 1));
      j += 2;
      if (punct(j, '.') && adj(j) && num(j + 1) && adj(j + 1)) j += 2;
    }
    if (punct(j, ':') && adj(j) && num(j + 1)) return std::nullopt;  // "12:30:99:1"
    explicit_form = true;
  } else if (digits(i) <= 2 && word(j) && (is(j, "h") || is(j, "hr")) &&
             !(word(j + 1) && adj(j + 1) && !is(j + 1, "m") && !is(j + 1, "mp") &&
               !is(j + 1, "p") && !is(j + 1, "pm") && !is(j + 1, "am"))) {
    // "14h", "14h30", "8h10m00s", "5h16p"
    p.h = static_cast<int>(first);
    p.mi = -1;
    ++j;
    if (num(j) && adj(j) && digits(j) <= 2) {
      p.mi = static_cast<int>(val(j));
      ++j;
      if (word(j) && adj(j) && (is(j, "m") || is(j, "min") || is(j, "mn"))) ++j;
      if (is(j, "mp") && adj(j)) {
        p.mer = 1;
        ++j;
      }
      if (num(j) && adj(j) && digits(j) == 2) {
        p.s = static_cast<int>(val(j));
        ++j;
        if (is(j, "s") && adj(j)) ++j;
      }
    }
    if (punct(j, ':') && adj(j)) return std::nullopt;  // "12h12:99s"
    explicit_form = true;
  } else if (digits(i) <= 2 && punct(j, '.') && adj(j) && num(j + 1) && adj(j + 1) &&
             digits(j + 1) == 2) {
    // "6.13 AM", "at 12.30": only with a meridiem or after "at"/"à".
    bool after_at = i > 0 && role(i - 1, Role::at) == 1;
    std::size_t k = j + 2;
    bool has_mer = word(k) && (meridiem_of(t_[k].text) >= 0 || is(k, "a") || is(k, "p"));
    if (!has_mer && !after_at) return std::nullopt;
    if (punct(k, '.') && num(k + 1)) return std::nullopt;  // a version "1.10.30"
    p.h = static_cast<int>(first);
    p.mi = static_cast<int>(val(j + 1));
    j += 2;
    explicit_form = true;
  } else if (digits(i) >= 3) {
    // "1230pm", "630-930am" (end side): needs a meridiem.
    if (!(word(j) && adj(j) && meridiem_of(t_[j].text) >= 0)) {
      // "630" followed by "-930am": the range code handles the start side
      return std::nullopt;
    }
    p.h = static_cast<int>(first / 100);
    p.mi = static_cast<int>(first % 100);
  } else {
    p.h = static_cast<int>(first);
  }
  // Meridiem.
  if (word(j) && meridiem_of(t_[j].text) >= 0 && (adj(j) || t_[j].text.size() == 2)) {
    if (t_[j].text.size() == 1 && !adj(j)) return std::nullopt;
    p.mer = meridiem_of(t_[j].text);
    ++j;
  } else if ((is(j, "a") || is(j, "p")) && punct(j + 1, '.') && adj(j + 1) && is(j + 2, "m") &&
             adj(j + 2)) {
    p.mer = is(j, "a") ? 0 : 1;
    j += 3;
    if (punct(j, '.') && adj(j)) ++j;
  } else if (is(j, "o") && ((punct(j + 1, '\'') && is(j + 2, "clock")) || is(j + 1, "clock"))) {
    j += punct(j + 1, '\'') ? 3 : 2;
    explicit_form = true;
  }
  bool daypart_after = false;
  if (p.mer < 0 && !explicit_form && digits(i) <= 2 && first <= 12) {
    std::size_t k = j;
    if (is(k, "in") && is(k + 1, "the"))
      k += 2;
    else if (is(k, "at") || is(k, "du") || is(k, "de"))
      k += 1;
    daypart_after =
        (k != j && lex(v_.dayparts, k, [](const LexEntry& x) { return x.tag.empty(); })) ||
        lex(v_.relative_days, j, [](const LexEntry& x) { return !x.tag.empty(); });
  }
  if (p.mer < 0 && !explicit_form && !daypart_after) {
    // A bare number is a time only after "at"/"à" and before nothing number-like.
    bool after_at = i > 0 && role(i - 1, Role::at) == 1;
    if (!after_at || digits(i) > 2) return std::nullopt;
    if (ok(j) && (t_[j].kind == Kind::number || punct(j, '-') || punct(j, '.') || punct(j, ',') ||
                  punct(j, '%'))) {
      // "at 10 - 10.1", "at 101,194 points", "I'm at 10.1"
      if (!(punct(j, ',') && !num(j + 1))) return std::nullopt;
    }
    if (word(j) && !lex(v_.dayparts, j, [](const LexEntry&) { return true; }) &&
        !role(j, Role::link) && !lex(v_.relative_days, j, [](const LexEntry&) { return true; }) &&
        !is(j, "in") && !is(j, "du") && !is(j, "de") && !is(j, "tonight"))
      return std::nullopt;  // "at 6 kilograms"
  }
  if (p.mer >= 0) {
    if (p.h < 1 || p.h > 12) return std::nullopt;  // "14PM", "13.12 PM"
    if (p.mer == 0 && p.h == 12) p.h = 0;
    if (p.mer == 1 && p.h < 12) p.h += 12;
  }
  if (p.h > 23 || p.mi > 59 || p.s > 59) return std::nullopt;
  // Part of the day after a bare hour: "6 in the morning", "11 at night", "1 in the afternoon".
  {
    std::size_t k = j;
    if (is(k, "in") && is(k + 1, "the"))
      k += 2;
    else if (is(k, "at") || is(k, "du") || is(k, "de"))
      k += 1;
    const LexEntry* dp = nullptr;
    if (k != j && p.mer < 0 && p.h <= 12) {
      if (std::size_t n = lex(
              v_.dayparts, k, [](const LexEntry& x) { return x.tag.empty(); }, &dp)) {
        int hint = dp->number;
        if (hint >= 12 && p.h < 12 && !(hint >= 20 && p.h < 5))
          p.h += 12, p.mer = 1;
        else
          p.mer = p.h < 12 ? 0 : 1;
        j = k + n;
      }
    }
  }
  int zone = kNoZone;
  j += zone_at(j, zone, p.zone_rule, p.s >= 0);
  p.zone = zone;
  p.e = j;
  if (p.mi < 0 && p.grain.empty()) p.grain = "hour";
  if (p.mi < 0) p.mi = 0;
  return p;
}

// Zones after a time: "PST", "UTC+02:45", "GMT -08:45", "+1400", "(gmt-2:30)".
std::size_t Parser::zone_at(std::size_t i, int& zone, std::string_view& rule, bool iso) const {
  std::size_t j = i;
  bool paren = punct(j, '(');
  if (paren) ++j;
  const LexEntry* e = nullptr;
  std::size_t n = lex(
      v_.timezones, j, [](const LexEntry&) { return true; }, &e);
  bool utc_like = n > 0 && (is(j, "utc") || is(j, "gmt"));
  std::size_t k = j + n;
  int sign = 0;
  bool bare_ok = n == 0 && num(k + 1) &&
                 ((adj(k) && punct(k, '+')) || digits(k + 1) == 4 ||
                  (iso && adj(k) && punct(k + 2, ':') && num(k + 3)));
  if ((utc_like || bare_ok) && (punct(k, '+') || punct(k, '-')) && num(k + 1)) {
    sign = punct(k, '+') ? 1 : -1;
    int hh = 0, mm = 0;
    if (digits(k + 1) <= 2) {
      hh = static_cast<int>(val(k + 1));
      k += 2;
      if (punct(k, ':') && num(k + 1) && digits(k + 1) == 2) {
        mm = static_cast<int>(val(k + 1));
        k += 2;
      }
    } else if (digits(k + 1) == 4) {
      hh = static_cast<int>(val(k + 1) / 100);
      mm = static_cast<int>(val(k + 1) % 100);
      k += 2;
    } else {
      return 0;
    }
    if (hh > 14 || mm > 59) return 0;
    zone = sign * (hh * 60 + mm);
    // "GMT+0900 (JST)"
    if (punct(k, '(') && lex(v_.timezones, k + 1, [](const LexEntry&) { return true; }) &&
        punct(k + 2, ')'))
      k += 3;
  } else if (n > 0) {
    // A zone word is a common word too ("est", "et"): only before nothing word-like.
    if (word(k) && !paren && !lex(v_.relative_days, k, [](const LexEntry&) { return true; }))
      return 0;
    // Nor when it is also a word of the grammar before another time: "entre 9h et 11h" (ET).
    bool time_follows = num(k) && (is(k + 1, "h") || is(k + 1, "heures") || punct(k + 1, ':') ||
                                   (word(k + 1) && meridiem_of(t_[k + 1].text) >= 0));
    if (time_follows && !paren &&
        (role(j, Role::range_sep) || role(j, Role::link) || role(j, Role::at)))
      return 0;
    zone = e->number;
    rule = e->tag;
  } else {
    return 0;
  }
  if (paren) {
    if (!punct(k, ')')) return 0;
    ++k;
  }
  return k - i;
}

// Day numbers: "15", "1er", "3rd", "twenty-fourth".
std::size_t Parser::day_number(std::size_t i, int& day) const {
  if (num(i) && digits(i) <= 2 && val(i) >= 1 && val(i) <= 31) {
    day = static_cast<int>(val(i));
    std::size_t j = i + 1;
    if (word(j) && adj(j) &&
        (is(j, "er") || is(j, "e") || is(j, "eme") || is(j, "st") || is(j, "nd") || is(j, "rd") ||
         is(j, "th")))
      ++j;
    return j - i;
  }
  const LexEntry* e = nullptr;
  if (std::size_t n = lex(
          v_.numbers, i, [](const LexEntry& x) { return x.tag == "ord"; }, &e)) {
    day = e->number;
    return n;
  }
  return 0;
}

// A year after a date: "2012", "96" (when allowed), with an era "AD", "BE".
std::size_t Parser::year_after(std::size_t i, int& year, bool allow_two_digits) const {
  if (!num(i)) return 0;
  std::size_t j = i + 1;
  if ((punct(j, ':') && digits(i) <= 2) ||
      (word(j) && adj(j) && (is(j, "h") || meridiem_of(t_[j].text) >= 0)) ||
      (word(j) && (is(j, "am") || is(j, "pm") || is(j, "o"))) || (punct(j, '.') && num(j + 1)))
    return 0;  // an hour, not a year: "5 May 12:00", "24 October 10 o clock"
  int y = static_cast<int>(val(i));
  bool era = role(j, Role::era_ad) || role(j, Role::era_be);
  if (digits(i) == 4 || (era && digits(i) <= 3)) {
    // keep
  } else if (digits(i) == 2 && allow_two_digits) {
    y = y < 50 ? 2000 + y : 1900 + y;
  } else if (digits(i) <= 3 && (role(j, Role::era_ad) || role(j, Role::era_bc))) {
    // "88 AD"
  } else {
    return 0;
  }
  if (std::size_t n = role(j, Role::era_be)) {
    y -= 543;
    j += n;
  } else if (std::size_t n2 = role(j, Role::era_ad)) {
    j += n2;
  } else if (role(j, Role::era_bc)) {
    return 0;  // not representable in RFC 3339
  }
  year = y;
  return j - i;
}

// Numeric dates: "2026-03-04", "03/04/2026", "8/2", "12-30-16", "9/2012".
std::optional<Point> Parser::numeric_date(std::size_t i) {
  if (!num(i)) return std::nullopt;
  auto is_sep = [&](std::size_t k) { return punct(k, '/') || punct(k, '-') || punct(k, '.'); };
  if (!is_sep(i + 1) || !adj(i + 1) || !num(i + 2) || !adj(i + 2)) return std::nullopt;
  char sep = t_[i + 1].text[0];
  // Part of a longer number chain (versions, phone numbers, amounts).
  if (i >= 2 && is_sep(i - 1) && adj(i) && num(i - 2) && adj(i - 1)) return std::nullopt;
  if (i >= 1 && (punct(i - 1, '$') || punct(i - 1, '#') ||
                 (word(i - 1) && adj(i) && (is(i - 1, "v") || is(i - 1, "n")))))
    return std::nullopt;
  if (i >= 2 && (is(i - 2, "version") || is(i - 2, "v")) && punct(i - 1, ':')) return std::nullopt;
  if (i >= 1 && digits(i) != 4 && (is(i - 1, "version") || is(i - 1, "release")))
    return std::nullopt;
  std::array<std::size_t, 3> parts{i, i + 2, 0};
  std::size_t n_parts = 2;
  std::size_t j = i + 3;
  if (ok(j) && t_[j].text.size() == 1 && t_[j].text[0] == sep && adj(j) && num(j + 1) &&
      adj(j + 1)) {
    parts[n_parts++] = j + 1;
    j += 2;
  }
  // A fourth part: a chain, not a date, unless a time follows ("05/31/2024-14:15").
  if (is_sep(j) && adj(j) && num(j + 1) && adj(j + 1) && !punct(j + 2, ':')) return std::nullopt;
  if (punct(j, '%')) return std::nullopt;
  if (sep == '.' && punct(j, '.') && num(j + 1)) return std::nullopt;
  Point p;
  p.b = i;
  p.e = j;
  auto valid = [&](int y, int m, int d) {
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y < 0 ? 2000 : y, m);
  };
  if (n_parts == 3) {
    int a = static_cast<int>(val(parts[0])), b = static_cast<int>(val(parts[1])),
        c = static_cast<int>(val(parts[2]));
    if (digits(parts[0]) == 4) {
      if (digits(parts[1]) > 2 || digits(parts[2]) > 2) return std::nullopt;
      int m = b, d = c;
      if (m > 12 && d <= 12) std::swap(m, d);
      if (!valid(a, m, d)) return std::nullopt;
      p.y = a, p.mo = m, p.d = d;
      return p;
    }
    if (digits(parts[0]) > 2 || digits(parts[1]) > 2) return std::nullopt;
    int y = c;
    if (digits(parts[2]) == 2) {
      if (sep == '.') return std::nullopt;  // "1.5.30": a version
      y = c < 50 ? 2000 + c : 1900 + c;
    } else if (digits(parts[2]) != 4) {
      return std::nullopt;
    }
    int d = a, m = b;
    if (a <= 12 && b > 12)
      d = b, m = a;
    else if (a <= 12 && b <= 12 && opt_.month_first)
      d = b, m = a;
    if (!valid(y, m, d)) return std::nullopt;
    p.y = y, p.mo = m, p.d = d;
    return p;
  }
  if (sep != '/') return std::nullopt;  // "1-2", "2012-14": not dates
  int a = static_cast<int>(val(parts[0])), b = static_cast<int>(val(parts[1]));
  if (digits(parts[0]) > 2) return std::nullopt;
  if (digits(parts[1]) == 4) {
    if (a < 1 || a > 12) return std::nullopt;
    p.y = b, p.mo = a;
    p.grain = "month";
    return p;
  }
  if (digits(parts[1]) > 2) return std::nullopt;
  int d = a, m = b;
  if (a <= 12 && b > 12)
    d = b, m = a;
  else if (a <= 12 && b <= 12 && opt_.month_first)
    d = b, m = a;
  if (!valid(-1, m, d)) return std::nullopt;
  p.mo = m, p.d = d;
  return p;
}

// Dates with a month name: "15 mars 2026", "March 4th", "Sep 2012", "2024 Aug", "avril".
std::optional<Point> Parser::month_date(std::size_t i) {
  auto month_at = [&](std::size_t k, const LexEntry** e) {
    return lex(
        v_.months, k, [](const LexEntry&) { return true; }, e);
  };
  auto skip_dot = [&](std::size_t k) { return punct(k, '.') ? k + 1 : k; };
  const LexEntry* me = nullptr;
  // Day first: "15 mars", "1er août 2012", "Twenty-fourth of May", "10-August-2012", "15SEP".
  {
    int day = 0;
    if (std::size_t n = day_number(i, day)) {
      std::size_t k = i + n;
      bool sep = false;
      if (is(k, "of") || is(k, "de"))
        ++k;
      else if ((punct(k, '-') || punct(k, '/')) && adj(k))
        ++k, sep = true;
      if (std::size_t mn = month_at(k, &me)) {
        Point p;
        p.b = i;
        p.d = day;
        p.mo = me->number;
        k = me->tag == "abbr" ? skip_dot(k + mn) : k + mn;
        std::size_t y0 = k;
        if (punct(k, ',') || ((punct(k, '-') || punct(k, '/')) && adj(k))) ++k;
        int year = 0;
        if (std::size_t yn = year_after(k, year, true)) {
          bool two = num(k) && digits(k) == 2;
          if (!two || val(k) > 31 || sep || punct(k - 1, '-') || punct(k - 1, '/') ||
              me->tag == "abbr") {
            p.y = year;
            y0 = k + yn;
          }
        }
        p.e = y0;
        if (p.d > days_in_month(p.y < 0 ? 2000 : p.y, p.mo)) return std::nullopt;
        return p;
      }
    }
  }
  // Year first: "2024 Aug", "2012/Aug/10", "2018 March 18", "2024-August".
  if (num(i) && digits(i) == 4) {
    std::size_t k = i + 1;
    if (punct(k, '-') || punct(k, '/'))
      ++k;
    else if (role(k, Role::era_ad))
      k += role(k, Role::era_ad);
    if (std::size_t mn = month_at(k, &me)) {
      Point p;
      p.b = i;
      p.y = static_cast<int>(val(i));
      p.mo = me->number;
      k += mn;
      std::size_t after = k;
      if (punct(after, '/') || punct(after, '-')) ++after;
      int day = 0;
      if (std::size_t dn = day_number(after, day)) {
        p.d = day;
        k = after + dn;
      } else {
        p.grain = "month";
      }
      p.e = k;
      if (p.d > 0 && p.d > days_in_month(p.y, p.mo)) return std::nullopt;
      return p;
    }
  }
  // Month first.
  std::size_t mn = month_at(i, &me);
  if (!mn) return std::nullopt;
  // "32 August", "29 February 2014": the day before the month is impossible; no date at all.
  if (i > 0 && num(i - 1) && digits(i - 1) <= 2 && val(i - 1) <= 35) return std::nullopt;
  Point p;
  p.b = i;
  p.mo = me->number;
  std::size_t k = me->tag == "abbr" ? skip_dot(i + mn) : i + mn;
  {
    std::size_t kd = k;
    if ((punct(kd, '-') || punct(kd, '/')) && adj(kd))
      ++kd;
    else if (punct(kd, ',') && num(kd + 1) && word(kd + 2) && adj(kd + 2))
      ++kd;  // "March, 6th"
    int day = 0;
    std::size_t dn = day_number(kd, day);
    bool is_year = num(kd) && (digits(kd) == 4 || (digits(kd) == 2 && val(kd) > 31));
    // "May 2:30" is not the 2nd of May.
    if (dn && !is_year && !(num(kd) && punct(kd + 1, ':')) &&
        !(num(kd) && word(kd + 1) && meridiem_of(t_[kd + 1].text) >= 0)) {
      p.d = day;
      std::size_t ky = kd + dn;
      std::size_t y0 = ky;
      if (punct(ky, ',') || ((punct(ky, '-') || punct(ky, '/')) && adj(ky))) ++ky;
      int year = 0;
      if (std::size_t yn = year_after(ky, year, true)) {
        if (!(num(ky) && digits(ky) == 2 && val(ky) <= 31 && !punct(ky - 1, ','))) {
          p.y = year;
          y0 = ky + yn;
        } else if (num(ky) && digits(ky) == 2) {
          p.y = year;
          y0 = ky + yn;
        }
      }
      p.e = y0;
      if (p.d > days_in_month(p.y < 0 ? 2000 : p.y, p.mo)) return std::nullopt;
      return p;
    }
  }
  {
    std::size_t ky = k;
    if (punct(ky, ',') || ((punct(ky, '-') || punct(ky, '/')) && adj(ky)) || is(ky, "of") ||
        is(ky, "de"))
      ++ky;
    int year = 0;
    if (num(ky) && (digits(ky) == 4 || (digits(ky) == 2 && val(ky) > 31 && me->tag == "abbr"))) {
      if (std::size_t yn = year_after(ky, year, true)) {
        p.y = year;
        p.e = ky + yn;
        p.grain = "month";
        return p;
      }
    }
  }
  // The month alone: never before a number ("August 32", "February 151998").
  if (num(k)) return std::nullopt;
  bool after_prep =
      i > 0 && (is(i - 1, "in") || is(i - 1, "by") || is(i - 1, "until") || is(i - 1, "from") ||
                is(i - 1, "since") || is(i - 1, "en") || is(i - 1, "avant") || is(i - 1, "depuis"));
  if (me->tag == "abbr" && !(after_prep && !word(k))) return std::nullopt;
  if (me->tag == "modal") {
    bool after_prep =
        i > 0 && (is(i - 1, "in") || is(i - 1, "by") || is(i - 1, "until") || is(i - 1, "from") ||
                  is(i - 1, "since") || is(i - 1, "of") || is(i - 1, "to") || is(i - 1, "early") ||
                  is(i - 1, "late") || is(i - 1, "mid") || is(i - 1, "before") || is(i - 1, "end"));
    bool alone = capitalised(i) && !word(k);
    if (!after_prep && !alone) return std::nullopt;
  }
  p.e = k;
  p.grain = "month";
  p.month_alone = true;
  return p;
}

// Weekdays: "vendredi", "lundi prochain", "next Friday", "Friday of next week", "last Tuesday".
std::optional<Point> Parser::weekday_point(std::size_t i) {
  std::size_t j = i;
  int mode = 0;
  j += modifier(j, mode);
  const LexEntry* e = nullptr;
  std::size_t wn = lex(
      v_.weekdays, j, [](const LexEntry&) { return true; }, &e);
  if (!wn) return std::nullopt;
  if (e->tag == "abbr" && mode == 0) return std::nullopt;  // "sun", "sat", "mar" alone
  Point p;
  p.b = i;
  p.wd = e->number;
  std::size_t k = j + wn;
  if (punct(k, '.') && e->tag == "abbr") ++k;
  if (mode == 0) k += modifier(k, mode, /*with_this=*/false);
  std::size_t kw = punct(k, ',') ? k + 1 : k;
  if (std::size_t n = role(kw, Role::of_week_next))
    mode = 4, k = kw + n;
  else if (std::size_t n2 = role(kw, Role::of_week_this))
    mode = 5, k = kw + n2;
  else if (std::size_t n3 = role(kw, Role::of_week_last))
    mode = 6, k = kw + n3;
  p.wd_mode = mode;
  p.e = k;
  p.relative = true;
  return p;
}

// "now", "maintenant" name a time only as a complement: at the end of their clause ("The
// deadline is now", "j'en ai besoin maintenant."), after a preposition ("from now", "dès
// maintenant", "jusqu'à maintenant") or before an offset ("now + 40 minutes"). Before a word
// they are adverbs of the sentence ("nous pouvons maintenant avancer", "Now we can move on",
// "je vous envoie maintenant le devis"), and "Now," opening a sentence is a discourse marker.
bool Parser::now_is_a_time(std::size_t b, std::size_t e) const {
  if (b > 0 &&
      (role(b - 1, Role::future) || role(b - 1, Role::past) || role(b - 1, Role::range_open) ||
       role(b - 1, Role::range_sep) || role(b - 1, Role::at) || is(b - 1, "des") ||
       is(b - 1, "by") || is(b - 1, "of") || is(b - 1, "partir")))
    return true;
  if (e < n_ && t_[e].kind != Kind::punct) return false;
  bool opens_sentence = b == 0 || punct(b - 1, '.') || punct(b - 1, '!') || punct(b - 1, '?') ||
                        punct(b - 1, ':') || punct(b - 1, ';');
  return !(opens_sentence && punct(e, ','));
}

std::optional<Point> Parser::relative_day(std::size_t i) {
  const LexEntry* e = nullptr;
  std::size_t n = lex(
      v_.relative_days, i, [](const LexEntry&) { return true; }, &e);
  if (!n || !ref_) return std::nullopt;
  Point p;
  p.b = i;
  p.e = i + n;
  p.relative = true;
  if (e->tag == "now") {
    if (!now_is_a_time(i, i + n)) return std::nullopt;
    p.instant = ref_->local;
    p.grain = "minute";
    return p;
  }
  p.day = today_ + days{e->number};
  if (!e->tag.empty()) p.hint = e->tag_number;
  return p;
}

// "dans 2 semaines", "in 3 business days", "sous 48h", "il y a 5 jours", "2 days later",
// "+15min", "les 2 prochaines semaines", "next 2 weeks", "2 days after tomorrow".
std::size_t Parser::duration_body(std::size_t i, Duration& parts) {
  std::size_t j = i, last_end = i;
  while (!parts.full()) {
    std::size_t k = j;
    while (is(k, "around") || is(k, "about") || is(k, "environ") || is(k, "approximately") ||
           punct(k, '~'))
      ++k;
    double qty = 0;
    bool article = false;  // the quantity is "a", "an", "un", "une"
    if (num(k)) {
      qty = static_cast<double>(val(k));
      ++k;
      if ((punct(k, '.') || punct(k, ',')) && adj(k) && num(k + 1) && adj(k + 1)) {
        qty += static_cast<double>(val(k + 1)) / std::pow(10.0, digits(k + 1));
        k += 2;
      }
    } else if (is(k, "half") && (is(k + 1, "an") || is(k + 1, "a"))) {
      qty = 0.5;
      k += 2;
    } else if ((is(k, "une") || is(k, "un")) && is(k + 1, "demi") && punct(k + 2, '-')) {
      qty = 0.5;
      k += 3;
    } else {
      const LexEntry* e = nullptr;
      std::size_t n = lex(
          v_.numbers, k, [](const LexEntry& x) { return x.tag != "ord"; }, &e);
      if (!n) break;
      qty = static_cast<double>(e->number);
      article = e->tag == "article";
      k += n;
      if (is(k, "of")) ++k;
    }
    const LexEntry* u = nullptr;
    std::size_t un = lex(
        v_.units, k, [](const LexEntry&) { return true; }, &u);
    if (!un) break;
    // A unit that is also an ordinal adjective, after an article: "a second site", "une
    // seconde réunion", "in a second", "pour un second devis". It counts time only when an
    // offset word follows it ("a second later").
    if (article && u->tag == "ordinal" &&
        !(role(k + un, Role::future_after) || role(k + un, Role::past_after)))
      break;
    // One-letter units only glued to their number: "48h", "3w", "5m".
    if (t_[k].text.size() <= 2 && un == 1 && !adj(k) && u->value != "hour" && t_[k].text != "mo" &&
        t_[k].text != "an")
      break;
    if (u->value == "hour" && t_[k].text == "h" && !adj(k) && parts.empty()) break;
    parts.add(qty, u->value);
    last_end = k + un;
    j = last_end;
    if (punct(j, ',')) ++j;
    if (is(j, "and") || is(j, "et")) ++j;
  }
  return parts.empty() ? 0 : last_end - i;
}

// Whether the duration that ends before k counts from an event the text names rather than
// from the message date: a preposition, then a noun phrase. "quatorze jours suivant la
// réception", "3 days before the meeting", "within 30 days of the invoice date", "dans les 30
// jours suivant votre commande". That event's date is not known, so no date is given.
bool Parser::counts_from_an_event(std::size_t k) const {
  std::size_t j = k;
  if (is(j, "a") && (is(j + 1, "compter") || is(j + 1, "partir"))) {
    j += 2;  // "à compter de la commande", "à partir du"
    if (is(j, "du")) return true;
    if (!is(j, "de") && !is(j, "d")) return false;
    ++j;
    if (punct(j, '\'')) ++j;
  } else if (is(j, "prior") && is(j + 1, "to")) {
    j += 2;
  } else if (is(j, "suivant") || is(j, "suivante") || is(j, "suivants") || is(j, "suivantes") ||
             is(j, "following") || is(j, "after") || is(j, "apres") || is(j, "before") ||
             is(j, "avant") || is(j, "precedant") || is(j, "of") || is(j, "de") || is(j, "from")) {
    ++j;
  } else {
    return false;
  }
  return role(j, Role::determiner) > 0;
}

std::optional<local_seconds> Parser::apply_duration(local_seconds from, const Duration& parts,
                                                    int sign) const {
  local_seconds t = from;
  for (const auto& [qty, unit] : parts) {
    if (qty > 100000 || ((unit == "month" || unit == "quarter" || unit == "year") && qty > 1000))
      return std::nullopt;
    auto secs = [&](double s) { return seconds{static_cast<long long>(std::llround(s))}; };
    if (unit == "second")
      t += sign * secs(qty);
    else if (unit == "minute")
      t += sign * secs(qty * 60);
    else if (unit == "hour")
      t += sign * secs(qty * 3600);
    else if (unit == "day")
      t += sign * secs(qty * 86400);
    else if (unit == "week")
      t += sign * secs(qty * 7 * 86400);
    else if (unit == "bday") {
      local_days d = floor<days>(t);
      auto tod = t - d;
      int n = static_cast<int>(qty);
      while (n > 0) {
        d += days{sign};
        int wd = weekday_of(d);
        if (wd != 0 && wd != 6) --n;
      }
      t = d + tod;
    } else {
      int months = static_cast<int>(qty) * (unit == "year" ? 12 : unit == "quarter" ? 3 : 1);
      local_days d = floor<days>(t);
      auto tod = t - d;
      t = add_months(d, sign * months) + tod;
    }
  }
  return t;
}

std::optional<Point> Parser::duration(std::size_t i) {
  if (!ref_) return std::nullopt;
  std::size_t j = i;
  int sign = 0;
  bool prefix = false;
  if (std::size_t n = role(j, Role::future))
    sign = 1, j += n, prefix = true;
  else if (std::size_t n2 = role(j, Role::past))
    sign = -1, j += n2, prefix = true;
  else if (std::size_t n3 = role(j, Role::next))
    sign = 1, j += n3, prefix = true;
  else if (std::size_t n4 = role(j, Role::last))
    sign = -1, j += n4, prefix = true;
  else if ((punct(j, '+') || punct(j, '-')) && num(j + 1) && adj(j + 1) &&
           !(j > 0 && num(j - 1) && adj(j)))
    sign = punct(j, '+') ? 1 : -1, j += 1, prefix = true;
  else if (is(j, "les") || is(j, "the")) {
    ++j;  // "les 2 prochaines semaines", "les 30 jours précédents"
  }
  std::size_t body_start = j;
  // "les 2 prochaines semaines": the modifier between the number and the unit.
  Duration parts;
  std::size_t n = duration_body(j, parts);
  if (!n && (num(j) || lex(v_.numbers, j, [](const LexEntry&) { return true; }))) {
    std::size_t q = num(j) ? j + 1 : j + lex(v_.numbers, j, [](const LexEntry&) { return true; });
    int s2 = 0;
    if (std::size_t m = role(q, Role::next))
      s2 = 1, q += m;
    else if (std::size_t m2 = role(q, Role::last))
      s2 = -1, q += m2;
    const LexEntry* u = nullptr;
    if (s2 && lex(
                  v_.units, q, [](const LexEntry&) { return true; }, &u)) {
      double qty = num(j) ? static_cast<double>(val(j)) : 0;
      if (!num(j)) {
        const LexEntry* ne = nullptr;
        lex(
            v_.numbers, j, [](const LexEntry&) { return true; }, &ne);
        qty = static_cast<double>(ne->number);
      }
      parts.add(qty, u->value);
      n = q + u->tokens.size() - j;
      sign = s2;
      prefix = true;
    }
  }
  if (!n) return std::nullopt;
  std::size_t k = body_start + n;
  Point p;
  p.b = i;
  p.relative = true;
  // Anchored: "2 days after tomorrow", "a week before yesterday", "2 months before 02/02".
  if (!prefix && (is(k, "after") || is(k, "before") || is(k, "apres") || is(k, "avant"))) {
    int s = (is(k, "after") || is(k, "apres")) ? 1 : -1;
    if (auto anchor = simple_point(k + 1)) {
      if (auto r = resolve(*anchor)) {
        auto t = apply_duration(r->value, parts, s);
        if (!t) return std::nullopt;
        p.instant = *t;
        p.grain = anchor->has_time() ? r->grain : "day";
        p.e = anchor->e;
        return p;
      }
    }
  }
  if (counts_from_an_event(k)) return std::nullopt;
  if (!prefix) {
    if (std::size_t m = role(k, Role::past_after))
      sign = -1, k += m;
    else if (std::size_t m2 = role(k, Role::future_after))
      sign = 1, k += m2;
    else if (std::size_t m3 = role(k, Role::last))
      sign = -1, k += m3;  // "les 24 heures passées"
    else if (std::size_t m4 = role(k, Role::next))
      sign = 1, k += m4;
    else if (is(k, "suivants") || is(k, "suivantes") || is(k, "prochains") || is(k, "passes") ||
             is(k, "passees") || is(k, "precedents") || is(k, "precedentes") || is(k, "derniers") ||
             is(k, "dernieres")) {
      sign = (is(k, "suivants") || is(k, "suivantes") || is(k, "prochains")) ? 1 : -1;
      ++k;
    } else {
      return std::nullopt;
    }
  }
  auto t = apply_duration(ref_->local, parts, sign);
  if (!t) return std::nullopt;
  p.instant = *t;
  std::string_view smallest = parts.back().second;
  p.grain = (smallest == "second" || smallest == "minute") ? "minute"
            : smallest == "hour"                           ? "hour"
                                                           : "day";
  p.e = k;
  return p;
}

// Periods: "la semaine prochaine", "next month", "this year", "le dernier trimestre",
// "fin du mois", "end of Q2", "début avril", "mi-mars", "EOD", "EOW", "Q3 2026".
std::optional<Point> Parser::period(std::size_t i) {
  std::size_t j = i;
  int edge = 0;  // 1 start, 2 mid, 3 end
  if (std::size_t n = role(j, Role::start))
    edge = 1, j += n;
  else if (std::size_t n2 = role(j, Role::mid))
    edge = 2, j += n2;
  else if (std::size_t n3 = role(j, Role::end))
    edge = 3, j += n3;
  if (std::size_t n = role(j, Role::eow)) {
    if (!ref_) return std::nullopt;
    Point p;
    p.b = i;
    p.e = j + n;
    p.day = monday_of(today_) + days{4};
    p.h = 18, p.mi = 0;
    p.grain = "hour";
    p.relative = true;
    return p;
  }
  if (edge) {
    if (punct(j, '-') && adj(j)) ++j;
    while (is(j, "of") || is(j, "du") || is(j, "de") || is(j, "d") || punct(j, '\'') ||
           is(j, "la") || is(j, "l") || is(j, "the") || is(j, "cette") || is(j, "ce") ||
           is(j, "this"))
      ++j;
  }
  Point p;
  p.b = i;
  p.relative = true;
  // Quarter: "Q2", "Q3 2026"
  if (is(j, "q") && num(j + 1) && adj(j + 1) && val(j + 1) >= 1 && val(j + 1) <= 4) {
    int q = static_cast<int>(val(j + 1));
    std::size_t k = j + 2;
    int year = -1;
    if (num(k) && digits(k) == 4) year = static_cast<int>(val(k)), ++k;
    if (year < 0) {
      if (!ref_) return std::nullopt;
      auto ymd = ymd_of(today_);
      year = static_cast<int>(ymd.year());
      int cur_q = (static_cast<int>(static_cast<unsigned>(ymd.month())) - 1) / 3 + 1;
      if (q < cur_q) ++year;  // forward: a quarter already over is next year's
    }
    local_days first = make_day(year, (q - 1) * 3 + 1, 1);
    local_days last = add_months(first, 3) - days{1};
    p.e = k;
    if (edge == 3)
      p.day = last, p.grain = "day";
    else if (edge == 1)
      p.day = first, p.grain = "day";
    else
      p.day = first, p.grain = "quarter", p.end_day = last;
    return p;
  }
  // A month after an edge: "début avril", "fin mars 2026", "end of August", "mid-May".
  if (edge) {
    const LexEntry* me = nullptr;
    if (std::size_t mn = lex(
            v_.months, j, [](const LexEntry&) { return true; }, &me)) {
      int mo = me->number;
      std::size_t k = j + mn;
      int year = -1;
      if (num(k) && digits(k) == 4) year = static_cast<int>(val(k)), ++k;
      if (year < 0) {
        if (!ref_) return std::nullopt;
        auto ymd = ymd_of(today_);
        year = static_cast<int>(ymd.year());
        if (mo < static_cast<int>(static_cast<unsigned>(ymd.month()))) ++year;
      }
      p.e = k;
      p.grain = "day";
      if (edge == 1)
        p.day = make_day(year, mo, 1), p.end_day = make_day(year, mo, 10);
      else if (edge == 2)
        p.day = make_day(year, mo, 15);
      else
        p.day = make_day(year, mo, days_in_month(year, mo));
      if (edge == 3) p.end_day.reset();
      p.relative = year < 0;
      return p;
    }
  }
  if (!ref_) return std::nullopt;
  // [modifier] unit [modifier]
  int mod = 0;  // 1 this, 2 next, 3 last
  std::size_t k = j;
  if (is(k, "le") || is(k, "la") || is(k, "l") || is(k, "the")) {
    ++k;
    if (punct(k, '\'')) ++k;
  }
  k += modifier(k, mod);
  const LexEntry* u = nullptr;
  std::size_t un = lex(
      v_.units, k, [](const LexEntry&) { return true; }, &u);
  std::string_view unit = un ? std::string_view(u->value) : std::string_view();
  if (!un && (is(k, "weekend") || (is(k, "week") && punct(k + 1, '-') && is(k + 2, "end")))) {
    unit = "weekend";
    un = is(k, "weekend") ? 1 : 3;
  }
  if (!un || (t_[k].text.size() <= 2 && unit != "weekend")) return std::nullopt;
  if (unit == "bday" || unit == "second" || unit == "minute") return std::nullopt;
  // A plural unit with no number is no period: "les jours suivants", "the following weeks",
  // "quatorze jours suivant la réception" (read from "jours" when the number is unknown).
  if (u && u->tag == "plural") return std::nullopt;
  k += un;
  if (mod == 0) {
    if (std::size_t n = modifier(k, mod, /*with_this=*/false))
      k += n;
    else if (is(k, "-") && is(k + 1, "ci"))
      mod = 1, k += 2;
  }
  if (mod == 0 && !edge) return std::nullopt;
  if (mod == 0) mod = 1;
  int step = mod == 2 ? 1 : mod == 3 ? -1 : 0;
  p.e = k;
  auto ymd = ymd_of(today_);
  int y = static_cast<int>(ymd.year()), m = static_cast<unsigned>(ymd.month());
  if (unit == "day") {
    p.day = today_ + days{step};
    if (edge == 3) p.h = 18, p.mi = 0, p.grain = "hour";
    return p;
  }
  if (unit == "hour") {
    if (edge) return std::nullopt;
    p.instant = ref_->local + hours{step};
    p.grain = "hour";
    return p;
  }
  if (unit == "week" || unit == "weekend") {
    local_days mon = monday_of(today_) + days{7 * step};
    if (unit == "weekend") {
      p.day = mon + days{5};
      p.end_day = mon + days{6};
      p.grain = "day";
      return p;
    }
    if (edge == 3)
      p.day = mon + days{4}, p.grain = "day";  // "fin de semaine": Friday
    else if (edge == 1)
      p.day = mon, p.grain = "day", p.end_day = mon + days{1};
    else if (edge == 2)
      p.day = mon + days{2}, p.grain = "day";
    else
      p.day = mon, p.grain = "week", p.end_day = mon + days{6};
    return p;
  }
  if (unit == "month") {
    local_days first = add_months(make_day(y, m, 1), step);
    local_days last = add_months(first, 1) - days{1};
    if (edge == 3)
      p.day = last, p.grain = "day";
    else if (edge == 1)
      p.day = first, p.grain = "day", p.end_day = first + days{9};
    else if (edge == 2)
      p.day = first + days{14}, p.grain = "day";
    else
      p.day = first, p.grain = "month", p.end_day = last;
    return p;
  }
  if (unit == "quarter") {
    local_days first = add_months(make_day(y, (m - 1) / 3 * 3 + 1, 1), 3 * step);
    local_days last = add_months(first, 3) - days{1};
    if (edge == 3)
      p.day = last, p.grain = "day";
    else if (edge == 1)
      p.day = first, p.grain = "day";
    else
      p.day = first, p.grain = "quarter", p.end_day = last;
    return p;
  }
  if (unit == "year") {
    int yy = y + step;
    if (edge == 3)
      p.day = make_day(yy, 12, 31), p.grain = "day";
    else if (edge == 1)
      p.day = make_day(yy, 1, 1), p.grain = "month";
    else if (edge == 2)
      p.day = make_day(yy, 6, 15), p.grain = "month";
    else
      p.day = make_day(yy, 1, 1), p.grain = "year", p.end_day = make_day(yy, 12, 31);
    return p;
  }
  return std::nullopt;
}

// "le 15", "the 19th", "au 19", "du 3": a day of the month named by its number alone. Without
// an article, an ordinal day with an hour after it ("24th at 9:30 is great", « 1er à 10 h »).
std::optional<Point> Parser::bare_day(std::size_t i) {
  bool after_article = i > 0 && (is(i - 1, "le") || is(i - 1, "au") || is(i - 1, "du") ||
                                 is(i - 1, "the") || is(i - 1, "jusqu'au"));
  if (!after_article) {
    int day = 0;
    const std::size_t n = day_number(i, day);
    const bool ordinal = n > 1 || (n == 1 && !num(i));
    if (!ordinal || !(is(i + n, "at") || is(i + n, "a")) || !num(i + n + 1)) return std::nullopt;
  }
  return day_alone(i, /*after_the=*/after_article && is(i - 1, "the"));
}

// The day number at i when nothing after it makes it a time, an amount or part of a date.
std::optional<Point> Parser::day_alone(std::size_t i, bool after_the) {
  int day = 0;
  std::size_t n = day_number(i, day);
  if (!n) return std::nullopt;
  bool suffixed = n > 1 || !num(i);
  if (after_the && !suffixed) return std::nullopt;
  std::size_t k = i + n;
  if (!num(i) && word(k) && !is(k, "of")) return std::nullopt;  // "the second half"
  if (num(k) || punct(k, '%') || punct(k, '/') || (punct(k, '.') && num(k + 1)) || punct(k, '$') ||
      lex(v_.units, k, [](const LexEntry&) { return true; }) || (word(k) && adj(k)))
    return std::nullopt;
  // A time ("le 20:30", "au 14h", "Tuesday 10 am"); "le 20 : merci" (French spacing before a
  // colon) and "the 20th:" are days.
  if ((punct(k, ':') && !suffixed && adj(k) && num(k + 1)) || is(k, "h") ||
      (word(k) && meridiem_of(t_[k].text) >= 0 && (adj(k) || t_[k].text.size() > 1)))
    return std::nullopt;
  if (word(k) && (is(k, "fois") || is(k, "times") || is(k, "euros") || is(k, "eur") ||
                  is(k, "points") || is(k, "pages") || is(k, "articles")))
    return std::nullopt;
  // A street number: "le 5 rue des Lilas", "au 12 bis avenue Foch", "the 21st Street store".
  static constexpr std::string_view kStreet[] = {
      "rue",  "avenue", "av",     "bd",   "boulevard", "place",  "chemin", "allee", "impasse",
      "quai", "route",  "cours",  "bis",  "ter",       "street", "st",     "road",  "rd",
      "lane", "drive",  "square", "parc", "residence", "way",    "ave",    "blvd"};
  if (word(k) && std::any_of(std::begin(kStreet), std::end(kStreet),
                             [&](std::string_view w) { return t_[k].text == w; }))
    return std::nullopt;
  Point p;
  p.b = i;
  p.e = k;
  p.d = day;
  p.relative = true;
  return p;
}

// One date or time without ranges: the longest reading at i, with a time or a part of the day
// attached ("demain matin 11h", "Friday at 9am", "14:15 05/31/2024", "le 15 mars à 14h30").
std::optional<Point> Parser::simple_point(std::size_t i) {
  // Anchored durations nest ("2 days after 2 days after ..."): bounded, whatever the text.
  if (i >= n_ || depth_ > 4) return std::nullopt;
  ++depth_;
  auto p = simple_point_uncached(i);
  --depth_;
  return p;
}

std::optional<Point> Parser::simple_point_uncached(std::size_t i) {
  // « ce jour-là » points back to a day named before it: it is not today.
  if (is(i, "ce") && is(i + 1, "jour") &&
      (is(i + 2, "la") || (punct(i + 2, '-') && adj(i + 2) && is(i + 3, "la"))))
    return std::nullopt;
  std::optional<Point> best;
  auto consider = [&](const std::optional<Point>& p) {
    if (p && (!best || p->e > best->e)) best = p;
  };
  // A weekday before a date: "Mardi 10 janvier", "Sun, Mar. 6, 2016", "Jeudi6/5/2013".
  {
    const LexEntry* e = nullptr;
    if (std::size_t wn = lex(
            v_.weekdays, i, [](const LexEntry&) { return true; }, &e)) {
      std::size_t k = i + wn;
      if (punct(k, '.')) ++k;
      if (punct(k, ',')) ++k;
      std::optional<Point> d = numeric_date(k);
      auto md = month_date(k);
      if (md && !md->month_alone && (!d || md->e > d->e)) d = md;
      if (!d) {
        // "mardi 10 à 14h", "jusqu'au vendredi 13", "Friday 13th", "Tuesday the 10th": the
        // day of the month, in the month where it falls on that weekday.
        std::size_t j = (is(k, "the") || is(k, "le")) ? k + 1 : k;
        d = day_alone(j, /*after_the=*/j != k && is(k, "the"));
        // Only where a date can end: not "Friday 3 people"; not the start of a range of
        // hours ("monday 7 to 9am").
        if (d && word(d->e) && !role(d->e, Role::link) && !role(d->e, Role::range_sep) &&
            !role(d->e, Role::at) && !is(d->e, "ou") && !is(d->e, "or") &&
            !lex(v_.dayparts, d->e, [](const LexEntry&) { return true; }))
          d.reset();
        if (d && role(d->e, Role::range_sep) && !role(d->e, Role::at) && num(d->e + 1)) d.reset();
        if (d) d->wd = e->number;
      }
      if (d) {
        d->b = i;
        consider(d);
      }
    }
  }
  consider(numeric_date(i));
  {
    auto md = month_date(i);
    consider(md);
  }
  consider(weekday_point(i));
  consider(relative_day(i));
  consider(duration(i));
  consider(period(i));
  consider(bare_day(i));
  consider(time_at(i));
  return best;
}

void Parser::attach_time(Point& p) {
  // Date then part of day / time: "demain matin 11h", "tomorrow at noon", "12 juillet à 19:00",
  // "Tuesday morning", "EOD tomorrow" (time first, below).
  if (p.has_date() && !p.has_time() && !p.instant) {
    std::size_t k = p.e;
    const LexEntry* dp = nullptr;
    if (std::size_t n = lex(
            v_.dayparts, k, [](const LexEntry& x) { return x.tag.empty(); }, &dp)) {
      p.hint = dp->number;
      k += n;
      p.e = k;
    }
    std::size_t link = k;
    bool glued = false;
    if ((punct(link, ':') || punct(link, '-') || punct(link, '.') || is(link, "t")) && adj(link) &&
        num(link + 1) && adj(link + 1) && punct(link + 2, ':'))
      ++link, glued = true;  // "2014-04-18T13:15", "05/31/2024:14:15", "06/Nov/2023:06:36"
    if (!glued && (punct(link, ',') || punct(link, '.'))) ++link;
    if (glued) {
    } else if (std::size_t n0 = role(link, Role::range_open)) {
      link += n0;  // "le 2014-04-18 de 7:00 à 20:00"
      p.opened = true;
    } else if (std::size_t n = role(link, Role::link))
      link += n;
    else if (is(link, "before") || is(link, "after") || is(link, "avant") || is(link, "apres") ||
             is(link, "vers") || is(link, "around") || is(link, "by") || is(link, "des"))
      ++link;
    if (punct(link, '-') && !num(link + 1)) ++link;
    for (std::size_t start : {link, k}) {
      if (auto t = time_at(start)) {
        if (t->has_date()) continue;
        p.h = t->h, p.mi = t->mi, p.s = t->s, p.zone = t->zone, p.mer = t->mer;
        p.zone_rule = t->zone_rule;
        if (t->mer < 0 && p.hint >= 12 && p.h < 12 && !t->grain.empty()) p.h += 12;
        if (t->mer < 0 && p.hint >= 12 && p.h < 12 && t->grain.empty() &&
            !(t_[t->b].kind == Kind::number && punct(t->b + 1, ':')))
          p.h += 12;
        if (!t->grain.empty() && t->grain != "hour") p.grain = t->grain;
        if (t->grain == "hour") p.grain = "hour";
        p.e = t->e;
        break;
      }
    }
    // "soir à 8", "tonight at 8": a bare hour after a part of the day.
    if (!p.has_time() && p.hint >= 0) {
      std::size_t a = p.e;
      if (std::size_t n = role(a, Role::at)) {
        if (num(a + n) && digits(a + n) <= 2 && val(a + n) <= 12 && !punct(a + n + 1, ':')) {
          p.h = static_cast<int>(val(a + n));
          if (p.hint >= 12 && p.h < 12) p.h += 12;
          p.mi = 0;
          p.grain = "hour";
          p.e = a + n + 1;
        }
      }
    }
    if (!p.has_time() && p.hint >= 0) {
      p.h = p.hint, p.mi = 0;
      p.grain = "hour";
    }
    // A year after the time: "Thu Oct 26 11:00:09 2023".
    if (p.has_time() && p.mo >= 0 && p.y < 0 && num(p.e) && digits(p.e) == 4) {
      p.y = static_cast<int>(val(p.e));
      ++p.e;
    }
  }
}

std::optional<Point> Parser::point(std::size_t i) {
  if (i >= n_) return std::nullopt;
  return point_uncached(i);
}

std::optional<Point> Parser::point_uncached(std::size_t i) {
  auto p = simple_point(i);
  if (!p) {
    // A part of the day alone with a bare hour: "soir à 8", "après-midi à 5".
    const LexEntry* dp = nullptr;
    if (std::size_t n = lex(
            v_.dayparts, i, [](const LexEntry& x) { return x.tag.empty(); }, &dp)) {
      std::size_t a = i + n;
      if (std::size_t m = role(a, Role::at)) {
        if (num(a + m) && digits(a + m) <= 2 && val(a + m) <= 12) {
          Point q;
          q.b = i;
          q.h = static_cast<int>(val(a + m));
          int hint = dp->number;
          if (hint >= 12 && q.h < 12) q.h += 12;
          q.mi = 0;
          q.grain = "hour";
          q.e = a + m + 1;
          return q;
        }
      }
    }
    return std::nullopt;
  }
  if (p->has_date()) {
    attach_time(*p);
  } else if (p->has_time()) {
    // Time then date: "14:15 05/31/2024", "8:23 AM, Jul 9", "at midnight on 12th August",
    // "10:30 pst today", "EOD tomorrow".
    std::size_t k = p->e;
    if (punct(k, ',') || is(k, "\xe2\x88\x99") || is(k, "\xc2\xb7") || is(k, "\xe2\x80\xa2")) ++k;
    std::size_t link = k;
    if (std::size_t n = role(link, Role::link)) link += n;
    if (is(link, "the")) ++link;
    for (std::size_t start : {link, k}) {
      auto d = simple_point(start);
      if (d && d->has_date() && !d->has_time() && !d->instant) {
        p->y = d->y, p->mo = d->mo, p->d = d->d, p->wd = d->wd, p->wd_mode = d->wd_mode;
        p->day = d->day;
        p->relative = d->relative;
        if (d->hint >= 12 && p->h < 12 && p->mer < 0) p->h += 12;
        p->e = d->e;
        break;
      }
    }
  }
  return p;
}

// "du 3 au 5 mars", "10 - 22 August 2012", "1-3pm", "13-15h", "630-930am", "Eighth to eleventh
// May 2010": the start is a bare number that takes its month or meridiem from the end.
std::optional<Point> Parser::bare_start_range(std::size_t i, bool opened) {
  int day = 0;
  std::size_t n = day_number(i, day);
  bool three_digit = num(i) && (digits(i) == 3 || digits(i) == 4);
  if (!n && !three_digit) return std::nullopt;
  if (three_digit) n = 1;
  std::size_t k = i + n;
  std::size_t sep = role(k, Role::range_sep);
  if (!sep) return std::nullopt;
  bool weak = is(k, "and") || is(k, "et") || is(k, "a");
  if (weak && !opened) return std::nullopt;
  std::size_t j = k + sep;
  auto b = point(j);
  if (!b) return std::nullopt;
  Point a;
  a.b = i;
  if (b->has_date() && b->mo >= 0 && b->d >= 0 && !b->has_time() && !three_digit) {
    a.d = day;
    a.mo = b->mo;
    a.y = b->y;
    if (a.d > days_in_month(a.y < 0 ? 2000 : a.y, a.mo)) return std::nullopt;
  } else if (b->has_date() && b->mo >= 0 && b->d >= 0 && b->has_time() && !three_digit) {
    // "22-23 Feb at 7pm"
    a.d = day, a.mo = b->mo, a.y = b->y, a.h = b->h, a.mi = b->mi;
  } else if (b->has_time() && !b->has_date()) {
    // The end must be an explicit time: a meridiem, "15h", "12:30".
    bool explicit_end = b->mer >= 0 || (num(j) && (is(j + 1, "h") || punct(j + 1, ':')));
    if (!explicit_end || !num(i)) return std::nullopt;
    long v = val(i);
    if (three_digit)
      a.h = static_cast<int>(v / 100), a.mi = static_cast<int>(v % 100);
    else
      a.h = static_cast<int>(v), a.mi = 0;
    if (n > 1) return std::nullopt;  // "3rd - 5pm"
    if (a.h > 23 || a.mi > 59) return std::nullopt;
    if (b->mer >= 0 && a.h > 12) return std::nullopt;
    if (b->mer == 1 && a.h < 12 && a.h + 12 <= b->h) a.h += 12;
    if (b->mer == 0 && a.h == 12) a.h = 0;
    a.grain = a.mi ? "" : "hour";
  } else {
    return std::nullopt;
  }
  return range_from(a, k, true);
}

std::optional<Point> Parser::range_from(const Point& first, std::size_t k, bool opened) {
  std::size_t sep = 0;
  if (std::size_t n = role(k, Role::range_sep)) {
    bool weak = (is(k, "and") || is(k, "et") || is(k, "a"));
    if (!weak || opened || (is(k, "a") && first.has_time())) sep = n;
  }
  if (!sep) return std::nullopt;
  std::size_t j = k + sep;
  Point a = first;
  bool a_time_only = a.has_time() && !a.has_date();
  std::optional<Point> second;
  if (auto q = point(j)) second = q;
  // A bare day after a full date: "August 10 - 22, 2012".
  if ((!second || second->e <= j + 1) && a.mo >= 0 && a.d >= 0 && !a.has_time()) {
    int day = 0;
    if (std::size_t dn = day_number(j, day); dn && !(is(j + dn, "h") || punct(j + dn, ':'))) {
      Point b;
      b.b = j;
      b.d = day;
      b.mo = a.mo;
      std::size_t ky = j + dn;
      if (punct(ky, ',')) ++ky;
      int year = 0;
      std::size_t e = j + dn;
      if (std::size_t yn = year_after(ky, year, false)) b.y = year, e = ky + yn;
      b.e = e;
      if (!(lex(v_.months, j + dn, [](const LexEntry&) { return true; }))) second = b;
    }
  }
  // A bare hour after a time: "11h-13", "8pm - 11", "1pm-3".
  if (!second && a_time_only && num(j) && digits(j) <= 2 && val(j) <= 23 && !punct(j + 1, '/') &&
      !punct(j + 1, '.') && !punct(j + 1, ':') && !punct(j + 1, ',')) {
    Point b;
    b.b = j;
    b.h = static_cast<int>(val(j));
    b.mi = 0;
    b.e = j + 1;
    second = b;
  }
  if (!second) return std::nullopt;
  Point b = *second;
  bool b_time_only = b.has_time() && !b.has_date();
  if (b_time_only && !a.has_time()) return std::nullopt;
  if (a_time_only && !b.has_time()) return std::nullopt;
  if (b.instant && !b.relative) return std::nullopt;
  if (a_time_only || (a.has_time() && b_time_only)) {
    if (a.mer < 0 && b.mer == 1 && a.h < 12 && a.h + 12 <= b.h) a.h += 12;
    if (b.mer < 0 && (a.mer == 1 || a.h >= 12) && b.h < 12 && b.h + 12 > a.h) b.h += 12;
  }
  if (a.y < 0 && b.y >= 0 && a.mo >= 0 && b.mo >= 0) a.y = b.y;
  if (b.y < 0 && a.y >= 0 && b.mo >= 0 && a.mo >= 0) b.y = a.y;
  // Times alone followed by a date: "9:00 AM to 5:00 PM, Tuesday, 20 May 2013".
  std::size_t end_tok = b.e;
  if (a_time_only && b_time_only) {
    std::size_t c = b.e;
    if (punct(c, ',')) ++c;
    if (std::size_t n = role(c, Role::link)) c += n;
    if (auto d = simple_point(c); d && d->has_date() && !d->has_time()) {
      a.y = d->y, a.mo = d->mo, a.d = d->d, a.wd = d->wd, a.wd_mode = d->wd_mode, a.day = d->day;
      end_tok = d->e;
      a_time_only = false;
    }
  }
  if (a_time_only && b.has_date() && b.has_time()) {
    a.y = b.y, a.mo = b.mo, a.d = b.d, a.wd = b.wd, a.wd_mode = b.wd_mode, a.day = b.day;
    a_time_only = false;
  }
  auto ra = resolve(a);
  if (!ra) return std::nullopt;
  Point bb = b;
  if (b_time_only && a.has_date()) bb.day = floor<days>(ra->value);
  if (a_time_only && b_time_only) bb.day = floor<days>(ra->value);
  auto rb = resolve(bb);
  if (!rb) return std::nullopt;
  local_seconds end = rb->value;
  if (end < ra->value && first.y < 0 && first.mo >= 0 && !first.day) {
    // "From December to May 2022": the start is the December before.
    auto day0 = floor<days>(ra->value);
    auto ymd = ymd_of(day0);
    ra->value = local_days{year_month_day{ymd.year() - years{1}, ymd.month(), ymd.day()}} +
                (ra->value - day0);
  }
  if (end < ra->value) {
    if (b_time_only) {
      end += days{1};
    } else if (b.wd >= 0 && !b.day) {
      while (end < ra->value) end += days{7};
    } else if (b.y < 0 && b.mo >= 0) {
      auto ymd = ymd_of(floor<days>(end));
      end = local_days{year_month_day{ymd.year() + years{1}, ymd.month(), ymd.day()}} +
            (end - floor<days>(end));
    }
  }
  Point r = a;
  r.e = end_tok;
  r.instant = ra->value;
  r.grain = ra->grain;
  r.range_end = end;
  r.relative = a.relative || b.relative;
  return r;
}

std::optional<Resolved> Parser::resolve(const Point& p) const {
  Resolved r;
  if (p.instant) {
    r.value = *p.instant;
    r.grain = p.grain.empty() ? "minute" : p.grain;
    r.end = p.range_end;
    return r;
  }
  local_days day{};
  std::string_view grain = "day";
  auto valid = [](int y, int m, int d) {
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
  };
  int ref_y = 0, ref_m = 0;
  if (ref_) {
    auto ymd = ymd_of(today_);
    ref_y = static_cast<int>(ymd.year());
    ref_m = static_cast<int>(static_cast<unsigned>(ymd.month()));
  }
  if (p.day) {
    day = *p.day;
  } else if (p.y >= 0 && p.mo >= 0 && p.d >= 0) {
    if (!valid(p.y, p.mo, p.d)) return std::nullopt;
    day = make_day(p.y, p.mo, p.d);
  } else if (p.y >= 0 && p.mo >= 0) {
    day = make_day(p.y, p.mo, 1);
    grain = "month";
  } else if (!ref_) {
    return std::nullopt;
  } else if (p.mo >= 0 && p.d >= 0) {
    // The nearest such day: a day and month without a year is this year's, last year's or next
    // year's, whichever is closest (ties go forward).
    std::optional<local_days> best;
    int best_year = 0;
    for (int y : {ref_y, ref_y + 1, ref_y - 1}) {
      local_days c = make_day(y, p.mo, std::min(p.d, days_in_month(y, p.mo)));
      if (!best || std::abs((c - today_).count()) < std::abs((*best - today_).count()))
        best = c, best_year = y;
    }
    // "29 février" in a year without one is no date.
    if (!valid(best_year, p.mo, p.d)) return std::nullopt;
    day = *best;
  } else if (p.mo >= 0) {
    int y = p.mo >= ref_m ? ref_y : ref_y + 1;  // forward: a month alone is the coming one
    day = make_day(y, p.mo, 1);
    grain = "month";
  } else if (p.d >= 0) {
    // A day number alone is this month's, unless it is more than a week gone: then next
    // month's ("le 2" written on the 30th).
    int ref_d = static_cast<int>(static_cast<unsigned>(ymd_of(today_).day()));
    int delta = p.d >= ref_d - 7 ? 0 : 1;
    if (p.wd >= 0) {
      // With its weekday ("mardi 10"): the first such month, from that one, where the day
      // falls on it; else the day as if alone.
      for (int k = delta; k < delta + 12; ++k) {
        int t = ref_y * 12 + (ref_m - 1) + k;
        if (valid(t / 12, t % 12 + 1, p.d) &&
            weekday_of(make_day(t / 12, t % 12 + 1, p.d)) == p.wd) {
          delta = k;
          break;
        }
      }
    }
    int total = ref_y * 12 + (ref_m - 1) + delta;
    int y = total / 12, m = total % 12 + 1;
    if (!valid(y, m, p.d)) return std::nullopt;
    day = make_day(y, m, p.d);
  } else if (p.wd >= 0) {
    int twd = weekday_of(today_);
    int ahead = (p.wd - twd + 7) % 7;
    switch (p.wd_mode) {
      case 1:
        day = today_ + days{ahead};
        break;
      case 3:
        day = today_ - days{(twd - p.wd + 7) % 7 == 0 ? 7 : (twd - p.wd + 7) % 7};
        break;
      case 4:
        day = monday_of(today_) + days{7 + (p.wd + 6) % 7};
        break;
      case 5:
        day = monday_of(today_) + days{(p.wd + 6) % 7};
        break;
      case 6:
        day = monday_of(today_) - days{7} + days{(p.wd + 6) % 7};
        break;
      default:  // bare or "next": the coming one, never today
        day = today_ + days{ahead == 0 ? 7 : ahead};
    }
  } else if (p.has_time()) {
    day = today_;
    // Deadline-forward: a time alone already past today is tomorrow's ("midnight", "à 9h"
    // written at 10:00).
    local_seconds at = day + hours{p.h} + minutes{std::max(p.mi, 0)};
    if (p.zone != kNoZone) at = at - minutes{p.zone} + minutes{ref_->offset_minutes};
    if (at < ref_->local) day += days{1};
  } else {
    return std::nullopt;
  }
  if (!p.grain.empty()) grain = p.grain;
  local_seconds value = day;
  if (p.h >= 0) {
    value += hours{p.h} + minutes{std::max(p.mi, 0)} + seconds{std::max(p.s, 0)};
    grain = p.grain == "hour" ? "hour" : "minute";
    if (p.zone != kNoZone) {
      int zone = p.zone;
      if (!p.zone_rule.empty() && in_dst(p.zone_rule, day)) zone += 60;
      value = value - minutes{zone} + minutes{ref_ ? ref_->offset_minutes : 0};
    }
  }
  r.value = value;
  r.grain = grain;
  if (p.end_day) r.end = local_seconds{*p.end_day};
  if (p.range_end) r.end = p.range_end;
  return r;
}

// Opening hours are a weekly schedule, not a date: a range of bare weekdays together with a
// range of times, in either order ("du lundi au vendredi de 9h à 18h", "Monday to Friday, 9am
// to 5pm", "9h-17h du lundi au vendredi", "Mon-Fri 8:30-12:00 and 14:00-18:00"). A weekday range
// alone ("Monday to Friday") or a named week ("du lundi au vendredi de la semaine prochaine",
// "lundi 3 au vendredi 7") stays a date.
// A range of two bare weekdays at i: the token after it, or 0.
std::size_t Parser::weekday_span(std::size_t i) {
  auto bare_weekday = [&](std::size_t k) -> std::size_t {
    const LexEntry* e = nullptr;
    std::size_t n = lex(
        v_.weekdays, k, [](const LexEntry&) { return true; }, &e);
    if (!n) return 0;
    if (punct(k + n, '.') && e->tag == "abbr") ++n;
    if (std::size_t x = k + n; num(x)) {
      // "lundi 3": a date; "vendredi 8h30", "Fri 8:30", "Fri 9am": a time after the day.
      auto t = time_at(x);
      if (!t || !(t->mer >= 0 || is(x + 1, "h") || punct(x + 1, ':'))) return 0;
    }
    return k + n;
  };
  std::size_t k = bare_weekday(i);
  if (!k) return 0;
  std::size_t sep = role(k, Role::range_sep);
  if (!sep || is(k, "and") || is(k, "et")) return 0;  // "lundi et mardi": two days
  std::size_t e = bare_weekday(k + sep);
  if (!e) return 0;
  int mode = 0;
  std::size_t c = punct(e, ',') ? e + 1 : e;
  if (modifier(e, mode) || role(c, Role::of_week_next) || role(c, Role::of_week_this) ||
      role(c, Role::of_week_last))
    return 0;
  return e;
}

// One or more ranges of times at i ("de 9h à 12h et de 14h à 18h", "8:30-12:00, 14:00-18:00"):
// the token after them, or 0.
std::size_t Parser::hours_span(std::size_t i) {
  auto time_only = [](const Point& p) {
    return p.has_time() && p.y < 0 && p.mo < 0 && p.d < 0 && p.wd < 0 && !p.day;
  };
  std::size_t end = 0;
  for (std::size_t k = i;;) {
    if (end) {
      if (punct(k, ',') || punct(k, '/') || is(k, "et") || is(k, "and") || is(k, "puis"))
        ++k;
      else
        break;
    }
    if (std::size_t n = role(k, Role::range_open)) k += n;
    auto t = point(k);
    if (!t || !time_only(*t)) break;
    auto r = range_from(*t, t->e, true);
    if (!r || !r->range_end) break;
    if (!time_only(*r)) {
      // The range took a day after it ("9am-6pm Monday through Friday"): the hours end where a
      // range of weekdays starts.
      std::size_t x = t->e;
      while (x < r->e && !weekday_span(x)) ++x;
      if (x >= r->e) break;
      return x;
    }
    end = k = r->e;
  }
  return end;
}

std::size_t Parser::weekly_hours(std::size_t i) {
  auto skip_link = [&](std::size_t k) {
    if (punct(k, ',') || punct(k, ':')) ++k;
    if (std::size_t n = role(k, Role::range_open)) return k + n;
    if (std::size_t n = role(k, Role::link)) return k + n;
    return k;
  };
  if (weekday_spans_.empty()) return 0;
  std::size_t j = i;
  if (std::size_t n = role(j, Role::range_open)) j += n;
  auto next = std::lower_bound(weekday_spans_.begin(), weekday_spans_.end(), j);
  if (next == weekday_spans_.end()) return 0;
  if (*next == j) {
    if (std::size_t h = hours_span(skip_link(weekday_span(j)))) return h;
    return 0;
  }
  // Hours first: the weekdays follow within a few tokens ("8h30-12h / 14h-18h du lundi au...").
  if (*next > i + 24) return 0;
  if (std::size_t h = hours_span(i)) {
    std::size_t k = skip_link(h);
    if (std::size_t w = weekday_span(k)) return w;
  }
  return 0;
}

std::vector<FoundDate> Parser::run() {
  std::vector<FoundDate> out;
  out.reserve(n_ / 16 + 8);  // a date every 16 tokens is already a dense text
  local_days last_day{};     // the day of the last date found without a time, if have_last_day
  bool have_last_day = false;
  std::size_t last_day_end = 0;
  std::vector<local_days> named_days;  // days named with their month, in order
  for (std::size_t k = 0; k < n_; ++k)
    if (first_[k] && weekday_span(k)) weekday_spans_.push_back(k);
  std::size_t i = 0;
  while (i < n_) {
    // Every expression starts with a number, a word of the vocabulary, "q" (Q2) or a sign.
    if (!can_start(i)) {
      ++i;
      continue;
    }
    if (std::size_t e = weekly_hours(i)) {
      i = e;
      continue;
    }
    bool opened = false;
    std::size_t j = i;
    if (std::size_t n = role(i, Role::range_open)) {
      opened = true;
      j = i + n;
    }
    std::optional<Point> best;
    auto consider = [&](const std::optional<Point>& p) {
      if (p && (!best || p->e > best->e)) best = p;
    };
    consider(bare_start_range(j, opened));
    if (auto p = point(j)) {
      auto ranged = range_from(*p, p->e, opened || p->opened);
      consider(ranged ? ranged : p);
    }
    if (!best && opened) {
      if (auto p = point(i)) consider(p);
    }
    if (!best) {
      ++i;
      continue;
    }
    // "the 20th" after "Saturday 20 June 2026" in the same text is that day, not this month's
    // 20th: a day number alone takes the month of the last date named with that day.
    if (best->d >= 0 && best->mo < 0 && best->y < 0 && best->wd < 0 && !best->day &&
        !best->instant && !best->range_end) {
      for (auto it = named_days.rbegin(); it != named_days.rend(); ++it)
        if (static_cast<int>(static_cast<unsigned>(ymd_of(*it).day())) == best->d) {
          best->day = *it;
          break;
        }
    }
    auto r = resolve(*best);
    // "next tuesday +10 days", "2023-12-29 -10days", "now + 40minutes"
    if (r && ref_ && (punct(best->e, '+') || punct(best->e, '-'))) {
      Duration parts;
      if (std::size_t n = duration_body(best->e + 1, parts)) {
        if (auto t = apply_duration(r->value, parts, punct(best->e, '+') ? 1 : -1)) {
          r->value = *t;
          best->e = best->e + 1 + n;
        }
      }
    }
    bool time_only = best->has_time() && best->y < 0 && best->mo < 0 && best->d < 0 &&
                     best->wd < 0 && !best->day;
    if (r && time_only && have_last_day && best->b <= last_day_end + 8) {
      // A time a few words after a day, in the same clause, is on that day: "April 8 and 9,
      // from 9:30 to 12:30", "le 12 mars, de 14h à 16h" (not today or tomorrow).
      bool same_clause = true;
      for (std::size_t k = last_day_end; k < best->b && same_clause; ++k)
        same_clause =
            !(punct(k, '.') || punct(k, ';') || punct(k, '!') || punct(k, '?') || punct(k, '\n'));
      if (same_clause) {
        auto shift = last_day - floor<days>(r->value);
        r->value += shift;
        if (r->end) *r->end += shift;
      }
    }
    if (r && best->mo >= 0 && best->d >= 0 && !r->end) named_days.push_back(floor<days>(r->value));
    have_last_day = r && best->has_date() && !best->has_time() && r->grain == "day" && !r->end;
    if (have_last_day) {
      last_day = floor<days>(r->value);
      last_day_end = best->e;
    }
    if (r) {
      FoundDate f;
      f.start = t_[best->b].start;
      f.end = t_[best->e - 1].end;
      f.value = r->value;
      f.end_value = r->end;
      f.grain = r->grain;
      f.relative = best->relative;
      f.range = best->range_end.has_value();
      out.push_back(f);
      // A second day of the same month joined by "and", "et" or a comma: "April 8 and 9", "le
      // 3 et 4 mars" is read as "3 ... 4 mars" above; here the month came first.
      std::size_t k = best->e;
      if (have_last_day && best->mo >= 0 && best->d >= 0 &&
          (is(k, "and") || is(k, "et") || punct(k, ',')) && num(k + 1) && digits(k + 1) <= 2) {
        int day = 0;
        std::size_t dn = day_number(k + 1, day);
        auto ymd = ymd_of(last_day);
        std::size_t x = k + 1 + dn;
        // The day ends its phrase: a clause mark, the end, or a word that opens a time ("from",
        // "de", "à", "at"); "le 12 mars et 14 colis" counts parcels.
        bool ends = x >= n_ || punct(x, ',') || punct(x, ';') || punct(x, ')') ||
                    (punct(x, '.') && !num(x + 1)) || role(x, Role::range_open) ||
                    role(x, Role::link) || role(x, Role::at);
        bool more = dn && ends && day > static_cast<int>(static_cast<unsigned>(ymd.day())) &&
                    day <= days_in_month(static_cast<int>(ymd.year()),
                                         static_cast<int>(static_cast<unsigned>(ymd.month())));
        if (more) {
          FoundDate g = f;
          g.start = t_[k + 1].start;
          g.end = t_[k + dn].end;
          // A time after the list is read on its first day (last_day stays).
          g.value = local_days{ymd.year() / ymd.month() / day} + (r->value - floor<days>(r->value));
          out.push_back(g);
          best->e = k + 1 + dn;
          last_day_end = best->e;
        }
      }
    }
    i = std::max(best->e, i + 1);
  }
  return out;
}

}  // namespace

std::optional<local_seconds> Parser::shift_from_start(local_seconds from, int sign) {
  std::size_t j = 0;
  if (is(j, "de") || is(j, "by") || is(j, "of")) {
    ++j;
  } else if (is(j, "d")) {
    ++j;
    if (punct(j, '\'')) ++j;
  }
  Duration parts;
  std::size_t n = duration_body(j, parts);
  if (!n) return std::nullopt;
  // "repoussé de deux jours ouvrés" reads bday; "d'une semaine à compter de" still a shift.
  return apply_duration(from, parts, sign);
}

std::optional<LocalSeconds> DateGrammar::shift(std::string_view folded, LocalSeconds from,
                                               int sign) const {
  auto toks = tokenize(folded);
  std::vector<std::uint32_t> origin(folded.size() + 1);
  for (std::size_t k = 0; k < origin.size(); ++k) origin[k] = static_cast<std::uint32_t>(k);
  std::optional<Reference> none;
  DateOptions options;
  Parser parser(vocab_, index_, toks, folded, origin, none, options);
  return parser.shift_from_start(from, sign);
}

std::vector<FoundDate> DateGrammar::find(std::string_view folded, std::string_view original,
                                         const std::vector<std::uint32_t>& origin,
                                         const std::optional<Reference>& reference,
                                         const DateOptions& options) const {
  auto toks = tokenize(folded);
  Parser parser(vocab_, index_, toks, original, origin, reference, options);
  return parser.run();
}

std::string format_rfc3339(LocalSeconds local, int offset_minutes) {
  using namespace std::chrono;
  auto day = floor<days>(local);
  year_month_day ymd{day};
  long long sod = (local - day).count();  // seconds of the day, 0..86399
  int off = std::abs(offset_minutes);
  int y = static_cast<int>(ymd.year());
  char buf[40];
  char* o = buf;
  if (y < 0 || y > 9999) {
    o += std::snprintf(buf, 16, "%04d", y);
  } else {
    for (int k = 3, v = y; k >= 0; --k, v /= 10) o[k] = static_cast<char>('0' + v % 10);
    o += 4;
  }
  auto two = [&](char sep, int v) {
    o[0] = sep;
    o[1] = static_cast<char>('0' + v / 10);
    o[2] = static_cast<char>('0' + v % 10);
    o += 3;
  };
  two('-', static_cast<int>(static_cast<unsigned>(ymd.month())));
  two('-', static_cast<int>(static_cast<unsigned>(ymd.day())));
  two('T', static_cast<int>(sod / 3600));
  two(':', static_cast<int>(sod / 60 % 60));
  two(':', static_cast<int>(sod % 60));
  two(offset_minutes < 0 ? '-' : '+', off / 60 % 100);
  two(':', off % 60);
  return std::string(buf, o);
}

}  // namespace courtois::deadlines

#undef COURTOIS_HOT
