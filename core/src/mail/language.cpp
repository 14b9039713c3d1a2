// detect_language: French or English from function words and French diacritics. Cheap (one
// pass over at most the first 16 KiB) and conservative: without enough evidence, "unknown".
// Words spelled the same in both languages ("a", "on", "me", "est"...) count for neither.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "courtois/message.hpp"

namespace courtois {

namespace {

const std::unordered_set<std::string_view>& french_words() {
  static const std::unordered_set<std::string_view> words = {
      "le",       "la",      "les",   "des",          "du",       "et",       "je",     "vous",
      "nous",     "pour",    "pas",   "que",          "qui",      "une",      "un",     "avec",
      "dans",     "sur",     "ce",    "cette",        "mais",     "ou",       "au",     "aux",
      "merci",    "bonjour", "il",    "elle",         "sont",     "avez",     "ai",     "votre",
      "vos",      "mon",     "ma",    "mes",          "ne",       "plus",     "tout",   "comme",
      "nos",      "notre",   "bien",  "cordialement", "madame",   "monsieur", "depuis", "encore",
      "toujours", "aussi",   "donc",  "car",          "avons",    "suis",     "sera",   "serait",
      "fait",     "faire",   "peux",  "pouvez",       "pourriez", "avant",    "demain", "hier",
      "aujourd",  "semaine", "jour",  "rien",         "jamais",   "très",     "déjà",   "été",
      "être",     "leur",    "lui",   "ils",          "elles",    "ça",       "cela",   "ceci",
      "quand",    "chez",    "sans",  "sous",         "entre",    "vers",     "où",     "si",
      "ont",      "était",   "avoir", "dois",         "doit",     "veuillez", "salut",  "quel",
      "quelle",   "moi",     "toi",   "ces",          "cet",      "lors",     "afin",   "selon"};
  return words;
}

const std::unordered_set<std::string_view>& english_words() {
  static const std::unordered_set<std::string_view> words = {
      "the",   "and",     "is",    "are",    "you",      "i",    "to",        "of",     "for",
      "not",   "that",    "with",  "this",   "have",     "be",   "please",    "thanks", "thank",
      "hi",    "we",      "it",    "in",     "will",     "can",  "my",        "your",   "would",
      "could", "should",  "was",   "were",   "has",      "had",  "do",        "does",   "did",
      "what",  "when",    "where", "which",  "who",      "why",  "how",       "there",  "their",
      "they",  "them",    "from",  "at",     "by",       "an",   "or",        "but",    "if",
      "all",   "any",     "our",   "us",     "me",       "he",   "she",       "his",    "her",
      "been",  "regards", "dear",  "hello",  "let",      "know", "need",      "just",   "about",
      "yet",   "still",   "again", "today",  "tomorrow", "week", "yesterday", "am",     "into",
      "than",  "then",    "these", "those",  "its",      "it's", "i'm",       "don't",  "can't",
      "won't", "didn't",  "we're", "you're", "i've",     "sent"};
  return words;
}

// French letters with diacritics (é è ê ë à â ç ù û ô î ï œ), as UTF-8 second bytes after
// 0xC3 (or 0xC5 0x93 for œ).
bool french_diacritic(unsigned char lead, unsigned char next) {
  if (lead == 0xC5 && (next == 0x93 || next == 0x92)) return true;
  if (lead != 0xC3) return false;
  switch (next) {
    case 0xA9:
    case 0xA8:
    case 0xAA:
    case 0xAB:
    case 0xA0:
    case 0xA2:
    case 0xA7:
    case 0xB9:
    case 0xBB:
    case 0xB4:
    case 0xAE:
    case 0xAF:
    case 0x89:
    case 0x80:
    case 0x87:
      return true;
    default:
      return false;
  }
}

// The hash of the function-word table (FNV-1a, folded at the end), fed one byte at a time so
// that a word can be hashed as it is read.
struct WordHash {
  std::uint32_t h = 2166136261u;
  void add(unsigned char c) { h = (h ^ c) * 16777619u; }
  std::uint32_t value() const { return h ^ (h >> 15); }
};

// The word being read: its first kMaxWord bytes in a fixed buffer (no allocation per word).
// Words longer than any listed word are never looked up; their length is still counted.
class Word {
 public:
  static constexpr std::size_t kMaxWord = 32;
  void push(char c) {
    if (size_ < kMaxWord) buf_[size_] = c;
    ++size_;
    hash_.add(static_cast<unsigned char>(c));
  }
  bool empty() const { return size_ == 0; }
  void clear() {
    size_ = 0;
    hash_ = {};
  }
  // The word's hash, computed as it was read.
  std::uint32_t hash() const { return hash_.value(); }
  bool fits() const { return size_ <= kMaxWord; }
  std::string_view view() const { return {buf_, fits() ? size_ : 0}; }
  // A French elided article or pronoun: l' j' d' qu' n' c' s' m' aujourd'.
  bool elision() const {
    if (!fits()) return false;
    auto w = view();
    return w == "l" || w == "j" || w == "d" || w == "qu" || w == "n" || w == "c" || w == "s" ||
           w == "m" || w == "aujourd";
  }

 private:
  char buf_[kMaxWord];
  std::size_t size_ = 0;
  WordHash hash_;
};

std::size_t longest(const std::unordered_set<std::string_view>& words) {
  std::size_t n = 0;
  for (auto w : words) n = std::max(n, w.size());
  return n;
}

// Both word lists in one open-addressing table (a few hundred words, a 1,024-slot table): one
// short hash and usually one comparison per word of the text, where two std::unordered_set
// lookups cost most of the detection.
class FunctionWords {
 public:
  enum Lang : std::uint8_t { none = 0, french = 1, english = 2 };
  FunctionWords(const std::unordered_set<std::string_view>& fr,
                const std::unordered_set<std::string_view>& en) {
    for (auto w : en) insert(w, english);
    for (auto w : fr) insert(w, french);  // listed in both: French, as flush() decided before
    longest_ = std::max(longest(fr), longest(en));
  }
  // `h` is hash(w) (Word computes it as it reads).
  Lang find(std::string_view w, std::uint32_t h) const {
    if (w.empty() || w.size() > longest_) return none;
    for (std::size_t i = h & kMask;; i = (i + 1) & kMask) {
      const Slot& s = slots_[i];
      if (s.word.empty()) return none;
      if (s.word == w) return s.lang;
    }
  }

 private:
  static constexpr std::size_t kSlots = 1024, kMask = kSlots - 1;
  struct Slot {
    std::string_view word;
    Lang lang = none;
  };
  static std::uint32_t hash(std::string_view w) {
    WordHash h;
    for (unsigned char c : w) h.add(c);
    return h.value();
  }
  void insert(std::string_view w, Lang lang) {
    for (std::size_t i = hash(w) & kMask;; i = (i + 1) & kMask) {
      Slot& s = slots_[i];
      if (s.word.empty() || s.word == w) {
        s.word = w;
        s.lang = lang;
        return;
      }
    }
  }
  std::array<Slot, kSlots> slots_{};
  std::size_t longest_ = 0;
};

}  // namespace

std::string detect_language(std::string_view text) {
  if (text.size() > 16 * 1024) text = text.substr(0, 16 * 1024);
  static const FunctionWords words(french_words(), english_words());
  double fr = 0, en = 0;
  Word word;
  bool word_has_diacritic = false;
  // ASCII letters lower-cased; 0 for every other byte.
  static constexpr auto kLetter = [] {
    std::array<char, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<char>(c + 32);
    return t;
  }();
  auto flush = [&] {  // called with a word read
    FunctionWords::Lang lang =
        word.fits() ? words.find(word.view(), word.hash()) : FunctionWords::none;
    if (lang == FunctionWords::french)
      fr += 1;
    else if (lang == FunctionWords::english)
      en += 1;
    else if (word_has_diacritic)
      fr += 0.5;
    word.clear();
    word_has_diacritic = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (char letter = kLetter[c]) {
      word.push(letter);
      continue;
    }
    if (c == '\'') {
      // Elision: "l'adresse", "j'ai", "qu'il" count as French function words.
      if (word.elision()) {
        fr += 1;
        word.clear();
      } else {
        word.push('\'');
      }
      continue;
    }
    if (c >= 0x80) {
      // Typographic apostrophe U+2019 works like '.
      if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
          static_cast<unsigned char>(text[i + 2]) == 0x99) {
        if (word.elision()) {
          fr += 1;
          word.clear();
        } else {
          word.push('\'');
        }
        i += 2;
        continue;
      }
      if (i + 1 < text.size() && french_diacritic(c, static_cast<unsigned char>(text[i + 1]))) {
        word_has_diacritic = true;
        // Lower-case the capital forms (0x80..0x9E) to their small forms.
        unsigned char next = static_cast<unsigned char>(text[i + 1]);
        if (c == 0xC3 && next < 0xA0) next = static_cast<unsigned char>(next + 0x20);
        word.push(static_cast<char>(c));
        word.push(static_cast<char>(next));
        ++i;
        continue;
      }
      word.push(static_cast<char>(c));
      continue;
    }
    if (!word.empty()) flush();
  }
  if (!word.empty()) flush();
  double best = fr > en ? fr : en, other = fr > en ? en : fr;
  if (best < 2) return "unknown";
  if (best < 1.5 * other) return "unknown";
  return fr > en ? "fr" : "en";
}

}  // namespace courtois
