// Folding, sentence and word breaking with ICU. Folding keeps a byte map back to the source so
// that every match on folded text can be reported as an exact span of the original.
#include "courtois/text.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace courtois {

namespace {

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
  if (!error) out.append(buf, static_cast<std::size_t>(len));
}

const icu::Normalizer2* nfd() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Appends the folded form of code point c.
void fold_code_point(UChar32 c, std::string& out) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4:
    case 0x0060:
      out += '\'';
      return;
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
      out += '"';
      return;
    case 0x2026:
      out += "...";
      return;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
      out += '-';
      return;
    case 0x0153:
    case 0x0152:
      out += "oe";
      return;
    case 0x00E6:
    case 0x00C6:
      out += "ae";
      return;
    case 0x00DF:
      out += "ss";
      return;
    case 0xFFFD:
      out += ' ';
      return;
    default:
      break;
  }
  if (u_isUWhiteSpace(c) || c == 0x00A0 || c == 0x202F || c == 0x2007) {
    out += (c == '\n' || c == '\r') ? static_cast<char>(c) : ' ';
    return;
  }
  UChar32 lower = u_tolower(c);
  if (lower < 0x80) {
    out += static_cast<char>(lower);
    return;
  }
  if (const icu::Normalizer2* n = nfd()) {
    icu::UnicodeString decomposition;
    if (n->getDecomposition(lower, decomposition)) {
      // Keep the base characters, drop combining marks.
      for (int32_t i = 0; i < decomposition.length();) {
        UChar32 d = decomposition.char32At(i);
        i += U16_LENGTH(d);
        if (u_charType(d) != U_NON_SPACING_MARK) append_utf8(out, d);
      }
      return;
    }
  }
  if (u_charType(lower) == U_NON_SPACING_MARK) return;  // a lone combining mark
  append_utf8(out, lower);
}

bool is_list_marker(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size()) return false;
  unsigned char c = static_cast<unsigned char>(line[i]);
  if (c == '-' || c == '*' || c == '+') return i + 1 < line.size() && line[i + 1] == ' ';
  if (line.substr(i, 3) == "\xE2\x80\xA2") return true;  // bullet
  std::size_t j = i;
  while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
  if (j > i && j < line.size() && (line[j] == ')' || line[j] == '.')) return true;
  if (j == i && j + 1 < line.size() && std::isalpha(c) && line[j + 1] == ')') return true;
  return false;
}

enum class Breaker { sentence_fr, sentence_en, word };

// Creating an ICU break iterator loads and parses its rules (tens of microseconds); every
// analyser breaks sentences of every message, so each thread keeps one of each kind.
icu::BreakIterator* cached_iterator(Breaker kind) {
  thread_local std::unique_ptr<icu::BreakIterator> cache[3];
  auto& slot = cache[static_cast<int>(kind)];
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    switch (kind) {
      case Breaker::sentence_fr:
        slot.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("fr"), status));
        break;
      case Breaker::sentence_en:
        slot.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en"), status));
        break;
      case Breaker::word:
        slot.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        break;
    }
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

}  // namespace

std::size_t FoldedText::folded_offset(std::size_t source_offset) const {
  // origin is non-decreasing.
  auto it = std::lower_bound(origin.begin(), origin.end(), source_offset);
  return static_cast<std::size_t>(it - origin.begin());
}

Span FoldedText::source_span(std::size_t start, std::size_t end) const {
  if (origin.empty()) return {0, 0};
  start = std::min(start, text.size());
  end = std::min(std::max(end, start), text.size());
  std::size_t s = origin[start];
  std::size_t e = end == start ? s : origin[end];
  // origin[end] is the start of the character after the span; when the last folded byte and
  // the next one come from the same source character (one character folded to several bytes),
  // extend to the next source character.
  if (end > start && end < text.size() && origin[end] == origin[end - 1]) {
    std::size_t k = end;
    while (k < text.size() && origin[k] == origin[end - 1]) ++k;
    e = origin[k];
  }
  return {s, std::max(s, e)};
}

namespace {
// With kOrigin, each folded byte's source offset too; without, the text alone (fold_string: rule
// phrases, FAQ questions), which writes half the bytes.
template <bool kOrigin>
FoldedText fold_uncached(std::string_view src) {
  // Every analyser folds every message: written by index into buffers sized for the common
  // case (ASCII folds byte for byte), grown only when a character folds to more bytes.
  FoldedText f;
  f.text.resize(src.size());
  if constexpr (kOrigin) f.origin.resize(src.size() + 1);
  std::size_t out = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(src.data());
  int32_t length = static_cast<int32_t>(src.size());
  int32_t i = 0;
  std::string piece;
  auto grow = [&](std::size_t need) {
    std::size_t grown = std::max(need, f.text.size() + f.text.size() / 2 + 8);
    f.text.resize(grown);
    if constexpr (kOrigin) f.origin.resize(grown + 1);
  };
  while (i < length) {
    int32_t begin = i;
    if (s[i] < 0x80) {  // fast path
      char c = static_cast<char>(s[i]);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      // A character folded to more bytes than it had ("Ⱥ" -> "ⱥ", Bengali vowel signs) leaves
      // less room than the source.
      if (out == f.text.size()) grow(out + 1);
      f.text[out] = c;
      if constexpr (kOrigin) f.origin[out] = static_cast<uint32_t>(begin);
      ++out;
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    piece.clear();
    fold_code_point(c, piece);
    if (out + piece.size() > f.text.size()) grow(out + piece.size());
    for (char b : piece) {
      f.text[out] = b;
      if constexpr (kOrigin) f.origin[out] = static_cast<uint32_t>(begin);
      ++out;
    }
  }
  f.text.resize(out);
  if constexpr (kOrigin) {
    f.origin.resize(out + 1);
    f.origin[out] = static_cast<uint32_t>(src.size());
  }
  return f;
}
}  // namespace

// The analysers of one message each fold and split the same new text, one after the other on
// the same thread: the last long text of each thread and its result are kept, and a call with
// equal bytes (one memcmp, against an ICU pass) gets a copy. Short strings (rule phrases,
// words) are not kept: they are cheap, and would evict the message.
namespace {
constexpr std::size_t kMemoMin = 256;

// One thread's last long input (its bytes and a tag such as the language) and its result. Inputs
// under kMemoMin bytes never reach it, so the empty initial source cannot match a real call.
template <class Value>
struct LastResult {
  std::string source, tag;
  Value value;

  template <class Compute>
  const Value& get(std::string_view src, std::string_view t, Compute compute) {
    if (source != src || tag != t) {
      value = compute();
      source.assign(src);
      tag.assign(t);
    }
    return value;
  }
};
}  // namespace

FoldedText fold(std::string_view src) {
  if (src.size() < kMemoMin) return fold_uncached<true>(src);
  thread_local LastResult<FoldedText> last;
  return last.get(src, {}, [&] { return fold_uncached<true>(src); });
}

std::string fold_string(std::string_view utf8) {
  return std::move(fold_uncached<false>(utf8).text);
}

namespace {
// Characters, not bytes: « Pourriez-vous » is as wide on screen as "Could you send".
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Words that end with a full stop and are often followed by a lower-case word: after them, a
// full stop does not end the sentence ("etc. and", "approx. two", « cf. la facture »).
constexpr std::string_view kAbbreviations[] = {
    "approx", "art", "av",   "bd",  "ca",   "cf",  "ch",  "co",   "dept", "dr",
    "env",    "esp", "etc",  "ex",  "excl", "fig", "inc", "incl", "jr",   "ltd",
    "max",    "min", "mlle", "mme", "mr",   "mrs", "ms",  "no",   "nos",  "nb",
    "pp",     "ref", "resp", "sr",  "st",   "tel", "vol", "vs",   "cie",  "ste",
};

// Where ICU's sentence rules keep going although the writer ended a sentence: a full stop, then
// a word in lower case ("small puddle every morning. can you come today??", « on hésite. vous
// pouvez passer ? »). Mail typed without capitals ends its sentences so; ICU reads a full stop
// before a lower-case word as an abbreviation's. Not after an abbreviation, a single letter,
// a word with a full stop inside ("e.g.", "a.m."), a number of one or two digits or an
// ellipsis. Returns the offset of the lower-case word, or 0.
std::size_t lower_case_break(std::string_view work, std::size_t from, std::size_t to) {
  for (std::size_t i = from + 1; i + 2 < to; ++i) {
    if (work[i] != '.' || work[i + 1] != ' ') continue;
    std::size_t next = i + 1;
    while (next < to && work[next] == ' ') ++next;
    if (next >= to || !std::islower(static_cast<unsigned char>(work[next]))) continue;
    std::size_t begin = i;
    while (begin > from && (std::isalpha(static_cast<unsigned char>(work[begin - 1])) ||
                            static_cast<unsigned char>(work[begin - 1]) >= 0x80))
      --begin;
    const std::size_t letters = i - begin;  // bytes: « été » counts as five
    if (letters == 0) {
      // A number of three digits or more ends a sentence as a word does ("pre auth number is
      // BP-7734219. do I need it printed"); a list number does not ("2. then").
      std::size_t digits = i;
      while (digits > from && std::isdigit(static_cast<unsigned char>(work[digits - 1]))) --digits;
      if (i - digits >= 3) return next;
      continue;
    }
    if (letters < 2) continue;  // "p. 12", "M. dupont", "...", "x.y. z"
    if (begin > from && work[begin - 1] == '.') continue;
    std::string word(work.substr(begin, letters));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(std::begin(kAbbreviations), std::end(kAbbreviations), word) !=
        std::end(kAbbreviations))
      continue;
    return next;
  }
  return 0;
}

std::vector<Span> sentences_uncached(std::string_view text, std::string_view lang) {
  std::vector<Span> out;
  if (text.empty()) return out;
  // Hard-wrapped mail: a single line break inside a paragraph is not a sentence boundary for
  // us, but ICU treats every line feed as one. Work on a copy (same length, so offsets hold)
  // where such breaks are spaces; keep breaks before blank lines and list items, and after
  // short lines ending in ',' or ':' (greetings, "Bonjour Marie,").
  // A line broken by hand is kept too: one that ends where a wrapping mail program would have
  // gone on, as the next line's first word would still have fitted ("the link said error on
  // the last one\nalso does the £2,400 count as UK income\n...", typed on a phone). The width
  // is that of the widest line a program could have wrapped (one with a space); the widest
  // line itself was broken by hand when every other line was.
  struct Line {
    std::size_t end;  // offset of its '\n' (or of the text's end)
    std::string_view trimmed;
    std::size_t chars;  // code points of trimmed
  };
  std::vector<Line> lines;
  std::size_t width = 0;
  for (std::size_t from = 0; from <= text.size();) {
    std::size_t to = text.find('\n', from);
    if (to == std::string_view::npos) to = text.size();
    const std::string_view trimmed = trim(text.substr(from, to - from));
    lines.push_back({to, trimmed, code_points(trimmed)});
    if (trimmed.find(' ') != std::string_view::npos) width = std::max(width, lines.back().chars);
    from = to + 1;
  }
  auto fits = [&](const Line& line, const Line& next) {
    std::size_t word = next.trimmed.find_first_of(" \t");
    if (word == std::string_view::npos) word = next.trimmed.size();
    return line.chars + 1 + code_points(next.trimmed.substr(0, word)) <= width;
  };
  // Blank lines, list items and greetings end a line whatever its width.
  auto ends_anyway = [&](std::string_view tl, std::string_view tn) {
    return tl.empty() || tn.empty() || is_list_marker(tn) || is_list_marker(tl) ||
           ((tl.back() == ',' || tl.back() == ':') && tl.size() < 60);
  };
  std::size_t other_breaks = 0, others_by_hand = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (!ends_anyway(lines[i].trimmed, lines[i + 1].trimmed) && lines[i].chars < width) {
      ++other_breaks;
      others_by_hand += fits(lines[i], lines[i + 1]);
    }
  const bool widest_by_hand = other_breaks > 0 && others_by_hand == other_breaks;
  // No mail program wraps lines wider than this: a longer line of several words that is not
  // quoted was ended by hand ("il peut venir quand ? le chirurgien veut que ça commence cette
  // semaine\nest ce que je dois acheter une attelle, j'ai celles de la clinique\ncamille").
  constexpr std::size_t kWidestWrap = 80;
  auto too_wide_to_wrap = [&](const Line& line) {
    return line.chars > kWidestWrap && line.trimmed.front() != '>' &&
           line.trimmed.find(' ') != std::string_view::npos;
  };
  std::string work(text);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::string_view tl = lines[i].trimmed, tn = lines[i + 1].trimmed;
    const bool keep = ends_anyway(tl, tn) || too_wide_to_wrap(lines[i]) ||
                      (lines[i].chars < width ? fits(lines[i], lines[i + 1]) : widest_by_hand);
    if (!keep) work[lines[i].end] = ' ';
  }
  for (auto& c : work)
    if (c == '\r') c = ' ';

  UErrorCode status = U_ZERO_ERROR;
  icu::BreakIterator* it =
      cached_iterator(lang == "fr" ? Breaker::sentence_fr : Breaker::sentence_en);
  UText* ut = utext_openUTF8(nullptr, work.data(), static_cast<int64_t>(work.size()), &status);
  if (U_FAILURE(status) || !it) {
    if (ut) utext_close(ut);
    out.push_back({0, text.size()});
    return out;
  }
  it->setText(ut, status);
  auto push = [&](std::size_t s, std::size_t e) {
    while (s < e && std::isspace(static_cast<unsigned char>(text[s]))) ++s;
    while (e > s && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    if (e > s) out.push_back({s, e});
  };
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    std::size_t s = static_cast<std::size_t>(start), e = static_cast<std::size_t>(end);
    for (std::size_t cut = lower_case_break(work, s, e); cut != 0;
         cut = lower_case_break(work, s, e)) {
      push(s, cut);
      s = cut;
    }
    push(s, e);
  }
  utext_close(ut);
  return out;
}
}  // namespace

std::vector<Span> sentences(std::string_view text, std::string_view lang) {
  if (text.size() < kMemoMin) return sentences_uncached(text, lang);
  thread_local LastResult<std::vector<Span>> last;
  return last.get(text, lang, [&] { return sentences_uncached(text, lang); });
}

std::vector<Span> words(std::string_view text) {
  std::vector<Span> out;
  if (text.empty()) return out;
  UErrorCode status = U_ZERO_ERROR;
  icu::BreakIterator* it = cached_iterator(Breaker::word);
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status) || !it) {
    if (ut) utext_close(ut);
    return out;
  }
  it->setText(ut, status);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() != UBRK_WORD_NONE)
      out.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
  }
  utext_close(ut);
  return out;
}

std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX));
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      out += static_cast<char>(s[i++]);
      continue;
    }
    int32_t begin = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(bytes.data() + begin, static_cast<std::size_t>(i - begin));
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX));
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace courtois
