// Answer tracking in a thread. Walks the messages in date order: each question of an incoming
// message opens a tracked item (a question asked again while still open joins the earlier
// item and raises times_asked); each outgoing message closes the items it answers, found, from
// the most explicit evidence to the least:
//   1. in-line: a reply block written right below the quoted question;
//   2. ordinals ("pour votre deuxième question", "secondly", "no to the first, yes to the
//      second": one sentence may name several), numbered answers "1) ... 2)", and a sentence
//      that answers them all ("Yes to both", « Oui aux deux »);
//   3. topic markers ("regarding the invoice", "concernant la facture");
//   4. restating the topic: content words shared by the question and a reply sentence;
//   5. a yes/no opener ("Oui, ...", "Yes,") for a yes/no question of the message replied to;
//      "Done." / « C'est fait. » for its requests;
//   6. the only open question of the message replied to, when the reply says something of
//      substance;
//   7. a request with no topic of its own, by a reply that answers its message;
//   8. a request to send a document, by a reply that attaches it (its file name names the
//      request's topic) or says it is attached (« Le voici en pièce jointe », not "Please find
//      attached our terms of sale" for the invoice);
//   9. the only question of the message replied to that asks when, how long, how much, where or
//      how many, by a reply sentence that gives a date, a duration, an hour, a price, an
//      address or a link, a quantity ("Comptez deux semaines.", "Between 9 and 11.", « Au 12
//      avenue Foch. », « Il en reste trois. »).
// Sentences that only defer ("we'll look into it", "nous revenons vers vous") and sentences
// that ask something back never count as answers.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "courtois/text.hpp"
#include "questions/questions.hpp"

namespace courtois::questions {

namespace {

// Ordinal markers with this index name the last question (answers.json, A_ORDINAL_LAST).
constexpr int kLastOrdinal = 20;
// ... and with this index the one before it (A_ORDINAL_SECOND_TO_LAST: « votre avant-dernière
// question »).
constexpr int kSecondToLastOrdinal = 19;
// "...know whether", « ...savoir si » asks yes or no when it starts within this many words of
// the question ("I'd also like to know whether...").
constexpr std::size_t kIndirectYesNoWithin = 5;
// A label before a colon ("Autre question :") has at most this many words.
constexpr std::size_t kLabelWords = 5;
// A part of a question quoted alone names that question from this many words on.
constexpr std::ptrdiff_t kQuotedPartWords = 4;
// A farewell ("See you Friday,") is a sign-off up to this many words.
constexpr std::size_t kFarewellWords = 6;
// A topic marker counts when it starts within this many bytes of its sentence ("Also,
// regarding ..." still does).
constexpr std::size_t kTopicMarkerReach = 16;
// A noun that names a kind of answer does so among the first words after a topic marker ("In
// terms of timings", "For the price", « Pour le tarif »).
constexpr std::size_t kKindNounReach = 3;
// A choice ("by card or BACS?") is answered by a sentence of at most this many topic words that
// opens with one of the two ("Card is fine."), as well as by a sentence sharing half its words.
constexpr std::size_t kChoiceWords = 3;
constexpr double kChoiceScore = 0.8;
using MarkerType = AnswerMatcher::MarkerType;
// The "type" values of answers.json: what each marker reads, and for asks / gives the kind of
// answer.
struct MarkerTypeName {
  std::string_view name;
  MarkerType type;
  unsigned kind;
};
constexpr MarkerTypeName kMarkerTypes[] = {
    {"ordinal", MarkerType::ordinal, 0},
    {"topic", MarkerType::topic, 0},
    {"deferral", MarkerType::deferral, 0},
    {"noted", MarkerType::deferral, AnswerMatcher::kNoted},
    {"yes_no", MarkerType::yes_no, 0},
    {"attached", MarkerType::attached, 0},
    {"acknowledges", MarkerType::acknowledges, 0},
    {"send", MarkerType::asks, AnswerMatcher::kDocument},
    {"asks_time", MarkerType::asks, AnswerMatcher::kTime},
    {"asks_amount", MarkerType::asks, AnswerMatcher::kAmount},
    {"asks_place", MarkerType::asks, AnswerMatcher::kPlace},
    {"asks_count", MarkerType::asks, AnswerMatcher::kCount},
    {"asks_size", MarkerType::asks, AnswerMatcher::kSize},
    {"asks_colour", MarkerType::asks, AnswerMatcher::kColour},
    {"asks_slot", MarkerType::asks, AnswerMatcher::kSlot},
    {"asks_again", MarkerType::asks, AnswerMatcher::kAgain},
    {"asks_confirm", MarkerType::asks, AnswerMatcher::kConfirm},
    {"gives_time", MarkerType::gives, AnswerMatcher::kTime},
    {"gives_amount", MarkerType::gives, AnswerMatcher::kAmount},
    {"gives_place", MarkerType::gives, AnswerMatcher::kPlace},
    {"gives_count", MarkerType::gives, AnswerMatcher::kCount},
    {"gives_size", MarkerType::gives, AnswerMatcher::kSize},
    {"gives_colour", MarkerType::gives, AnswerMatcher::kColour},
    {"gives_slot", MarkerType::gives, AnswerMatcher::kSlot},
    {"gives_confirm", MarkerType::gives, AnswerMatcher::kConfirm},
    {"names_amount", MarkerType::names, AnswerMatcher::kAmount},
    {"names_time", MarkerType::names, AnswerMatcher::kTime},
    {"withdraws", MarkerType::withdraws, 0},
    {"withdraws_message", MarkerType::withdraws, AnswerMatcher::kWholeMessage},
    {"all", MarkerType::all, 0},
    {"done", MarkerType::done, 0},
    {"promises", MarkerType::promises, 0},
    {"farewell", MarkerType::farewell, 0},
    {"accepts", MarkerType::accepts, 0},
    {"accepts_not", MarkerType::accepts, AnswerMatcher::kAcceptsNot},
};

bool is_word_char(char c) {
  return is_word_byte(static_cast<unsigned char>(c));
}

bool all_digits(std::string_view w) {
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// A French compound opened by one of these ("après-midi", « avant-hier », « demi-journée »)
// is one word: its first part, a preposition alone, would make "après" a topic shared with
// « Après l'aide de la CAF ».
bool joins_compound(std::string_view part) {
  static constexpr std::string_view kParts[] = {"apres", "avant", "arriere", "demi", "mi"};
  return std::find(std::begin(kParts), std::end(kParts), part) != std::end(kParts);
}

std::vector<std::string> split_words(std::string_view folded) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !is_word_char(folded[i])) ++i;
    std::size_t start = i;
    while (i < folded.size() && (is_word_char(folded[i]) || folded[i] == '\'')) ++i;
    while (i + 1 < folded.size() && folded[i] == '-' && is_word_char(folded[i + 1]) &&
           joins_compound(folded.substr(start, i - start))) {
      ++i;
      while (i < folded.size() && (is_word_char(folded[i]) || folded[i] == '\'')) ++i;
    }
    if (i > start) out.emplace_back(folded.substr(start, i - start));
  }
  return out;
}

// Folded words joined by one space: the form in which a quoted question is looked up in
// re-wrapped quoted history.
std::string normalised(std::string_view text) {
  std::string out;
  for (const std::string& w : split_words(fold_string(text))) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Sentences of a reply: cheaper than ICU, and enough to quote the sentence that answered.
// Splits after . ! ? followed by white space, and at line breaks.
std::vector<std::string_view> reply_sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  auto push = [&](std::size_t end) {
    std::string_view s = trim(text.substr(start, end - start));
    if (!s.empty()) out.push_back(s);
    start = end;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      push(i + 1);
    } else if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() &&
               (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      // "M. Dupont", "e.g. " and a list number "1. " are not ends of sentences; "on March 3. "
      // is.
      std::size_t w = i;
      while (w > start && is_word_char(text[w - 1])) --w;
      bool short_token =
          c == '.' && i - w <= 2 && i > w && std::isupper(static_cast<unsigned char>(text[w]));
      bool number = c == '.' && i > w && trim(text.substr(start, w - start)).empty() &&
                    std::all_of(text.begin() + w, text.begin() + i,
                                [](char d) { return std::isdigit(static_cast<unsigned char>(d)); });
      if (!short_token && !number) push(i + 1);
    }
  }
  push(text.size());
  return out;
}

// Light stems of one word in two forms ("intervenir", "interviendra"): equal, or sharing a
// prefix of at least five letters that covers most of the shorter one.
bool same_stem(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::size_t shorter = std::min(a.size(), b.size());
  if (shorter < 5) return false;
  std::size_t common = 0;
  while (common < shorter && a[common] == b[common]) ++common;
  return common >= 5 && common * 10 >= shorter * 6;
}

// A day as the matching compares it: month and day ("09-12"). A day written without its year
// takes the year nearest the message that names it, so "12 September" asked in a message of
// February and « le 12 septembre » answered in March may get different years; within a thread
// they are one day.
std::string day_key(std::string_view value) {
  return std::string(value.substr(5, 5));
}

// A date within one day ("Saturday", « le 12 mars à 10 h », « jeudi entre 8 h et 9 h »), not a
// week or a month.
bool within_a_day(const DateMention& d) {
  return d.value.size() >= 10 && (d.grain == "day" || d.grain == "hour" || d.grain == "minute");
}

// The same, not a range: a date of one day.
bool names_a_day(const DateMention& d) {
  return !d.end_value && within_a_day(d);
}

// The hour a date names, to the minute, without the year as day_key ("24th at 9:30" ->
// "01-24T09:30"), or "".
std::string moment_of(const DateMention& d) {
  if (d.end_value || d.value.size() < 16 || (d.grain != "hour" && d.grain != "minute")) return {};
  return d.value.substr(5, 11);
}

// Words of a short check that may close an answer ("does that work for you?").
constexpr std::size_t kCheckTagWords = 5;

bool ends_with_question_mark(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == ')' || s.back() == '"')) s.remove_suffix(1);
  return !s.empty() && s.back() == '?';
}

// "1) ...", "2. ...", "3- ...": the number of a numbered line, or 0.
int numbered_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  std::size_t j = i;
  while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
  if (j == i || j - i > 2 || j >= line.size()) return 0;
  if (line[j] != ')' && line[j] != '.' && line[j] != '-' && line[j] != '/' && line[j] != ':')
    return 0;
  return std::stoi(std::string(line.substr(i, j - i)));
}

// An arrow that marks an answer written under a copied question: "-> Oui", "=> Yes", "→ Non".
std::string_view without_answer_arrow(std::string_view t) {
  for (std::string_view arrow : {"-->", "->", "=>", "\xe2\x86\x92"})
    if (t.substr(0, arrow.size()) == arrow) return trim(t.substr(arrow.size()));
  return t;
}

// The in-line structure of a message: blocks of reply text each written below a quoted block.
// A quoted block is made of "> " lines; with `copied_questions` (the new text only, never the
// quoted history), also of questions copied without a mark (lines that end with "?"), as people
// answer under each question in turn: "Pouvez-vous venir lundi ? -> Oui, lundi 8 h". A copied
// line only matters when it holds an open question of the thread.
struct InlinePair {
  std::string quoted;  // normalised
  std::string reply;   // as written
};

std::vector<InlinePair> inline_pairs(std::string_view body, bool copied_questions) {
  std::vector<InlinePair> out;
  std::string quoted, reply;
  bool in_quote = false, seen_quote = false;
  auto flush = [&] {
    if (seen_quote && !trim(reply).empty()) out.push_back({normalised(quoted), reply});
    reply.clear();
  };
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    std::string_view t = trim(line);
    const bool marked = !t.empty() && t.front() == '>';
    if (marked || (copied_questions && ends_with_question_mark(t))) {
      if (!in_quote) {
        flush();
        quoted.clear();
      }
      in_quote = true;
      seen_quote = true;
      while (marked && !t.empty() && (t.front() == '>' || t.front() == ' ')) t.remove_prefix(1);
      quoted += ' ';
      quoted += t;
    } else {
      if (t == "--" || t == "-- ") break;  // signature
      in_quote = false;
      if (seen_quote) {
        reply += without_answer_arrow(t);
        reply += '\n';
      }
    }
  }
  flush();
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TopicWords TopicWords::load(const RuleSet& rules, std::vector<RuleError>& errors) {
  TopicWords topics;
  bool any_stopwords = false;
  for (const ListFile& list : rules.lists) {
    if (list.name().rfind("topic_stopwords_", 0) == 0) {
      topics.add_stopwords(list);
      any_stopwords = true;
    }
    if (list.name().rfind("topic_synonyms", 0) == 0) topics.add_synonyms(list);
  }
  if (!any_stopwords)
    errors.push_back(
        RuleError{"topic_stopwords_*.txt", 0, "", "missing: topic stop words are required"});
  return topics;
}

void TopicWords::add_stopwords(const ListFile& list) {
  for (const auto& [line, entry] : list.entries) {
    std::string w = fold_string(entry);
    stopwords_.insert(w);
    stopwords_.insert(stem(w));
  }
}

void TopicWords::add_synonyms(const ListFile& list) {
  for (const auto& [line, entry] : list.entries) {
    std::string first;
    for (const std::string& w : split_words(fold_string(entry))) {
      std::string s = stem(w);
      if (first.empty()) first = s;
      canonical_.emplace(s, first);
    }
  }
}

std::string TopicWords::stem(std::string_view w) {
  std::string s(w);
  // French elision: l'invoice, d'envoi, qu'il.
  if (auto q = s.find('\''); q != std::string::npos && q <= 3) {
    std::string head = s.substr(0, q);
    if (head == "s" && q + 1 == s.size()) return s.substr(0, q);
    if (head.size() <= 3 && q + 1 < s.size() && s.back() != '\'') s = s.substr(q + 1);
  }
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  if (s.size() > 4 && s.compare(s.size() - 3, 3, "ies") == 0)
    return s.substr(0, s.size() - 3) + "y";
  static const char* suffixes[] = {"ements", "ement", "ations", "ation", "ings", "ing", "ees", "ee",
                                   "es",     "ed",    "er",     "ez",    "s",    "x",   "e"};
  for (const char* suffix : suffixes) {
    std::size_t n = std::char_traits<char>::length(suffix);
    if (s.size() >= n + 3 && s.compare(s.size() - n, n, suffix) == 0)
      return s.substr(0, s.size() - n);
  }
  return s;
}

std::vector<std::string> TopicWords::of(std::string_view text) const {
  return of_words(split_words(fold_string(text)));
}

std::vector<std::string> TopicWords::of_words(const std::vector<std::string>& folded_words) const {
  std::vector<std::string> out;
  for (const std::string& w : folded_words) {
    if (w.size() < 3 || stopwords_.count(w)) continue;
    if (std::all_of(w.begin(), w.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        w.size() < 3)
      continue;
    std::string s = stem(w);
    if (s.size() < 3 || stopwords_.count(s)) continue;
    if (auto c = canonical_.find(s); c != canonical_.end()) s = c->second;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

std::vector<RuleError> AnswerMatcher::configure(const RuleSet& rules,
                                                std::shared_ptr<const TopicWords> topics) {
  std::vector<RuleError> errors;
  markers_.clear();
  topics_ = std::move(topics);
  yes_no_starts_.clear();
  wh_words_.clear();
  clause_openers_.clear();
  deadline_words_.clear();
  day_references_.clear();
  back_references_.clear();
  kind_nouns_.clear();
  kind_noun_stems_.clear();
  aside_openers_.clear();
  advice_starts_.clear();
  indirect_yes_no_.clear();
  answer_words_.clear();
  // Three databases: the markers read in replies, those read in the client's questions (what
  // a question asks for) and those read in the client's later messages (a question taken
  // back, an offer taken up), so that each scan reports only the matches it uses.
  std::vector<PatternSpec> specs[3];
  std::vector<std::string> pointers[3];
  const JsonRuleFile* file = rules.json_file("answers.json");
  if (!file) {
    errors.push_back(RuleError{"answers.json", 0, "", "missing: answer markers are required"});
    return errors;
  }
  RuleReader reader(*file, errors);
  std::vector<std::string> type_names;
  for (const MarkerTypeName& t : kMarkerTypes) type_names.emplace_back(t.name);
  for (const auto& rec : reader.records("/markers")) {
    auto symbol = reader.string(rec, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"});
    auto type = reader.string(rec, "type", {.one_of = type_names});
    auto pattern = reader.string(rec, "pattern");
    auto description = reader.string(rec, "description");
    auto index = reader.number(rec, "index", {.required = false, .min = 1, .max = 20});
    if (!symbol || !type || !pattern || !description) continue;
    if (*type == "ordinal" && !index) {
      reader.error(rec.pointer, "index", "an ordinal marker needs the question number it names");
      continue;
    }
    if (std::any_of(pattern->begin(), pattern->end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      reader.error(rec.pointer, "pattern", "write patterns folded (lower case, no accents)");
      continue;
    }
    bool ok = true;
    std::string regex = expand_lists(*pattern, rules, reader, rec.pointer, ok);
    if (!ok) continue;
    Marker m;
    m.symbol = *symbol;
    m.rule = reader.rule_id(rec);
    const MarkerTypeName& t =
        *std::find_if(std::begin(kMarkerTypes), std::end(kMarkerTypes),
                      [&](const MarkerTypeName& t) { return t.name == *type; });
    m.type = t.type;
    m.kind = t.kind;
    m.index = index ? static_cast<int>(*index) : 0;
    const int side = m.type == MarkerType::asks                                         ? 1
                     : m.type == MarkerType::withdraws || m.type == MarkerType::accepts ? 2
                                                                                        : 0;
    specs[side].push_back(PatternSpec{static_cast<unsigned>(markers_.size()), regex, true, true});
    pointers[side].push_back(rec.pointer);
    markers_.push_back(std::move(m));
  }
  PatternSet* sets[3] = {&patterns_, &question_patterns_, &withdrawal_patterns_};
  for (int side = 0; side < 3; ++side) {
    *sets[side] = PatternSet{};
    if (specs[side].empty()) continue;
    auto compiled = PatternSet::compile(specs[side]);
    if (!compiled) {
      int index = PatternSet::failing_index(compiled.error());
      reader.error(index >= 0 && static_cast<std::size_t>(index) < pointers[side].size()
                       ? pointers[side][index]
                       : "/markers",
                   "pattern", compiled.error().message);
      markers_.clear();
      return errors;
    }
    *sets[side] = std::move(*compiled);
  }
  for (const ListFile& list : rules.lists) {
    if (list.name().rfind("yes_no_starts_", 0) == 0)
      for (const auto& [line, entry] : list.entries) yes_no_starts_.insert(fold_string(entry));
    if (list.name().rfind("wh_words_", 0) == 0)
      for (const auto& [line, entry] : list.entries) wh_words_.insert(fold_string(entry));
    if (list.name().rfind("clause_openers_", 0) == 0)
      for (const auto& [line, entry] : list.entries) clause_openers_.insert(fold_string(entry));
    if (list.name().rfind("deadline_words_", 0) == 0)
      for (const auto& [line, entry] : list.entries) deadline_words_.insert(fold_string(entry));
    if (list.name().rfind("indirect_yes_no_", 0) == 0)
      for (const auto& [line, entry] : list.entries)
        indirect_yes_no_.push_back(split_words(fold_string(entry)));
    if (list.name().rfind("advice_starts_", 0) == 0)
      for (const auto& [line, entry] : list.entries)
        advice_starts_.push_back(split_words(fold_string(entry)));
    if (list.name().rfind("aside_openers_", 0) == 0)
      for (const auto& [line, entry] : list.entries) aside_openers_.insert(fold_string(entry));
    if (list.name().rfind("day_references_", 0) == 0)
      for (const auto& [line, entry] : list.entries)
        day_references_.push_back(' ' + normalised(entry) + ' ');
    if (list.name() == "kind_nouns.txt")
      for (const auto& [line, entry] : list.entries) {
        std::vector<std::string> words = split_words(fold_string(entry));
        if (words.empty()) continue;
        const unsigned kind = words.front() == "time"     ? kTime
                              : words.front() == "amount" ? kAmount
                              : words.front() == "place"  ? kPlace
                                                          : 0;
        if (!kind) {
          errors.push_back(
              RuleError{list.name(), line, "",
                        "unknown kind \"" + words.front() + "\" (time, amount or place)"});
          continue;
        }
        for (std::size_t i = 1; i < words.size(); ++i) {
          kind_nouns_[words[i]] |= kind;
          // The same noun as a question's topic word: stemmed, read as the first of its
          // synonyms ("tarifs" -> the stem of "price").
          for (std::string& stem : topics_->of(words[i])) kind_noun_stems_[stem] |= kind;
        }
      }
    if (list.name().rfind("back_references_", 0) == 0)
      for (const auto& [line, entry] : list.entries) {
        std::vector<std::string> words;
        std::string folded = fold_string(entry);
        for (std::size_t from = 0; from < folded.size();) {
          std::size_t to = folded.find(' ', from);
          if (to == std::string::npos) to = folded.size();
          if (to > from) words.push_back(folded.substr(from, to - from));
          from = to + 1;
        }
        if (!words.empty()) back_references_.push_back(std::move(words));
      }
  }
  // Answer words are read as reply sentences are: through the topic words.
  for (const ListFile& list : rules.lists)
    if (list.name().rfind("answer_words_", 0) == 0)
      for (const auto& [line, entry] : list.entries)
        for (const std::string& w : topics_->of(entry)) answer_words_.insert(w);
  return errors;
}

// One sentence of an outgoing message, ready for matching.
struct ReplySentence {
  std::string text;
  std::vector<std::string> stems;
  std::vector<std::string> topic_stems;  // words after a topic marker
  unsigned topic_kind = 0;           // kinds its first words name ("In terms of timings": kTime)
  std::vector<std::string> days;     // the days its dates name ("03-07", day_key)
  std::vector<std::string> moments;  // the hours they name ("03-07T09:30")
  bool deferral = false, asks = false, yes_no = false;
  // Only takes note (« Bien noté. »): a deferral when it names no day or hour (ReplyView::build).
  bool noted = false;
  // Asking, with a short check after its last comma: the topic words before that comma.
  std::size_t statement_stems = 0;
  bool check_tag = false;  // a statement, then a short check after a comma or a dash
  bool attached = false;   // hands something over: "ci-joint", "here it is"
  unsigned gives =
      0;  // the kinds of answer it gives (AnswerMatcher::kTime ...): "Between 9 and 11"
  // An hour named after its first comma: « C'est noté pour vendredi 16, je passerai à 9h. »
  // acknowledges the day, then gives the hour.
  bool hour_after_comma = false;
  unsigned gives_first = 0;    // the kinds it opens with ("$120, payable on delivery.") or names as
                               // such ("Our estimate is £1,400")
  bool acknowledges = false;   // opens with thanks or a receipt: "Thank you for your payment"
  bool sign_off = false;       // only the sender's name ("Paul Durand"): never an answer
  bool salutation = false;     // a line of at most four words ending in ',' or ':' ("Hi Emma,")
  bool greeting = false;       // "Hi Emma," opening the message or a paragraph: never an answer
  std::uint32_t ordinals = 0;  // bit n: names question n ("the second", "secondly")
  bool all = false;            // answers every question of the message replied to
  int all_count = 0;           // ... when it has that many ("both": 2); 0: however many
  bool done = false;           // opens by saying what was asked is done: "Done.", « C'est fait »
  bool promises = false;       // promises to send or prepare it: "I'll send the quote tomorrow"
  int numbered = 0;
  bool opens_block = false;      // first sentence of the message or of an in-line block
  bool opens_paragraph = false;  // first sentence after a blank line
  bool opens_line = false;       // first sentence of its line
  bool ends_line = false;        // nothing follows it on its line
  // Below a sign-off that ends its line ("Karen\nRoad Ready Driving School"; not "See you
  // Thursday. A new consumer unit is..."): the signature, never an answer.
  bool signature = false;
  bool short_line = false;  // a whole line of at most three words: "Confirmed.", « Oui. »
};

struct ReplyView {
  std::vector<ReplySentence> sentences;
  std::size_t new_text_sentences = 0;  // the first ones: the reply's new text, in order
  std::vector<std::pair<std::string, std::vector<std::size_t>>> inline_blocks;  // quoted, sentences

  // "Vers 17 h 45, ...", "Around 3pm.", « Dès lundi » open with the answer: before it, at most
  // three words, each a stop word or an answer's own (answer_words_*.txt).
  static bool opens_with_answer_words(const AnswerMatcher& matcher, std::string_view prefix) {
    const std::vector<std::string> words = split_words(fold_string(prefix));
    return words.size() <= 3 && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
             const std::vector<std::string> stems = matcher.topics_->of(w);
             return std::all_of(stems.begin(), stems.end(), [&](const std::string& t) {
               return matcher.answer_words_.count(t) > 0;
             });
           });
  }

  static ReplyView build(const AnswerMatcher& matcher, const ThreadMessage& tm) {
    ReplyView view;
    std::set<std::string> name_words;
    const std::string* names[] = {&tm.analysis->from_name,
                                  tm.message ? &tm.message->from.name : nullptr};
    for (const std::string* name : names)
      if (name)
        for (std::string& w : split_words(fold_string(*name))) name_words.insert(std::move(w));
    // One fold and one scan per text; matches are then assigned to sentences.
    auto add_text = [&](std::string_view text) -> std::vector<std::size_t> {
      std::vector<std::size_t> indices;
      FoldedText folded = fold(text);
      std::vector<Match> matches = matcher.patterns_.scan(folded.text);
      std::size_t next_match = 0;
      bool first = true;
      for (std::string_view s : reply_sentences(text)) {
        std::size_t source_start = static_cast<std::size_t>(s.data() - text.data());
        std::size_t fs = folded.folded_offset(source_start),
                    fe = folded.folded_offset(source_start + s.size());
        std::string_view fsentence = std::string_view(folded.text).substr(fs, fe - fs);
        ReplySentence rs;
        rs.text = std::string(s);
        rs.opens_block = first;
        {  // After a blank line: "Yes, we do. Tastings are on Saturdays." opens a paragraph.
          std::size_t b = source_start, newlines = 0;
          for (; b > 0 && std::string_view(" \t\r\n").find(text[b - 1]) != std::string_view::npos;
               --b)
            newlines += text[b - 1] == '\n';
          rs.opens_paragraph = newlines >= 2;
          rs.opens_line = newlines >= 1 || b == 0;
        }
        std::vector<std::string> words = split_words(fsentence);
        std::size_t source_end = source_start + s.size();
        std::size_t line_end = text.find('\n', source_start);
        rs.ends_line =
            trim(text.substr(
                     source_end,
                     (line_end == std::string_view::npos ? text.size() : line_end) - source_end))
                .empty();
        rs.short_line = words.size() <= 3 &&
                        (source_start == 0 || text[source_start - 1] == '\n') && rs.ends_line;
        // "Hi Emma," / "Bonjour Madame Laurent," comes before the opening of the answer.
        rs.salutation = (s.back() == ',' || s.back() == ':') && words.size() <= 4;
        // Said at the top of the message or of a paragraph, a greeting line answers nothing
        // ("Kia ora Aroha," has three words, none of them an answer).
        rs.greeting = rs.salutation && s.back() == ',' && (first || rs.opens_paragraph);
        if (!rs.salutation) first = false;
        rs.numbered = numbered_line(s);
        rs.asks = ends_with_question_mark(s);
        rs.sign_off = !name_words.empty() && !words.empty() &&
                      std::all_of(words.begin(), words.end(),
                                  [&](const std::string& w) { return name_words.count(w) > 0; });
        rs.stems = matcher.topics_->of_words(words);
        if (rs.asks) {
          // The check comes after a comma or a dash ("Sunday between 10 and 12 – does that
          // work?").
          std::size_t comma = fsentence.rfind(',');
          for (std::string_view dash : {" - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "})
            if (std::size_t d = fsentence.rfind(dash);
                d != std::string_view::npos && (comma == std::string_view::npos || d > comma))
              comma = d + dash.size() - 1;
          if (comma != std::string_view::npos &&
              split_words(fsentence.substr(comma + 1)).size() <= kCheckTagWords) {
            rs.statement_stems =
                matcher.topics_->of_words(split_words(fsentence.substr(0, comma))).size();
            rs.check_tag = !split_words(fsentence.substr(0, comma)).empty();
          }
        }
        while (next_match < matches.size() && matches[next_match].start < fs) ++next_match;
        for (std::size_t mi = next_match; mi < matches.size() && matches[mi].start < fe; ++mi) {
          const Match& m = matches[mi];
          const auto& marker = matcher.markers_[m.id];
          switch (marker.type) {
            case AnswerMatcher::MarkerType::deferral:
              if (marker.kind == AnswerMatcher::kNoted)
                rs.noted = true;
              else
                rs.deferral = true;
              break;
            case AnswerMatcher::MarkerType::ordinal:
              rs.ordinals |= std::uint32_t{1} << marker.index;
              break;
            case AnswerMatcher::MarkerType::yes_no:
              if (m.start <= fs + 2) rs.yes_no = true;
              break;
            case AnswerMatcher::MarkerType::attached:
              rs.attached = true;
              break;
            case AnswerMatcher::MarkerType::gives:
              rs.gives |= marker.kind;
              // "$120, payable on delivery.", « Pour elle, six semaines maximum… »: at most a
              // few stop words before it.
              if (m.start <= fs + 2 ||
                  (m.start > fs &&
                   opens_with_answer_words(matcher,
                                           std::string_view(folded.text).substr(fs, m.start - fs))))
                rs.gives_first |= marker.kind;
              break;
            case AnswerMatcher::MarkerType::names:  // as good as opening with it
              rs.gives |= marker.kind;
              rs.gives_first |= marker.kind;
              break;
            case AnswerMatcher::MarkerType::acknowledges:
              if (m.start <= fs + kTopicMarkerReach) rs.acknowledges = true;
              break;
            case AnswerMatcher::MarkerType::asks:       // read in questions only
            case AnswerMatcher::MarkerType::withdraws:  // read in the client's messages only
            case AnswerMatcher::MarkerType::accepts:
              break;
            case AnswerMatcher::MarkerType::all:
              rs.all = true;
              rs.all_count = std::max(rs.all_count, marker.index);
              break;
            case AnswerMatcher::MarkerType::done:
              if (m.start <= fs + 2) rs.done = true;
              break;
            case AnswerMatcher::MarkerType::promises:
              rs.promises = true;
              break;
            case AnswerMatcher::MarkerType::farewell:
              if (m.start <= fs + 2 && words.size() <= kFarewellWords) rs.sign_off = true;
              break;
            case AnswerMatcher::MarkerType::topic: {
              // "Regarding the invoice, ..." names its topic up front; "... for the walnut"
              // further on is not a reference to a question.
              if (m.start > fs + kTopicMarkerReach) break;
              std::size_t from = std::min(m.end, fe);
              // The topic ends at the first comma or colon: "As for clothing, most families
              // choose..." names clothing, not families.
              std::size_t to = fe;
              if (std::size_t stop =
                      std::string_view(folded.text).substr(from, fe - from).find_first_of(",:;");
                  stop != std::string_view::npos)
                to = from + stop;
              const std::vector<std::string> raw =
                  split_words(std::string_view(folded.text).substr(from, to - from));
              for (std::size_t i = 0; i < raw.size() && i < kKindNounReach; ++i)
                if (auto kn = matcher.kind_nouns_.find(raw[i]); kn != matcher.kind_nouns_.end())
                  rs.topic_kind |= kn->second;
              std::vector<std::string> after = matcher.topics_->of_words(raw);
              if (after.size() > 4) after.resize(4);
              for (auto& w : after) rs.topic_stems.push_back(std::move(w));
              break;
            }
          }
        }
        rs.signature = !view.sentences.empty() && !rs.opens_block &&
                       (view.sentences.back().signature ||
                        (view.sentences.back().sign_off && view.sentences.back().ends_line));
        indices.push_back(view.sentences.size());
        view.sentences.push_back(std::move(rs));
      }
      return indices;
    };
    add_text(tm.analysis->text);
    view.new_text_sentences = view.sentences.size();
    std::vector<InlinePair> pairs = inline_pairs(tm.analysis->text, true);
    if (tm.message && tm.message->body_text.find('>') != std::string::npos) {
      // The whole body, without the signature the body split found ("Pierre Aubert" under the
      // last in-line answer is not part of it).
      std::string_view body = tm.message->body_text;
      std::string_view signature = trim(tm.message->signature);
      if (!signature.empty()) {
        std::string_view first_line = trim(signature.substr(0, signature.find('\n')));
        std::size_t at = first_line.empty() ? std::string_view::npos : body.rfind(first_line);
        if (at != std::string_view::npos) body = body.substr(0, at);
      }
      for (InlinePair& pair : inline_pairs(body, false)) pairs.push_back(std::move(pair));
    }
    for (InlinePair& pair : pairs) {
      // The in-line reply block may already be part of the new text; keep one copy.
      std::vector<std::size_t> indices;
      const auto block = reply_sentences(pair.reply);
      for (std::string_view s : block) {
        auto same = std::find_if(view.sentences.begin(), view.sentences.end(),
                                 [&](const ReplySentence& r) { return r.text == s; });
        if (same != view.sentences.end()) {
          indices.push_back(static_cast<std::size_t>(same - view.sentences.begin()));
        }
      }
      if (indices.size() < block.size()) {
        indices = add_text(pair.reply);
      } else if (!indices.empty()) {
        view.sentences[indices.front()].opens_block = true;
      }
      view.inline_blocks.emplace_back(std::move(pair.quoted), std::move(indices));
    }
    // A date the deadlines plugin found in a sentence ("jeudi 12", "at 10 am") says when; not
    // a day before the reply's own ("Thank you for your payment of March 1" does not say when
    // the sofa comes).
    const std::string today =
        tm.analysis->date ? tm.analysis->date->rfc3339().substr(0, 10) : std::string();
    for (ReplySentence& rs : view.sentences)
      for (const DateMention& d : tm.analysis->dates) {
        const std::size_t at = d.text.empty() ? std::string::npos : rs.text.find(d.text);
        if (at == std::string::npos) continue;
        const bool day = names_a_day(d);
        std::string moment = moment_of(d);
        const bool hour = !moment.empty();
        if (day) rs.days.push_back(day_key(d.value));
        if (hour) {
          rs.moments.push_back(std::move(moment));
          const std::size_t comma = rs.text.find(", ");
          rs.hour_after_comma = rs.hour_after_comma || (comma != std::string::npos && at > comma);
        }
        const std::string& last = d.end_value ? *d.end_value : d.value;
        if (!today.empty() && last.substr(0, 10) < today) continue;
        rs.gives |= AnswerMatcher::kTime;
        // A day with its hour written out offers a slot ("Wednesday 20 May at 9.30 or Friday 22
        // May at 2pm - take your pick."); "now" names no hour.
        if (day && hour && std::any_of(d.text.begin(), d.text.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c));
            }))
          rs.gives |= AnswerMatcher::kSlot;
        if (at == 0 || opens_with_answer_words(matcher, rs.text.substr(0, at)))
          rs.gives_first |= AnswerMatcher::kTime;
      }
    for (ReplySentence& rs : view.sentences) {
      // « Bien noté. » only takes note, and puts off what it answers; « Mercredi 9h, c'est
      // noté. » takes up the day and hour proposed.
      if (rs.noted && rs.days.empty() && rs.moments.empty()) rs.deferral = true;
      // "I can come on Tuesday at 2 pm, does that suit you?": a statement before a short check
      // put to the client answers and asks for a confirmation; it is no counter-question. So
      // does a day and hour offered alone (« Dimanche 17 mai à 15 h, ça vous irait ? »): a slot.
      if (!rs.asks) continue;
      if (rs.check_tag && !rs.moments.empty()) {
        rs.asks = false;
        rs.gives |= AnswerMatcher::kSlot;
      }
      if (rs.statement_stems >= 3 || (rs.statement_stems >= 1 && rs.gives)) rs.asks = false;
    }
    return view;
  }
};

void AnswerMatcher::match(ThreadAnalysis& thread) const {
  thread.open_questions.clear();
  // Idempotent: thread analysis may run again on the same analyses.
  for (ThreadMessage& tm : thread.messages) {
    if (!tm.analysis) continue;
    for (Question& q : tm.analysis->questions) {
      q.tracked = false;
      q.answered_by.reset();
      q.withdrawn_by.reset();
      q.answer_evidence.clear();
    }
  }

  struct Item {
    std::size_t message = 0, question = 0;
    int ordinal = 0;  // 1-based position among the questions of its message
    // The number of the list item it is written in ("1. Do you do albums? How much would it
    // be?" are both in item 1), or 0.
    int list_number = 0;
    std::vector<std::string> stems;
    // The words of the clause that asks, when a statement comes first ("The original was too
    // dark, so could you make the new one in shade A2?"): empty otherwise.
    std::vector<std::string> clause_stems;
    std::size_t line = 0;  // the line of its message it starts on
    // The two things a question offers to choose between ("by card or does it need to be
    // BACS?": card, bacs): a short answer naming one chooses.
    std::vector<std::string> alternatives;
    std::vector<std::string> days;     // the days its dates name: days are no topic words
    std::vector<std::string> moments;  // the hours they name, to the minute
    bool asks_about_a_day = false;     // one of them is no deadline ("Can you come on Saturday?")
    std::string norm;
    bool yes_no = false;
    bool asks_advice = false;  // what the client should do: "Should I turn the boiler off?"
    // What the question asks for (kDocument ... bits): scanned when a reply first needs it.
    std::optional<unsigned> asks;
    bool asked_again = false;  // it says so ("You didn't mention..."): set with asks
    std::size_t group = 0;
  };
  struct Group {
    std::vector<std::size_t> items;
    bool answered = false;   // settled: answered, or withdrawn by the client
    bool withdrawn = false;  // by: the client's message that took it back
    bool put_off = false;    // an earlier reply of ours said it would come back to it
    std::string by, evidence;
  };
  std::vector<Item> items;
  std::vector<Group> groups;
  // A file attached to a message (not an image of a signature).
  auto is_file = [](const Attachment& a) {
    return !a.is_inline && a.content_id.empty() && !a.filename.empty();
  };
  const bool thread_keeps_files =
      std::any_of(thread.messages.begin(), thread.messages.end(), [&](const ThreadMessage& tm) {
        return tm.message &&
               std::any_of(tm.message->attachments.begin(), tm.message->attachments.end(), is_file);
      });

  auto is_out = [&](std::size_t i) { return thread.messages[i].analysis->direction == "out"; };
  auto overlap = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::size_t n = 0;
    for (const auto& w : a)
      if (std::any_of(b.begin(), b.end(), [&](const std::string& v) { return same_stem(w, v); }))
        ++n;
    return n;
  };
  // A wh-word among the three words from `from` on: "And when can you come?".
  // « Est-ce que ... » asks yes or no: its « que » is no wh-word.
  auto wh_word_within_three = [&](const std::vector<std::string>& words, std::size_t from) {
    for (std::size_t i = from; i < words.size() && i < from + 3; ++i)
      if (wh_words_.count(words[i]) && !(i >= 2 && words[i - 1] == "ce" && words[i - 2] == "est"))
        return true;
    return false;
  };
  auto question_is_yes_no = [&](const std::string& folded, const std::vector<std::string>& words) {
    // Skip a vocative: "Marc, pouvez-vous ..." -> "pouvez".
    std::size_t comma = folded.find(',');
    std::size_t skip = 0;
    if (comma != std::string::npos && split_words(folded.substr(0, comma)).size() <= 3)
      skip = split_words(folded.substr(0, comma)).size();
    // "What is the procedure?", « Quand pouvez-vous passer ? », "And when can you come?": an
    // open question.
    // One of the two words from `from` on opens a yes/no question ("Can you...").
    auto opens_yes_no = [&](const std::vector<std::string>& ws, std::size_t from) {
      for (std::size_t i = from; i < ws.size() && i < from + 2; ++i)
        if (yes_no_starts_.count(ws[i])) return true;
      return false;
    };
    if (wh_word_within_three(words, skip)) return false;
    if (opens_yes_no(words, skip)) return true;
    // "I'll come on Wednesday around 10, will you be there yourself?", « Je passerai mercredi
    // vers 10 heures, est-ce que vous serez là vous-même ? »: the clause after the last comma
    // asks yes or no.
    if (std::size_t last = folded.rfind(','); last != std::string::npos) {
      const std::vector<std::string> clause = split_words(folded.substr(last + 1));
      if (!wh_word_within_three(clause, 0) && opens_yes_no(clause, 0)) return true;
    }
    // "I'd also like to know whether he has to stay overnight", « Je souhaiterais savoir si
    // vous prenez de nouveaux patients »: a yes/no question asked indirectly, near its start.
    if (holds_phrase(words, indirect_yes_no_, skip + kIndirectYesNoWithin)) return true;
    // « Et le canapé en chêne est-il en stock ? », « Pouvons-nous venir à trois ? »: a French
    // verb and its subject inverted.
    const std::string padded = folded + ' ';
    for (std::string_view inverted : {"-il", "-elle", "-ils", "-elles", "-on", "-vous", "-nous"})
      for (std::size_t at = padded.find(inverted); at != std::string::npos;
           at = padded.find(inverted, at + 1)) {
        const char after = padded[at + inverted.size()];
        if (after == ' ' || after == '?') return true;
      }
    return false;
  };

  // The words of a reply sentence that are not an answer's own (answer_words_*.txt) nor a
  // number: what else it speaks of.
  auto words_of_its_own = [&](const ReplySentence& s) {
    return static_cast<std::size_t>(std::count_if(
        s.stems.begin(), s.stems.end(),
        [&](const std::string& w) { return !answer_words_.count(w) && !all_digits(w); }));
  };

  // Whether a question's folded words hold one of back_references_.
  auto points_back = [&](const std::string& folded) {
    std::vector<std::string_view> words;
    for (std::size_t from = 0; from < folded.size();) {
      std::size_t to = folded.find_first_of(" ,;:?!.", from);
      if (to == std::string::npos) to = folded.size();
      if (to > from) words.push_back(std::string_view(folded).substr(from, to - from));
      from = to + 1;
    }
    return holds_phrase(words, back_references_);
  };

  auto asks_of = [&](Item& item) {
    if (!item.asks) {
      unsigned bits = 0;  // question_patterns_ holds asks markers only
      for (const Match& m : question_patterns_.scan(item.norm)) bits |= markers_[m.id].kind;
      // Asked again is no kind of answer.
      item.asked_again = (bits & kAgain) != 0;
      item.asks = bits & ~kAgain;
    }
    return *item.asks;
  };

  // "How much?" is answered by a sum, or "free": « Je travaille principalement le chêne » names
  // the oak of « Quel serait l'ordre de prix en chêne massif ? » but prices nothing. A sentence
  // that shares three of its words (or all) may still answer it in other terms. "How much
  // notice?" asks a time too (answers.json), and is answered by one.
  auto prices_nothing = [&](Item& item, const ReplySentence& s) {
    return asks_of(item) == kAmount && !(s.gives & (kAmount | kTime | kCount | kSize)) &&
           overlap(item.stems, s.stems) < std::min<std::size_t>(3, item.stems.size());
  };
  // A sentence that prices something and names no time or day does not say when or how long,
  // whatever words it shares: "How long is the highlight film usually?" is not answered by
  // "Essentials (ceremony and speeches, plus a highlight film): £1,450".
  auto times_nothing = [&](Item& item, const ReplySentence& s) {
    return asks_of(item) == kTime && (s.gives & kAmount) && !(s.gives & kTime) && s.days.empty() &&
           s.moments.empty();
  };

  // A client's message that takes up what our last message offered ("Thursday at 9:10 works
  // for me." after "Dr Hallam has a slot on Wednesday at 4:20pm, or Thursday at 9:10am";
  // "Yes, go ahead with option B" after the options; « Mardi 9 h me va très bien ») accepts
  // it: that sentence asks nothing more, though alone it would propose a time. It leaves the
  // message's questions, and the thread names it under "accepted". It must name a day of the
  // offer or one of its words, or have at most one word of its own; "but", "could you",
  // "please book" and the like keep it a question.
  auto accept = [&](std::size_t k, const FoldedText& folded, const std::vector<Match>& matches) {
    Analysis& a = *thread.messages[k].analysis;
    std::optional<std::size_t> offer;
    for (std::size_t j = k; j-- > 0 && !offer;)
      if (thread.messages[j].analysis && is_out(j) && !thread.messages[j].analysis->internal)
        offer = j;
    if (!offer || a.questions.empty()) return;
    const Analysis& ours = *thread.messages[*offer].analysis;
    std::set<std::string> offered_days;
    for (const DateMention& d : ours.dates)
      if (within_a_day(d)) offered_days.insert(day_key(d.value));
    std::optional<std::vector<std::string>> offered;  // its words, read when first needed
    for (auto q = a.questions.begin(); q != a.questions.end();) {
      const std::size_t fs = folded.folded_offset(q->start), fe = folded.folded_offset(q->end);
      bool accepts = false, but = false;
      // The sentence without the words that accept ("is fine", "go ahead"): what it names.
      std::string named = folded.text.substr(fs, fe - fs);
      for (const Match& m : matches) {
        if (m.start < fs || m.end > fe || markers_[m.id].type != MarkerType::accepts) continue;
        if (markers_[m.id].kind == kAcceptsNot) {
          but = true;
        } else {
          accepts = true;
          std::fill(named.begin() + static_cast<std::ptrdiff_t>(m.start - fs),
                    named.begin() + static_cast<std::ptrdiff_t>(m.end - fs), ' ');
        }
      }
      bool takes_up = false;
      if (accepts && !but && !ends_with_question_mark(q->text)) {
        for (const DateMention& d : a.dates)
          takes_up = takes_up || (within_a_day(d) && d.start >= q->start && d.end <= q->end &&
                                  offered_days.count(day_key(d.value)));
        // Or it names something of the offer, or barely anything of its own ("Tuesday 6:30
        // works for me", "Yes, go ahead on that basis"): after our message, a short acceptance
        // takes it up.
        const std::vector<std::string> own = topics_->of_words(split_words(named));
        if (!takes_up && own.size() > 1) {
          if (!offered) offered = topics_->of(ours.text);
          takes_up = overlap(own, *offered) > 0;
        }
        takes_up = takes_up || own.size() <= 1;
      }
      if (!takes_up) {
        ++q;
        continue;
      }
      thread.extra["accepted"].push_back(
          {{"message", a.id}, {"text", q->text}, {"offer", ours.id}});
      q = a.questions.erase(q);
    }
  };

  // A client's later message that takes a question back ("Never mind about the invoice, I
  // found it", « Oubliez ma question sur la facture ») settles the open questions its sentence
  // names best by topic; one that names none settles the only open question, if only one is,
  // or, when it takes back a whole message ("Please disregard my last email"), the open
  // questions of the client's message before it.
  auto withdraw = [&](std::size_t k, const FoldedText& folded, const std::vector<Match>& matches) {
    const std::string& text = thread.messages[k].analysis->text;
    for (std::string_view s : reply_sentences(text)) {
      const std::size_t start = static_cast<std::size_t>(s.data() - text.data());
      const std::size_t fs = folded.folded_offset(start),
                        fe = folded.folded_offset(start + s.size());
      // A question does not take anything back ("Have you found it?", « Est-ce réglé ? »).
      bool found = false, whole_message = false;
      for (const Match& m : matches)
        if (m.start >= fs && m.start < fe && markers_[m.id].type == MarkerType::withdraws) {
          found = true;
          whole_message = whole_message || markers_[m.id].kind == kWholeMessage;
        }
      if (!found || ends_with_question_mark(s)) continue;
      std::vector<std::string> stems =
          topics_->of_words(split_words(std::string_view(folded.text).substr(fs, fe - fs)));
      std::vector<std::size_t> open, named;
      std::size_t best = 0;
      for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].answered) continue;
        open.push_back(g);
        std::size_t common = 0;
        for (std::size_t it : groups[g].items)
          common = std::max(common, overlap(items[it].stems, stems));
        if (common == 0 || common < best) continue;
        if (common > best) named.clear(), best = common;
        named.push_back(g);
      }
      if (named.empty() && whole_message) {
        // "Please disregard my last email": the client's message before this one, whole.
        std::size_t last = k;
        while (last > 0 && (!thread.messages[last - 1].analysis || is_out(last - 1))) --last;
        if (last > 0)
          for (std::size_t g : open)
            if (std::any_of(groups[g].items.begin(), groups[g].items.end(),
                            [&](std::size_t it) { return items[it].message == last - 1; }))
              named.push_back(g);
      } else if (named.empty() && open.size() == 1) {
        named = open;
      }
      for (std::size_t g : named) {
        groups[g].answered = groups[g].withdrawn = true;
        groups[g].by = thread.messages[k].analysis->id;
        groups[g].evidence = std::string(s);
      }
    }
  };

  for (std::size_t k = 0; k < thread.messages.size(); ++k) {
    ThreadMessage& tm = thread.messages[k];
    if (!tm.analysis) continue;
    if (!is_out(k)) {
      // One fold and one scan of the client's message, for what it takes up and what it
      // takes back.
      if (const std::string& text = tm.analysis->text;
          !withdrawal_patterns_.empty() && !text.empty()) {
        FoldedText folded = fold(text);
        std::vector<Match> matches = withdrawal_patterns_.scan(folded.text);
        if (!matches.empty()) {
          accept(k, folded, matches);
          withdraw(k, folded, matches);
        }
      }
      int ordinal = 0;
      for (std::size_t qi = 0; qi < tm.analysis->questions.size(); ++qi) {
        Question& q = tm.analysis->questions[qi];
        q.tracked = true;
        q.rides_with_previous = false;
        Item item;
        item.message = k;
        item.question = qi;
        item.ordinal = ++ordinal;
        item.line = static_cast<std::size_t>(
            std::count(tm.analysis->text.begin(),
                       tm.analysis->text.begin() +
                           static_cast<std::ptrdiff_t>(std::min(q.start, tm.analysis->text.size())),
                       '\n'));
        {  // The numbered line it is on, or the last one above it in the same block of lines;
           // in a list of bullets ("- what do you need from me?"), the bullet's rank.
          std::string_view text = tm.analysis->text;
          auto bullet = [](std::string_view line) {
            line = trim(line);
            return line.size() > 1 && (((line[0] == '-' || line[0] == '*') && line[1] == ' ') ||
                                       line.substr(0, 3) == "\xE2\x80\xA2");
          };
          std::size_t begin = q.start;
          int bullets = 0;  // bullet lines met so far, this one first
          while (true) {
            const std::size_t nl =
                begin == 0 ? std::string_view::npos : text.rfind('\n', begin - 1);
            const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
            std::string_view here = text.substr(start, text.find('\n', start) - start);
            if (trim(here).empty()) break;
            if (int n = numbered_line(here)) {
              if (!bullets) item.list_number = n;
              break;
            }
            if (bullet(here)) ++bullets;
            if (start == 0) break;
            begin = start - 1;  // the end of the line above
          }
          if (bullets) item.list_number = bullets;
        }
        std::string folded = fold_string(q.text);
        std::vector<std::string> words = split_words(folded);
        item.stems = topics_->of_words(words);
        // A short label before a colon ("Petite question pratique : est-ce qu'il y a un
        // parking ?", "One thing you didn't cover: ...") says that a question comes, not what
        // it is about.
        if (std::size_t colon = folded.find(": "); colon != std::string::npos) {
          std::vector<std::string> label = split_words(std::string_view(folded).substr(0, colon));
          const std::vector<std::string> after =
              split_words(std::string_view(folded).substr(colon + 1));
          std::vector<std::string> asked = topics_->of_words(after);
          if (label.size() <= kLabelWords && !asked.empty()) {
            item.stems = std::move(asked);
          } else if (!asked.empty() && asked.size() < item.stems.size()) {
            // A longer statement before it (« Vous avez parlé d'éloigner la zone de tir du
            // bassin : à quelle distance des invités sera-t-elle ? »): the clause after the
            // colon asks, when it opens as a question does.
            if (wh_word_within_three(after, 0) ||
                (!after.empty() && yes_no_starts_.count(after.front())))
              item.clause_stems = std::move(asked);
          }
        }
        for (std::size_t comma = folded.rfind(','); comma != std::string::npos && comma > 0;
             comma = folded.rfind(',', comma - 1)) {
          std::vector<std::string> after = split_words(std::string_view(folded).substr(comma + 1));
          if (after.empty() || !clause_openers_.count(after.front())) continue;
          std::vector<std::string> clause = topics_->of_words(after);
          if (!clause.empty() && clause.size() < item.stems.size())
            item.clause_stems = std::move(clause);
          break;
        }
        // "X or Y": the last topic word before "or" and the last of the clause after it.
        for (std::string_view sep : {" or ", " ou "}) {
          const std::size_t at = folded.find(sep);
          if (at == std::string::npos) continue;
          const std::vector<std::string> before =
              topics_->of_words(split_words(std::string_view(folded).substr(0, at)));
          const std::vector<std::string> after_words =
              split_words(std::string_view(folded).substr(at + sep.size()));
          const std::vector<std::string> after = topics_->of_words(after_words);
          if (before.empty() || after.empty() || after_words.front() == "not" ||
              after_words.front() == "pas" || after_words.front() == "non")
            break;
          item.alternatives = {before.back(), after.back()};
          break;
        }
        for (const DateMention& d : tm.analysis->dates)
          if (names_a_day(d) && d.start >= q.start && d.end <= q.end) {
            item.days.push_back(day_key(d.value));
            if (std::string m = moment_of(d); !m.empty()) item.moments.push_back(std::move(m));
            // "before Friday" is a deadline; "on Saturday" what is asked about.
            std::vector<std::string> before = split_words(fold_string(
                std::string_view(tm.analysis->text).substr(q.start, d.start - q.start)));
            item.asks_about_a_day =
                item.asks_about_a_day || before.empty() || !deadline_words_.count(before.back());
          }
        for (const std::string& w : words) {
          if (!item.norm.empty()) item.norm += ' ';
          item.norm += w;
        }
        // "Are you available that day?", « à cette date »: the last day named before it in the
        // message, which the question asks about.
        if (const std::string padded = ' ' + item.norm + ' ';
            item.days.empty() &&
            std::any_of(day_references_.begin(), day_references_.end(), [&](const std::string& r) {
              return padded.find(r) != std::string::npos;
            })) {
          const DateMention* last = nullptr;
          for (const DateMention& d : tm.analysis->dates)
            if (names_a_day(d) && d.end <= q.start && (!last || d.start > last->start)) last = &d;
          if (last) {
            item.days.push_back(day_key(last->value));
            item.asks_about_a_day = true;
          }
        }
        item.yes_no = question_is_yes_no(folded, words);
        // "also should i turn the boiler off in the meantime": it asks what the client should
        // do, among its first words.
        item.asks_advice = holds_phrase(words, advice_starts_, 2);
        // « Ma mutuelle me demande une facture détaillée. Merci de me la transmettre. »: a
        // request (not a question: "Is it still available?" asks of the booking), or a question
        // that asks for a document (« …jamais reçu de facture pour l'acompte. Vous pourriez nous
        // l'envoyer ? »), that names nothing and points back to the sentence before it in its
        // paragraph is about what that sentence names.
        if (item.stems.empty() && (q.kind == "request" || (asks_of(item) & kDocument)) &&
            points_back(folded)) {
          const std::string& text = tm.analysis->text;
          std::string_view before;
          for (std::string_view sentence : reply_sentences(text)) {
            const std::size_t end =
                static_cast<std::size_t>(sentence.data() - text.data()) + sentence.size();
            if (end > q.start) break;
            const std::string_view gap = std::string_view(text).substr(end, q.start - end);
            before = gap.find("\n\n") == std::string_view::npos ? sentence : std::string_view();
          }
          if (!before.empty()) item.stems = topics_->of(before);
        }
        // "Could you send me a quote? When could I have it?": a question of its own on the
        // topic of the one before it in the message, not that question asked again.
        if (item.stems.empty() && item.days.empty() && !item.yes_no && qi > 0 && !items.empty() &&
            items.back().message == k && !items.back().stems.empty() &&
            wh_word_within_three(words, 0))
          item.stems = items.back().stems;
        // Asked again while still open: the same question.
        std::optional<std::size_t> same;
        for (std::size_t g = 0; g < groups.size() && !same; ++g) {
          if (groups[g].answered) continue;
          for (std::size_t other : groups[g].items) {
            const Item& o = items[other];
            if (o.message == k) continue;
            std::size_t common = overlap(item.stems, o.stems);
            std::size_t smaller = std::min(item.stems.size(), o.stems.size());
            std::size_t larger = std::max(item.stems.size(), o.stems.size());
            // One word in common is enough only between short questions: "When could it be
            // delivered?" is not asked again by « Le fauteuil est-il livré avec un
            // repose-pieds ? ».
            // The same day asked for, by a question of at most one word of its own: "I'd need
            // it back by 10 April" asked again as "Will it be ready by 10 April?".
            const bool same_day_again =
                smaller <= 1 && std::any_of(item.days.begin(), item.days.end(), [&](const auto& d) {
                  return std::find(o.days.begin(), o.days.end(), d) != o.days.end();
                });
            // Two requests for the same document ("Pourriez-vous me faire un devis ?", then
            // « Merci de m'envoyer le devis par mail pour que je le transmette à l'assurance »):
            // the same request, whatever else the second says.
            const bool same_document = common > 0 && smaller <= 2 && (asks_of(item) & kDocument) &&
                                       (asks_of(items[other]) & kDocument);
            if (item.norm == o.norm || same_day_again || same_document ||
                (smaller > 0 && common * 10 >= smaller * 6 &&
                 (common >= 2 || (smaller == 1 && larger <= 2)))) {
              same = g;
              break;
            }
          }
        }
        // Said to be asked again ("You didn't mention instalments though - can I spread the
        // cost?", « Par contre vous n'avez pas répondu pour le service : il est compris ? »):
        // the open question of an earlier message it shares most words with, one is enough.
        asks_of(item);  // sets asked_again
        if (!same && !item.stems.empty() && item.asked_again) {
          std::size_t best = 0;
          for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].answered) continue;
            for (std::size_t other : groups[g].items) {
              if (items[other].message == k) continue;
              const std::size_t common = overlap(item.stems, items[other].stems);
              if (common > 0 && common >= best) best = common, same = g;
            }
          }
        }
        // A nudge without a topic of its own ("Any news?", "Des nouvelles ?") asks again the
        // latest open question of an earlier message; a closing formula ("Dans l'attente de
        // votre réponse") after a question of its own message asks for that question's answer.
        if (!same && item.stems.empty()) {
          for (std::size_t g = groups.size(); g-- > 0 && !same;)
            if (!groups[g].answered && items[groups[g].items.front()].message <= k) same = g;
          // Items join groups in message order: one of this message would be the last.
          q.rides_with_previous = same && items[groups[*same].items.back()].message == k;
        }
        if (same) {
          item.group = *same;
        } else {
          item.group = groups.size();
          groups.emplace_back();
        }
        groups[item.group].items.push_back(items.size());
        items.push_back(std::move(item));
      }
      continue;
    }

    // An outgoing message: which open questions does it answer? A note to colleagues only
    // answers none, even when it restates them ("La cliente demande la date de pose").
    if (tm.analysis->internal) continue;
    std::vector<std::size_t> open;
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (!groups[g].answered) open.push_back(g);
    if (open.empty()) continue;
    ReplyView view = ReplyView::build(*this, tm);
    // Files attached to the reply (not images of a signature), by name and topic words. When
    // it has none, « Le voici en pièce jointe » forgot it (step 8), if its list of attachments
    // is known whole (a draft's) or the thread keeps the files of its messages: in a copy of a
    // thread without a single file, "attached" says the file went.
    std::vector<std::pair<std::string, std::vector<std::string>>> files;
    if (tm.message)
      for (const Attachment& a : tm.message->attachments)
        if (is_file(a))
          files.emplace_back(a.filename, topics_->of_words(split_words(fold_string(a.filename))));
    const bool forgot_files =
        tm.message && files.empty() && (tm.message->attachments_listed || thread_keeps_files);
    std::map<std::size_t, std::string> answered;  // group -> evidence
    // The message replied to: In-Reply-To, else the latest incoming message with an open item.
    std::optional<std::size_t> target;
    if (tm.message && !tm.message->in_reply_to.empty()) {
      for (std::size_t i = 0; i < k; ++i)
        if (!is_out(i) && thread.messages[i].message &&
            thread.messages[i].message->message_id == tm.message->in_reply_to)
          target = i;
    }
    if (!target) {
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items)
          if (items[it].message < k && (!target || items[it].message > *target))
            target = items[it].message;
    }
    // A question this reply says it will come back to ("Pour l'hivernage, ... je reviens vers
    // vous", "As for a gluten-free tier, let me check ... and I'll get back to you") is not
    // answered by another of its sentences: a deferral that names it by a topic marker, or by
    // most of its words, the very words ("Pour la plantation" does not name "Combien de
    // plants ?").
    std::set<std::size_t> deferred;
    // The open question a topic marker names by the kind of answer ("In terms of timings" ->
    // "what time would your team need access?", "For the price" -> "a rough idea of the cost"):
    // the only one that asks for it, among the questions of the message replied to if one
    // there does, else among all.
    auto kind_named = [&](const ReplySentence& s) -> std::optional<std::size_t> {
      if (!s.topic_kind) return std::nullopt;
      std::optional<std::size_t> found, found_in_target;
      bool several = false, several_in_target = false;
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          if (items[it].message >= k || !(asks_of(items[it]) & s.topic_kind)) continue;
          if (target && items[it].message == *target) {
            several_in_target = several_in_target || (found_in_target && *found_in_target != g);
            found_in_target = g;
          }
          several = several || (found && *found != g);
          found = g;
        }
      if (found_in_target) return several_in_target ? std::nullopt : found_in_target;
      return several ? std::nullopt : found;
    };
    auto same_words = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
      return static_cast<std::size_t>(std::count_if(a.begin(), a.end(), [&](const std::string& w) {
        return std::find(b.begin(), b.end(), w) != b.end();
      }));
    };
    // The question a sentence names by a topic marker ("S'agissant des diagnostics, cela dépend
    // de chacun"): a deferral after it in its paragraph that names nothing ("Je vais les examiner
    // un par un et je reviens vers vous") puts that question off.
    std::optional<std::size_t> marked_before;
    for (std::size_t si = 0; si < view.sentences.size(); ++si) {
      const ReplySentence& s = view.sentences[si];
      if (s.opens_paragraph) marked_before.reset();
      std::optional<std::size_t> marked_here;
      if (!s.topic_stems.empty()) {
        std::size_t most = 0;
        for (std::size_t g : open)
          for (std::size_t it : groups[g].items)
            if (items[it].message < k) {
              const std::size_t m = same_words(items[it].stems, s.topic_stems);
              if (m > most) most = m, marked_here = g;
            }
      }
      if (!marked_here) marked_here = kind_named(s);
      if (!s.deferral) {
        marked_before = marked_here;
        continue;
      }
      double best = 0;
      std::optional<std::size_t> named;
      // A topic put first, without a marker, names what is put off as « Pour la course » does:
      // « La course, on en reparle vendredi ».
      std::vector<std::string> put_first;
      if (const std::size_t comma = s.text.find(", "); comma != std::string::npos) {
        std::vector<std::string> lead = split_words(fold_string(s.text.substr(0, comma)));
        if (lead.size() <= 3) put_first = topics_->of_words(lead);
      }
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          const Item& item = items[it];
          if (item.message >= k || item.stems.empty()) continue;
          const std::size_t marked = same_words(item.stems, s.topic_stems) +
                                     same_words(item.stems, put_first),
                            common = same_words(item.stems, s.stems);
          if (!(marked > 0 || common >= 2 || common * 2 >= item.stems.size())) continue;
          // The question it names best: « Pour la plantation » names « proposez-vous la
          // plantation ? » rather than « Combien de plants ? ».
          const double score =
              static_cast<double>(2 * marked + common) / static_cast<double>(item.stems.size());
          if (score > best) best = score, named = g;
        }
      if (!named) named = marked_here ? marked_here : marked_before;
      if (named) deferred.insert(*named);
      marked_before.reset();
    }
    // The sentences already given as evidence in this reply (without an answer arrow).
    auto used_evidence = [&] {
      std::set<std::string_view> used;
      for (const auto& [g, evidence] : answered) used.insert(without_answer_arrow(evidence));
      return used;
    };
    // A sentence of the reply that asks the client for something (« Merci de vous munir de
    // votre carte d'assurance »).
    auto we_ask = [&](const ReplySentence& s) {
      return std::any_of(
          tm.analysis->questions.begin(), tm.analysis->questions.end(),
          [&](const Question& q) { return q.text.find(s.text) != std::string::npos; });
    };
    auto usable = [&](const ReplySentence& s) {
      return !s.deferral && !s.asks && !s.sign_off && !s.greeting && !s.signature;
    };
    // A bare yes or no ("Yes, it is.", « Oui, tout à fait. ») says little without the
    // sentence after it, and that one little without it: the evidence is both.
    auto bare_yes_no = [&](const ReplySentence& s) {
      return usable(s) && s.yes_no && s.stems.size() <= 1 && split_words(s.text).size() <= 4;
    };
    auto substance = [&](const ReplySentence& s) {
      return usable(s) && !s.stems.empty() && !s.short_line;
    };
    // The evidence of an answer, with the bare yes or no just before its sentence ("Oui, tout à
    // fait. Je vous attends tous les trois mercredi.").
    auto answer = [&](std::size_t g, const std::string& evidence) {
      if (groups[g].answered || answered.count(g) || deferred.count(g)) return;
      for (std::size_t i = 1; i < view.sentences.size(); ++i)
        if (view.sentences[i].text == evidence) {
          const ReplySentence& before = view.sentences[i - 1];
          // Not for a question that asks what, when or how much: « Oui, le samedi uniquement. »
          // answers the yes/no question before « La journée est à 240 €. » answers the price.
          const bool asks_yes_no = std::any_of(groups[g].items.begin(), groups[g].items.end(),
                                               [&](std::size_t it) { return items[it].yes_no; });
          if (bare_yes_no(before) && !view.sentences[i].short_line && asks_yes_no) {
            answered[g] = before.text + " " + evidence;
            return;
          }
          break;
        }
      answered[g] = evidence;
    };
    auto block_evidence =
        [&](const std::vector<std::size_t>& indices) -> std::optional<std::string> {
      for (std::size_t n = 0; n < indices.size(); ++n) {
        const ReplySentence& s = view.sentences[indices[n]];
        if (!usable(s)) continue;
        if (bare_yes_no(s) && n + 1 < indices.size() && substance(view.sentences[indices[n + 1]]))
          return s.text + " " + view.sentences[indices[n + 1]].text;
        break;
      }
      for (std::size_t i : indices)
        if (usable(view.sentences[i]) && !view.sentences[i].stems.empty())
          return view.sentences[i].text;
      for (std::size_t i : indices)
        if (usable(view.sentences[i]) && view.sentences[i].yes_no) return view.sentences[i].text;
      return std::nullopt;
    };

    auto item_of = [&](std::size_t message, int ordinal) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].message == message && items[i].ordinal == ordinal) return i;
      return std::nullopt;
    };

    // 1. In-line answers: the reply block below a quoted question answers it. Its sentences
    //    are that question's answer, not another's (a "Oui, ..." there answers the quote above
    //    it, not the first yes/no question of the message).
    std::set<std::size_t> inline_answer;  // sentence indices of blocks that answered
    // The later paragraphs of those blocks: they answer another question only by its topic.
    std::set<std::size_t> inline_rest;
    auto in_inline_block = [&](std::size_t si) {
      return inline_answer.count(si) > 0 || inline_rest.count(si) > 0;
    };
    // Questions this reply quotes in-line: the others it answers, if at all, outside the quotes.
    std::set<std::size_t> quoted_items;
    for (const auto& [quoted, indices] : view.inline_blocks) {
      std::optional<std::size_t> last_item;
      std::size_t last_pos = 0;
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          if (items[it].message >= k || items[it].norm.empty()) continue;
          std::size_t pos = quoted.rfind(items[it].norm);
          if (pos == std::string::npos) continue;
          quoted_items.insert(it);
          if (!last_item || pos >= last_pos) {
            last_item = it;
            last_pos = pos;
          }
        }
      // A part of one question quoted alone ("> can we hold the date while we decide" from
      // "Quick q's before then: can we hold the date while we decide, and is there a deposit?"):
      // that question, if the part has a few words and no other open question holds it.
      if (!last_item && std::count(quoted.begin(), quoted.end(), ' ') + 1 >= kQuotedPartWords) {
        const std::string part = ' ' + quoted + ' ';
        bool several = false;
        for (std::size_t g : open)
          for (std::size_t it : groups[g].items) {
            if (items[it].message >= k || items[it].norm.empty()) continue;
            if ((' ' + items[it].norm + ' ').find(part) == std::string::npos) continue;
            several = several || (last_item && items[*last_item].group != g);
            last_item = it;
          }
        if (several) last_item.reset();
      }
      if (!last_item) continue;
      // A block that only promises or defers ("I'll put a full quote together once I've
      // checked with our chef") answers nothing yet, unless the question asked when.
      bool holds = false, gives = false, opens_holding = false;
      for (std::size_t i : indices) {
        const ReplySentence& s = view.sentences[i];
        if (s.promises || s.deferral) {
          opens_holding = opens_holding || !gives;
          holds = true;
        } else if (!s.sign_off && !s.signature && (!s.stems.empty() || s.yes_no)) {
          gives = true;
        }
      }
      if (holds && !gives && !(asks_of(items[*last_item]) & kTime)) continue;
      // A block that opens by putting the question off ("I need to check with the two tutors
      // I have in mind and will come back to you by Wednesday.") and goes on with another
      // paragraph speaks of something else there: the question waits.
      if (opens_holding && gives) {
        deferred.insert(items[*last_item].group);
        continue;
      }
      if (auto evidence = block_evidence(indices)) {
        answer(items[*last_item].group, *evidence);
        // The other questions quoted in the same block ("> Do you have models with a key card?
        // How many keys come with it?"): the block was written below them too, so a sentence
        // of it that names one of their words answers that one ("the cylinder comes with a
        // card", "There are 5 keys in the box").
        for (std::size_t g : open) {
          if (g == items[*last_item].group) continue;
          for (std::size_t it : groups[g].items) {
            Item& other = items[it];
            if (other.message >= k || other.norm.empty() ||
                quoted.find(other.norm) == std::string::npos)
              continue;
            for (std::size_t i : indices) {
              const ReplySentence& s = view.sentences[i];
              if (usable(s) && !s.promises && !prices_nothing(other, s) &&
                  !times_nothing(other, s) && overlap(other.stems, s.stems) > 0) {
                answer(g, s.text);
                break;
              }
            }
          }
        }
        // Its first paragraph is the quote's answer; a later paragraph of the block may
        // answer another question ("The booking fee is £500." below the quoted "Can you hold
        // the date?", for "And how much is the deposit?" of the same message).
        bool first = true;
        for (std::size_t n = 0; n < indices.size(); ++n) {
          first = first && !(n > 0 && view.sentences[indices[n]].opens_paragraph);
          (first ? inline_answer : inline_rest).insert(indices[n]);
        }
      }
    }

    // A day the question names counts as one of its words when the sentence names it too
    // ("Can you deliver on Saturday?" -> "Saturday is fully booked").
    auto same_day = [](const Item& item, const ReplySentence& s) {
      return std::any_of(item.days.begin(), item.days.end(), [&](const std::string& d) {
        return std::find(s.days.begin(), s.days.end(), d) != s.days.end();
      });
    };

    // 2. Ordinals and numbered answers name a question of the message replied to.
    if (target) {
      std::size_t numbered = 0;
      for (const ReplySentence& s : view.sentences) numbered += s.numbered > 0;
      // The list items of the message replied to, when its questions are numbered.
      std::set<int> list_items;
      for (const Item& item : items)
        if (item.message == *target && item.list_number > 0) list_items.insert(item.list_number);
      const std::size_t listed = list_items.size();
      const int last_listed = listed ? *list_items.rbegin() : 0;
      const int second_last_listed = listed >= 2 ? *std::next(list_items.rbegin()) : 0;
      for (std::size_t i = 0; i < view.sentences.size(); ++i) {
        const ReplySentence& s = view.sentences[i];
        if (s.deferral || s.asks) continue;
        std::uint32_t named = s.ordinals;
        const bool by_number =
            !named && numbered >= 2 && s.numbered > 0 && s.numbered < kSecondToLastOrdinal;
        if (by_number) named = std::uint32_t{1} << s.numbered;
        if (s.all) {
          // "Yes to both" answers a message of two questions; of three, it does not say which.
          std::uint32_t every = 0;
          int count = 0;
          for (const Item& item : items)
            if (item.message == *target && item.ordinal <= kLastOrdinal)
              every |= std::uint32_t{1} << item.ordinal, ++count;
          if (s.all_count == 0 || s.all_count == count) named |= every;
        }
        if (!named) continue;
        std::string evidence = s.text;
        // "Pour votre deuxième question :" alone on its line: the answer follows ("Yes to
        // both." is the answer).
        if (s.stems.size() <= 1 && !s.yes_no && !s.all && i + 1 < view.sentences.size() &&
            usable(view.sentences[i + 1]))
          evidence += " " + view.sentences[i + 1].text;
        for (int n = 1; n <= kLastOrdinal; ++n) {
          if (!(named & (std::uint32_t{1} << n))) continue;
          int which = n;
          if (n == kLastOrdinal || n == kSecondToLastOrdinal) {
            which = 0;
            for (const Item& item : items)
              which = item.message == *target ? std::max(which, item.ordinal) : which;
            if (n == kSecondToLastOrdinal) --which;
          }
          if (listed >= 2) {
            // "On your first question" of a numbered list: the questions of its item 1.
            const int number = n == kLastOrdinal           ? last_listed
                               : n == kSecondToLastOrdinal ? second_last_listed
                                                           : n;
            for (const Item& item : items)
              if (item.message == *target && item.list_number == number)
                answer(item.group, evidence);
          } else if (auto it = item_of(*target, which)) {
            // A numbered line answers the question of its number when it speaks of it: a yes or
            // no, one of its words or its day, the kind of answer it asks for. "3. Remèche de
            // l'archet : 55 €" in a numbered quote is no answer to « Faut-il que j'apporte aussi
            // la housse ? », the third question.
            Item& item = items[*it];
            if (by_number && !(s.yes_no || item.stems.empty() || overlap(item.stems, s.stems) > 0 ||
                               (s.gives & asks_of(item)) || same_day(item, s)))
              continue;
            answer(item.group, evidence);
          }
        }
      }
    }

    // "I'll prepare the quote for the six chairs and send it tomorrow" promises the document
    // asked for; it answers "when will you send it?", not "could you send me a quote?".
    auto promised_only = [&](Item& item, const ReplySentence& s) {
      if (!s.promises) return false;
      const unsigned kinds = asks_of(item);
      return (kinds & kDocument) && !(kinds & kTime);
    };

    // 3. Topic markers: "regarding the invoice" names the question by its topic. Not in a
    //    sentence of thanks or apology (« Désolé pour le délai », "Thanks for the photos").
    for (const ReplySentence& s : view.sentences) {
      if (s.topic_stems.empty() || s.deferral || s.asks || s.acknowledges) continue;
      std::size_t best = 0;
      std::optional<std::size_t> best_group;
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          if (items[it].message >= k || promised_only(items[it], s)) continue;
          std::size_t common = overlap(s.topic_stems, items[it].stems);
          if (common > best) {
            best = common;
            best_group = g;
          }
        }
      if (!best_group) best_group = kind_named(s);
      // A topic that names no question ("As for clothing, ..." for "what should she wear?"):
      // the rest of the sentence names one when it shares a word with that one alone ("Pour la
      // première séance, je vous demanderai de rester une dizaine de minutes" for « Vous ne
      // m'avez pas dit si je devais rester avec lui »); not a document asked for, which a word
      // in passing does not hand over ("most families choose..." for "an estimate for the
      // family").
      if (!best_group) {
        std::set<std::size_t> named;
        for (std::size_t g : open)
          for (std::size_t it : groups[g].items)
            if (items[it].message < k && !(asks_of(items[it]) & kDocument) &&
                overlap(s.stems, items[it].stems) > 0)
              named.insert(g);
        if (named.size() == 1) best_group = *named.begin();
      }
      if (best_group) answer(*best_group, s.text);
    }

    // 4. Restating the topic: the best reply sentence for each question, when that sentence
    //    fits no other open question better.
    std::vector<double> sentence_best(view.sentences.size(), 0);
    std::vector<std::size_t> sentence_best_item(view.sentences.size(), 0);
    struct Best {
      double score = 0;
      std::size_t sentence = 0, item = 0;
    };
    std::map<std::size_t, Best> group_best;
    auto score_with = [&](Item& item, const std::vector<std::string>& stems,
                          const ReplySentence& s) -> double {
      // The day is a word of the question only when the sentence names it: "before Friday" in
      // « la date de livraison avant vendredi » is a deadline, not what is asked. Named by both,
      // it is enough by itself, as one word of two ("Can you deliver order 6120 on Saturday?"
      // -> "Saturday is fully booked").
      const std::size_t day = same_day(item, s) ? 1 : 0;
      const std::size_t words = overlap(stems, s.stems);
      // A figure of three digits or more that is not a year ("the £640", "order 6120"), named by
      // both, names the same thing: it counts twice; not in a line that takes note of the
      // client's news ("Glad to hear the £510 has come through").
      const std::size_t figures =
          s.acknowledges
              ? 0
              : static_cast<std::size_t>(
                    std::count_if(stems.begin(), stems.end(), [&](const std::string& w) {
                      // After a currency sign, if any ("£640" is one word).
                      std::string_view digits = w;
                      while (!digits.empty() && static_cast<unsigned char>(digits.front()) >= 0x80)
                        digits.remove_prefix(1);
                      return digits.size() >= 3 && all_digits(digits) &&
                             !(digits.size() == 4 &&
                               (digits.starts_with("19") || digits.starts_with("20"))) &&
                             std::find(s.stems.begin(), s.stems.end(), w) != s.stems.end();
                    }));
      std::size_t common = words + figures + day;
      if (common == 0) return 0;
      // The very hour on the very day ("24th at 9:30 is great, please put me down for that" ->
      // "You're booked in on Saturday 24 January at 9:30"): the sentence takes it up, whatever
      // else it says.
      if (std::any_of(item.moments.begin(), item.moments.end(), [&](const std::string& m) {
            return std::find(s.moments.begin(), s.moments.end(), m) != s.moments.end();
          }))
        return std::max(0.7, static_cast<double>(common) / static_cast<double>(stems.size() + 1) +
                                 0.1 * static_cast<double>(common));
      // Only the day in common: the sentence must speak of no other thing than whether the day
      // suits (at most one word that is not an answer's own, answer_words_*.txt). "Saturday is
      // fully booked" answers "Can you deliver order 6120 on Saturday?"; "the workshop is closed on
      // Friday for inventory" does not say whether the invoice goes out on Friday.
      if (words == 0 && !stems.empty() && words_of_its_own(s) > 1) return 0;
      // A yes/no question about a day is about that day: "Can you deliver on Saturday?" is not
      // answered by "The delivery fee is $45." as if it were "Can you deliver?".
      const std::size_t asked_day = day || (item.yes_no && item.asks_about_a_day) ? 1 : 0;
      double ratio = static_cast<double>(common) / static_cast<double>(stems.size() + asked_day);
      double score = common >= 2 || (common == 1 && ratio >= 0.5)
                         ? ratio + 0.1 * static_cast<double>(common)
                         : 0;
      return day ? std::max(score, 0.5 + 0.1) : score;
    };
    auto score_of = [&](Item& item, const ReplySentence& s) -> double {
      if (promised_only(item, s)) return 0;
      // Put off by an earlier reply, a question that asks for a kind of answer waits for that
      // answer: « Quand le compromis pourra-t-il être signé ? », put off, is not answered by
      // « ... doivent être refaits avant le compromis ».
      if (groups[item.group].put_off && asks_of(item) && !(s.gives & asks_of(item)) &&
          overlap(item.stems, s.stems) < 2)
        return 0;
      if (prices_nothing(item, s) || times_nothing(item, s)) return 0;
      if ((item.stems.empty() && item.days.empty()) || !usable(s)) return 0;
      double score = score_with(item, item.stems, s);
      // The clause that asks, alone: its words are what an answer restates.
      if (!item.clause_stems.empty())
        score = std::max(score, score_with(item, item.clause_stems, s));
      // A short sentence that opens with one of the things offered ("Card is fine." for "by
      // card or BACS?", « Par virement. ») chooses.
      if (!item.alternatives.empty() && !s.stems.empty() && s.stems.size() <= kChoiceWords &&
          overlap(item.alternatives, {s.stems.front()}) == 1 &&
          overlap(item.alternatives, s.stems) == 1)
        score = std::max(score, kChoiceScore);
      return score;
    };
    for (std::size_t g : open)
      for (std::size_t it : groups[g].items) {
        if (items[it].message >= k) continue;
        for (std::size_t si = 0; si < view.sentences.size(); ++si) {
          double score = score_of(items[it], view.sentences[si]);
          if (score <= 0) continue;
          if (score > sentence_best[si]) {
            sentence_best[si] = score;
            sentence_best_item[si] = it;
          }
          auto& best = group_best[g];
          if (score > best.score) best = {score, si, it};
        }
      }
    // The words and days a question shares with a reply sentence.
    struct Shared {
      std::vector<std::string> words, days;
    };
    auto shared = [&](const Item& item, const ReplySentence& s) {
      Shared out;
      for (const std::string& w : item.stems)
        if (std::any_of(s.stems.begin(), s.stems.end(),
                        [&](const std::string& v) { return same_stem(w, v); }))
          out.words.push_back(w);
      for (const std::string& d : item.days)
        if (std::find(s.days.begin(), s.days.end(), d) != s.days.end()) out.days.push_back(d);
      return out;
    };
    auto meet = [&](const Shared& a, const Shared& b) {
      for (const std::string& w : a.words)
        for (const std::string& v : b.words)
          if (same_stem(w, v)) return true;
      for (const std::string& d : a.days)
        if (std::find(b.days.begin(), b.days.end(), d) != b.days.end()) return true;
      return false;
    };
    for (const auto& [g, best] : group_best) {
      // A sentence that fits another question clearly better is that question's answer, unless
      // it speaks of this question in other words than of that one ("Saturday is fully booked,
      // but Monday morning works" answers "Saturday?" and "If not, Monday morning?").
      const ReplySentence& s = view.sentences[best.sentence];
      bool fits = best.score + 1e-9 >= sentence_best[best.sentence] * 0.75;
      if (!fits) {
        Shared mine = shared(items[best.item], s);
        Shared theirs = shared(items[sentence_best_item[best.sentence]], s);
        fits = !(mine.words.empty() && mine.days.empty()) && !meet(mine, theirs);
      }
      if (fits) answer(g, s.text);
    }
    // 4b. One word in common, and only with each other: "We're not VAT registered, so there's
    //     nothing to add to that figure." for "Is the £650-750 including VAT?", when no other
    //     open question shares a word with that sentence and no other sentence of the reply
    //     shares one with the question.
    {
      // Which sentences each item shares a word with, and which items each sentence does.
      std::vector<std::vector<std::size_t>> shares(items.size());
      std::vector<std::vector<std::size_t>> sharers(view.sentences.size());
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          if (items[it].message >= k || items[it].stems.empty()) continue;
          for (std::size_t si = 0; si < view.sentences.size(); ++si) {
            const ReplySentence& s = view.sentences[si];
            if (overlap(items[it].stems, s.stems) == 0) continue;
            sharers[si].push_back(it);
            shares[it].push_back(si);
          }
        }
      // A name in common ("Can Paul pick me up from work?" -> "you're booked in with Paul on
      // Tuesdays") is no topic.
      auto names_only = [&](const Item& item, const ReplySentence& s) {
        const std::string& text =
            thread.messages[item.message].analysis->questions[item.question].text;
        for (const Span& w : words(text)) {
          const std::string_view word = std::string_view(text).substr(w.start, w.end - w.start);
          if (w.start == 0 || word.size() < 2 ||
              !std::isupper(static_cast<unsigned char>(word[0])) ||
              !std::islower(static_cast<unsigned char>(word[1])))
            continue;
          const std::vector<std::string> stem = topics_->of(word);
          if (!stem.empty() && overlap(stem, s.stems) > 0) return true;
        }
        return false;
      };
      const std::set<std::string_view> used = used_evidence();
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          if (items[it].message >= k || shares[it].size() != 1 || !target ||
              items[it].message != *target)
            continue;
          const std::size_t si = shares[it].front();
          const ReplySentence& s = view.sentences[si];
          const unsigned kinds = asks_of(items[it]);
          if (!s.opens_paragraph || sharers[si].size() != 1 || !usable(s) || s.acknowledges ||
              s.promises || we_ask(s) || in_inline_block(si) || used.count(s.text) ||
              (kinds && !(s.gives & kinds)) || names_only(items[it], s))
            continue;
          answer(g, s.text);
        }
    }

    // A reply sentence without a word of the question speaks of it only if at most one of its
    // words is not the answer's own (answer_words_*.txt: units, number words, "attached"...).
    // A question with no word of its own ("How much would all of that cost?") asks about what
    // came before it: any sentence is on its topic.
    auto on_topic = [&](const Item& item, const ReplySentence& s) {
      return item.stems.empty() || overlap(item.stems, s.stems) > 0 || words_of_its_own(s) <= 1;
    };

    // 8. A document asked for and handed over: an attachment whose file name names the
    //    request's topic ("contrat-signe.pdf" for « le contrat signé »), else a sentence that
    //    says it is attached, for the only such request of the message replied to (« Je vous
    //    envoie le devis demain » promises it).
    const ReplySentence* handed = nullptr;
    for (const ReplySentence& s : view.sentences)
      if (s.attached && !s.deferral && !s.asks && !s.promises && !handed) handed = &s;
    if (handed || !files.empty()) {
      std::vector<std::size_t> asked;  // items: open send requests of the message replied to
      for (std::size_t g : open)
        for (std::size_t it : groups[g].items) {
          Item& item = items[it];
          if (item.message >= k || answered.count(g) || !(asks_of(item) & kDocument)) continue;
          std::optional<std::string> named;
          for (const auto& [name, stems] : files)
            if (!named && overlap(item.stems, stems) > 0) named = name;
          if (named) {
            answer(g, handed ? handed->text + " [" + *named + "]" : "[" + *named + "]");
          } else if (target && item.message == *target &&
                     std::none_of(asked.begin(), asked.end(),
                                  [&](std::size_t other) { return items[other].group == g; })) {
            asked.push_back(it);
          }
        }
      // "Please find attached our terms of sale" hands over something else than the invoice.
      // A sentence already the answer to another question hands this document over only if
      // it names it by a word of its own: "Supplier form filled in and attached", the answer
      // to "Could you fill in our supplier form?", does not hand over "the insurance
      // certificate before I can set you up as a supplier"; "Card is fine. Invoice INV-4471
      // is attached" hands over the invoice.
      auto names_it_apart = [&](std::size_t it, const ReplySentence& s) {
        for (const std::string& w : items[it].stems) {
          if (overlap({w}, s.stems) == 0) continue;
          bool theirs = false;
          for (const auto& [og, evidence] : answered) {
            if (og == items[it].group || without_answer_arrow(evidence) != s.text) continue;
            for (std::size_t other : groups[og].items)
              theirs = theirs || overlap({w}, items[other].stems) > 0;
          }
          if (!theirs) return true;
        }
        return false;
      };
      if (handed && !forgot_files && asked.size() == 1 && on_topic(items[asked.front()], *handed) &&
          (!used_evidence().count(handed->text) || names_it_apart(asked.front(), *handed)))
        answer(items[asked.front()].group,
               files.empty() ? handed->text : handed->text + " [" + files.front().first + "]");
    }

    // 9. "Quel est le délai ?" answered by « Comptez deux semaines. », "What time?" by
    //    "Between 9 and 11.", "How much?" by "$1,400.": the first sentence that gives what the
    //    question asks for, when only one open question of the message replied to asks it.
    //    A later paragraph of an in-line block answers it too when the reply did not quote it
    //    ("> ...toughened glass?" / "Yes, ..." / "I can come Tuesday 10th at 9.30." for the
    //    unquoted "Let me know what days you have free next week").
    //    A sentence that already answered another question is not reused, and one that speaks
    //    of something else ("Shipping is free for orders over $500" for the price of a table:
    //    no word of the question, and more than one word that is not the answer's own,
    //    answer_words_*.txt) is not the answer. An address or a link says where by itself, and
    //    so does a sentence that opens with the answer ("$120, payable on delivery.").
    if (target) {
      std::set<std::string_view> used = used_evidence();
      for (unsigned kind : {kTime, kAmount, kPlace, kCount, kSize, kColour, kSlot, kConfirm}) {
        std::optional<std::size_t> asking;  // the one open question of the target that asks it
        bool several = false;
        for (std::size_t g : open) {
          if (answered.count(g) || deferred.count(g)) continue;  // put off in this very reply
          for (std::size_t it : groups[g].items)
            if (items[it].message == *target && (asks_of(items[it]) & kind)) {
              several = several || asking.has_value();
              asking = it;
              break;
            }
        }
        if (!asking || several) continue;
        // "Quels sont vos tarifs ?", "What are your rates?": its only words name the kind of
        // answer, so whatever the reply prices is its topic ("À partir de 4 900 € pour
        // l'organisation complète").
        const bool names_only_its_kind =
            !items[*asking].stems.empty() &&
            std::all_of(items[*asking].stems.begin(), items[*asking].stems.end(),
                        [&](const std::string& w) {
                          auto kn = kind_noun_stems_.find(w);
                          return kn != kind_noun_stems_.end() && (kn->second & kind);
                        });
        for (std::size_t si = 0; si < view.sentences.size(); ++si) {
          const ReplySentence& s = view.sentences[si];
          // A slot asked for ("Can he be seen this week?") is answered by a slot offered on a
          // day or at an hour ("Dr Hallam has a free slot on Wednesday at 4:20pm"), whatever
          // else that sentence says.
          const bool slot = kind == kSlot;
          if (slot && !(s.gives & kTime)) continue;
          // A day offered may answer "when" and "can it be a Saturday?" at once.
          if ((s.gives & kind) && usable(s) &&
              (!s.acknowledges || (kind == kTime && s.hour_after_comma)) &&
              !inline_answer.count(si) &&
              (!used.count(without_answer_arrow(s.text)) || (slot && !s.days.empty())) &&
              (on_topic(items[*asking], s) || names_only_its_kind ||
               ((!inline_rest.count(si) || !quoted_items.count(*asking)) &&
                (kind == kPlace || slot || (s.gives_first & kind))))) {
            answer(items[*asking].group, s.text);
            break;
          }
        }
      }
    }

    // 9c. A question an earlier reply put off ("For the price, it really depends on how many
    //     extractions are needed ... I'll come back to you on that") is answered by the first
    //     sentence of a later reply that gives what it asks for ("Estimate attached: £380–£520"),
    //     when no other open question put off, nor one of the message replied to, asks for it.
    {
      std::set<std::string_view> used = used_evidence();
      for (unsigned kind : {kTime, kAmount, kPlace, kCount, kSize, kColour, kSlot}) {
        std::optional<std::size_t> asking;  // the group put off that asks it
        bool several = false;
        for (std::size_t g : open) {
          if (groups[g].answered || answered.count(g) || deferred.count(g)) continue;
          for (std::size_t it : groups[g].items) {
            if (items[it].message >= k || !(asks_of(items[it]) & kind)) continue;
            if (groups[g].put_off) {
              several = several || asking.has_value();
              asking = g;
            } else if (target && items[it].message == *target) {
              several = true;
            }
            break;
          }
        }
        if (!asking || several) continue;
        for (std::size_t si = 0; si < view.sentences.size(); ++si) {
          const ReplySentence& s = view.sentences[si];
          if (kind == kSlot && !(s.gives & kTime)) continue;
          if ((s.gives & kind) && usable(s) && !s.acknowledges && !inline_answer.count(si) &&
              !used.count(without_answer_arrow(s.text)) &&
              (!inline_rest.count(si) || on_topic(items[groups[*asking].items.front()], s))) {
            answer(*asking, s.text);
            break;
          }
        }
      }
    }

    // 9b. A short follow-up on the question before it ("Do you do small printed albums? How much
    //     would it be?", « Est-ce qu'on peut y ajouter un album ? Quel serait le prix ? ») is
    //     answered by the sentence that answered that question, when it gives what the
    //     follow-up asks for ("yes, I offer 8x8 parent albums with 20 pages, they're £180
    //     each").
    for (std::size_t i = 1; i < items.size(); ++i) {
      Item& item = items[i];
      const Item& before = items[i - 1];
      if (item.message >= k || before.message != item.message ||
          before.ordinal + 1 != item.ordinal || groups[item.group].answered ||
          answered.count(item.group) || item.group == before.group ||
          (item.stems.size() > 1 && item.stems != before.stems))
        continue;
      auto held = answered.find(before.group);
      const unsigned kinds = asks_of(item) & (kTime | kAmount | kCount | kSize);
      if (held == answered.end() || !kinds) continue;
      // In the same paragraph: after a blank line, "When could I start?" is a question of its
      // own.
      const Analysis& a = *thread.messages[item.message].analysis;
      const Question& prev = a.questions[before.question];
      const Question& next = a.questions[item.question];
      if (prev.end > next.start) continue;
      std::string_view between = std::string_view(a.text).substr(prev.end, next.start - prev.end);
      bool blank_line = false;
      for (std::size_t nl = between.find('\n'); nl != std::string_view::npos && !blank_line;) {
        const std::size_t next = between.find('\n', nl + 1);
        if (next == std::string_view::npos) break;
        blank_line = trim(between.substr(nl + 1, next - nl - 1)).empty();
        nl = next;
      }
      if (blank_line) continue;
      for (const ReplySentence& s : view.sentences)
        if ((s.gives & kinds) && held->second.find(s.text) != std::string::npos) {
          answer(item.group, held->second);
          break;
        }
    }

    if (target) {
      auto target_open = [&] {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < items.size(); ++i)
          if (items[i].message == *target && !groups[items[i].group].answered &&
              !answered.count(items[i].group))
            out.push_back(i);
        return out;
      };
      // by_line: a reply written a line per answer, without blank lines between them.
      auto in_order =
          [&](const ReplyView& v, std::size_t message,
              bool by_line) -> std::optional<std::vector<std::pair<std::size_t, std::string>>> {
        // The questions of the message with a topic of their own, open before this reply.
        std::vector<std::size_t> asked;
        for (std::size_t i = 0; i < items.size(); ++i)
          if (items[i].message == message && !items[i].stems.empty() &&
              !groups[items[i].group].answered &&
              std::none_of(asked.begin(), asked.end(),
                           [&](std::size_t o) { return items[o].group == items[i].group; }))
            asked.push_back(i);
        if (asked.size() < 2) return std::nullopt;
        // The paragraphs of the new text that say something: not a greeting, thanks or a
        // sign-off; none when it asks a question back. A paragraph that only promises or puts
        // off ("I'll send you the options with the quote") holds its rank and answers nothing;
        // one that also says something ("The excess is £1,250. I'll send you the options for
        // reducing it.") answers with what it says.
        std::vector<std::vector<std::size_t>> paragraphs;
        bool fresh = true;
        for (std::size_t si = 0; si < v.new_text_sentences; ++si) {
          const ReplySentence& s = v.sentences[si];
          // By line, a line after one that ends in ':' goes on with it ("You can pay here:\n
          // https://...").
          if (si == 0 || s.opens_paragraph ||
              (by_line && s.opens_line && v.sentences[si - 1].text.back() != ':'))
            fresh = true;
          if (s.asks) return std::nullopt;
          // A sentence that answered a question of another message only ("As for the group
          // work later on, there's a lay-by next to the gate") holds its rank and answers
          // nothing here, as a promise does.
          bool of_this = false, of_another = false;
          for (const auto& [g, evidence] : answered)
            if (without_answer_arrow(evidence).find(s.text) != std::string::npos)
              (std::any_of(groups[g].items.begin(), groups[g].items.end(),
                           [&](std::size_t o) { return items[o].message == message; })
                   ? of_this
                   : of_another) = true;
          const bool answers_another = of_another && !of_this;
          if (((s.deferral || s.promises) && !s.acknowledges) || answers_another) {
            if (fresh) paragraphs.emplace_back();
            fresh = false;
            continue;
          }
          // A line of a few words without a yes or no is a name or a closing ("Tom", « L'équipe
          // de l'atelier »), whatever the sign-off check knew of the sender's name.
          if (!usable(s) || s.acknowledges || s.salutation || in_inline_block(si) ||
              (s.stems.empty() && !s.yes_no) || (s.short_line && !s.yes_no))
            continue;
          if (fresh) paragraphs.emplace_back();
          fresh = false;
          paragraphs.back().push_back(si);
        }
        // A closing promise after the answers ("Je reviens vers vous d'ici fin mars avec le
        // projet de liasse.") holds no question's rank when there is one paragraph too many.
        while (paragraphs.size() > asked.size() && paragraphs.back().empty()) paragraphs.pop_back();
        // The rank of each question: its own, or, when the client put several questions on one
        // line ("je peux payer par cheque ou pas ? il faut un acompte ?") and the reply has a
        // paragraph for each line, its line's.
        std::vector<std::size_t> rank(asked.size());
        for (std::size_t n = 0; n < asked.size(); ++n) rank[n] = n;
        const bool by_lines_of_questions = paragraphs.size() != asked.size();
        if (by_lines_of_questions) {
          std::size_t lines = 0;
          for (std::size_t n = 0; n < asked.size(); ++n) {
            if (n > 0 && items[asked[n]].line != items[asked[n - 1]].line) ++lines;
            rank[n] = lines;
          }
          while (paragraphs.size() > lines + 1 && paragraphs.back().empty()) paragraphs.pop_back();
          if (lines == 0 || lines + 1 == asked.size() || paragraphs.size() != lines + 1)
            return std::nullopt;
        }
        std::vector<std::pair<std::size_t, std::string>> out;
        for (std::size_t n = 0; n < asked.size(); ++n) {
          const std::vector<std::size_t>& para = paragraphs[rank[n]];
          auto held = answered.find(items[asked[n]].group);
          if (held != answered.end()) {
            // Answered above: by a sentence of its own paragraph, or the order is not the
            // questions' order.
            if (std::none_of(para.begin(), para.end(), [&](std::size_t si) {
                  return held->second.find(v.sentences[si].text) != std::string::npos;
                }))
              return std::nullopt;
            continue;
          }
          if (para.empty()) continue;
          Item& item = items[asked[n]];
          const ReplySentence& first = v.sentences[para.front()];
          const unsigned kinds = asks_of(item);
          // Matched by lines, a paragraph must speak of the first question of its line (a
          // word of it, the kind of answer it asks for, or a yes or no to it); the questions
          // after it on that line follow it there (« je peux payer par cheque ou pas ? il faut
          // un acompte ? » -> « Concernant le règlement : chèque accepté, avec 30 % à la
          // commande »).
          const bool first_of_line = n == 0 || rank[n - 1] != rank[n];
          bool speaks =
              by_lines_of_questions && first_of_line ? item.yes_no && first.yes_no : !kinds;
          for (std::size_t si : para)
            speaks = speaks || overlap(item.stems, v.sentences[si].stems) > 0 ||
                     (v.sentences[si].gives & kinds);
          // "How much?" takes a paragraph that gives a sum.
          if (kinds & kAmount)
            speaks = std::any_of(para.begin(), para.end(), [&](std::size_t si) {
              return !prices_nothing(item, v.sentences[si]);
            });
          // "How long?" does not take a paragraph that only prices things.
          if (speaks && kinds == kTime)
            speaks = !std::all_of(para.begin(), para.end(), [&](std::size_t si) {
              return times_nothing(item, v.sentences[si]);
            });
          if (!speaks || promised_only(item, first)) return std::nullopt;
          std::string evidence = first.text;
          if (bare_yes_no(first) && para.size() > 1) evidence += " " + v.sentences[para[1]].text;
          out.emplace_back(asked[n], std::move(evidence));
        }
        return out;
      };
      bool answered_target = std::any_of(answered.begin(), answered.end(), [&](const auto& a) {
        for (std::size_t it : groups[a.first].items)
          if (items[it].message == *target) return true;
        return false;
      });
      // 5. "Oui, ..." / "Yes, ...": the first open yes/no question of the message replied to.
      // (An evidence may join a bare "No, we don't." to the sentence after it.)
      auto used_as_answer = [&](const ReplySentence& s) {
        return std::any_of(answered.begin(), answered.end(), [&](const auto& a) {
          return without_answer_arrow(a.second).find(s.text) != std::string::npos;
        });
      };
      for (std::size_t si = 0; si < view.sentences.size(); ++si) {
        const ReplySentence& s = view.sentences[si];
        // It opens the reply, a block or a paragraph, stands alone on its line ("Confirmed." below
        // an answer to the question before), or follows the answer to the question before ("We do,
        // in navy. It is, and I can reserve it." answer two questions in turn). "Yes to both"
        // speaks for several questions or, of a message of three, for none.
        if (!s.yes_no || s.all || s.deferral || s.asks || in_inline_block(si)) continue;
        if (!(s.opens_block || (s.opens_paragraph && bare_yes_no(s)) || s.short_line ||
              (si > 0 && used_as_answer(view.sentences[si - 1]))))
          continue;
        // "Yes, we deliver to Albany." already answered "Do you deliver to Albany?" by its
        // topic: its "Yes" is not also the answer to the next yes/no question.
        if (used_as_answer(s)) continue;
        // "Yes, we do. They are on Saturday mornings.": the sentence after a bare yes in its
        // paragraph says more of the same answer, not the answer to the next question.
        std::string evidence = s.text;
        // (Not one that answered another question: « La journée est à 240 €. »)
        if (bare_yes_no(s) && si + 1 < view.sentences.size() && substance(view.sentences[si + 1]) &&
            !view.sentences[si + 1].opens_paragraph && !view.sentences[si + 1].opens_block &&
            !used_as_answer(view.sentences[si + 1]))
          evidence += " " + view.sentences[si + 1].text;
        // A request for a document is answered by the document, not by a yes (« Avec plaisir »
        // to « Pourriez-vous m'envoyer vos tarifs associatifs ? » promises it).
        for (std::size_t it : target_open())
          if (items[it].yes_no && !(asks_of(items[it]) & kDocument)) {
            answer(items[it].group, evidence);
            answered_target = true;
            break;
          }
      }
      // "Done." / « C'est fait. » / "We've taken care of it.": the requests of the message
      // replied to were carried out (its questions still want their answers).
      for (std::size_t si = 0; si < view.sentences.size(); ++si) {
        const ReplySentence& s = view.sentences[si];
        if (!s.done || s.deferral || s.asks || in_inline_block(si)) continue;
        // « C'est fait : les options sont posées sur les deux lieux » says which request was
        // done: when its words name some of them, only those.
        // (What it names may be put as a question, « Pouvez-vous poser une option ? », and
        // already answered by this reply, by its words.)
        std::vector<std::size_t> requests;
        bool named = false;
        for (std::size_t it = 0; it < items.size(); ++it) {
          const Item& item = items[it];
          if (item.message != *target || groups[item.group].answered) continue;
          named = named || overlap(item.stems, s.stems) > 0;
          if (!answered.count(item.group) &&
              thread.messages[item.message].analysis->questions[item.question].kind == "request")
            requests.push_back(it);
        }
        for (std::size_t it : requests) {
          if (named && overlap(items[it].stems, s.stems) == 0) continue;
          answer(items[it].group, s.text);
          answered_target = true;
        }
      }
      // A nudge that asks an earlier question again ("Any news?" after "could you send me the
      // assembly instructions?") is answered with that question, not by whatever answers its
      // own message, and does not count among its message's questions.
      auto asks_an_earlier_one = [&](const Item& item) {
        return item.stems.empty() &&
               std::any_of(groups[item.group].items.begin(), groups[item.group].items.end(),
                           [&](std::size_t o) {
                             return items[o].message < item.message && !items[o].stems.empty();
                           });
      };
      // 6. The only open question of the message replied to, answered with substance: a
      //    sentence that answered nothing else.
      std::vector<std::size_t> remaining;
      for (std::size_t it : target_open())
        if (!asks_an_earlier_one(items[it])) remaining.push_back(it);
      const ReplySentence* substance = nullptr;
      // A sentence of ours that asks the client for something ("Please send us a photo of the
      // dishwasher label") answers only a question about what the client should do.
      const bool advice = remaining.size() == 1 && items[remaining.front()].asks_advice;
      for (std::size_t si = 0; si < view.sentences.size() && !substance; ++si)
        if (usable(view.sentences[si]) && view.sentences[si].stems.size() >= 3 &&
            (advice || !we_ask(view.sentences[si])) && !view.sentences[si].acknowledges &&
            !view.sentences[si].promises && !view.sentences[si].attached && !in_inline_block(si) &&
            !used_as_answer(view.sentences[si]))
          substance = &view.sentences[si];
      // A question that asks for a kind of answer (when, how much, where, how many, how big, a
      // document) is answered by a sentence of substance only when that sentence speaks of it:
      // a word of the question, or an answer of that kind on topic. "Shipping is free for orders
      // over $500" does not price the oak table, « Notre atelier sera fermé du 1er au 15 août »
      // does not say when the table comes, "Please find attached our terms of sale" does not
      // hand over the invoice, and news of the spring collection answers none of them.
      auto speaks_of = [&](Item& item, const ReplySentence& s) {
        if (promised_only(item, s)) return false;
        unsigned kinds = asks_of(item);
        if (!kinds || overlap(item.stems, s.stems) > 0) return true;
        return (s.gives & kinds) != 0 && on_topic(item, s);
      };
      // Only in our first reply to that message: a second message of ours after it ("Suite à
      // ma visite de samedi, veuillez trouver ci-joint le devis") brings news of its own.
      const bool first_reply = std::none_of(
          thread.messages.begin() + static_cast<std::ptrdiff_t>(*target) + 1,
          thread.messages.begin() + static_cast<std::ptrdiff_t>(k), [&](const auto& m) {
            return m.analysis && m.analysis->direction == "out" && !m.analysis->internal;
          });
      // Not a sentence that speaks of another open question instead ("Le total : 685 $ + 180 $
      // … ça fait 994,53 $" names the total asked the day before, not whether the snow blower
      // is insured).
      auto speaks_of_another = [&](const Item& item, const ReplySentence& s) {
        if (overlap(item.stems, s.stems) > 0) return false;
        for (std::size_t g : open)
          for (std::size_t it : groups[g].items)
            if (g != item.group && items[it].message < k && !answered.count(g) &&
                overlap(items[it].stems, s.stems) > 0)
              return true;
        return false;
      };
      if (!answered_target && first_reply && remaining.size() == 1 && substance &&
          speaks_of(items[remaining.front()], *substance) &&
          !speaks_of_another(items[remaining.front()], *substance))
        answer(items[remaining.front()].group, substance->text);
      // 10. Answers in order, a paragraph each: as many paragraphs of substance as the message
      //     replied to has questions with a topic, those answered by the steps above each in the
      //     paragraph of its rank, answer the others by rank (« Proposez-vous des pièces
      //     végétariennes ? Pouvez-vous assurer le service ? Quand confirmer le nombre ? » ->
      //     « Notre carte comprend une douzaine de bouchées sans viande... » / « Deux maîtres
      //     d'hôtel peuvent assurer le service... » / « Nous aurons besoin de l'effectif final
      //     au plus tard le lundi 23 mars. »). A question that asks for a kind of answer takes
      //     its paragraph only if it shares a word or gives that kind.
      auto order = in_order(view, *target, false);
      if (!order) order = in_order(view, *target, true);
      if (order) {
        for (const auto& [it, evidence] : *order) {
          answer(items[it].group, evidence);
          answered_target = true;
        }
      }
      // 7. A request with no topic of its own ("Awaiting your reply", « Dans l'attente de
      //    votre réponse », "Thoughts?") asks for a reply, not for something in particular: a
      //    reply that answers another question of its message, or says something of substance,
      //    is that reply.
      if (answered_target || substance) {
        std::string evidence;
        if (substance) {
          evidence = substance->text;
        } else {
          for (const auto& [g, text] : answered)
            for (std::size_t it : groups[g].items)
              if (items[it].message == *target && evidence.empty()) evidence = text;
        }
        // A closing formula that rides with the question before it (« 4) Quelles sont les
        // conditions d'annulation ? ... Dans l'attente de votre réponse ») waits for that
        // question's own answer.
        auto rides_with_a_question = [&](const Item& item) {
          return std::any_of(groups[item.group].items.begin(), groups[item.group].items.end(),
                             [&](std::size_t o) { return !items[o].stems.empty(); });
        };
        for (std::size_t it : target_open())
          if (items[it].stems.empty() && !evidence.empty() && !asks_an_earlier_one(items[it]) &&
              !rides_with_a_question(items[it]))
            answer(items[it].group, evidence);
      }
    }

    // 4b. A word of its own: a question still open whose topic word no other open question
    //     has, said in one sentence of the reply and no other, is answered by that sentence
    //     ("Les frais de déplacement sont-ils inclus (vous êtes à Dijon si j'ai bien compris) ?"
    //     -> « Le château est à moins de 50 km, il n'y a donc aucun supplément de déplacement. »),
    //     unless that sentence answered something else or fits another question better.
    {
      std::set<std::string_view> used = used_evidence();
      for (std::size_t g : open) {
        if (answered.count(g)) continue;
        std::optional<std::size_t> chosen;
        bool clear = true;
        for (std::size_t it : groups[g].items) {
          const Item& item = items[it];
          if (item.message >= k) continue;
          // Names ("Can Paul pick me up from work?") come back in replies that do not answer
          // ("you're booked in with Paul on Tuesdays"): a word written with a capital after
          // the question's first word is no word of its own.
          std::optional<std::vector<std::string>> names;  // read when first needed
          auto a_name = [&](const std::string& w) {
            if (!names) {
              names.emplace();
              // The question's words as written, capitals kept.
              const std::vector<std::string> written = split_words(
                  thread.messages[item.message].analysis->questions[item.question].text);
              for (std::size_t i = 1; i < written.size(); ++i)
                if (std::isupper(static_cast<unsigned char>(written[i].front())))
                  for (std::string& n : topics_->of(written[i])) names->push_back(std::move(n));
            }
            return std::find(names->begin(), names->end(), w) != names->end();
          };
          // The words of the question before a condition or a cause ("... off the rent if
          // we're running heaters all day"): what comes after is the circumstance, not what
          // is asked.
          std::optional<std::vector<std::string>> asked_words;
          auto asked_word = [&](const std::string& w) {
            if (!asked_words) {
              std::vector<std::string> words = split_words(item.norm);
              for (std::size_t i = 1; i < words.size(); ++i)
                if (aside_openers_.count(words[i])) {
                  words.resize(i);
                  break;
                }
              // The verb asked for right after "you" or "to" ("Would you be able to recommend
              // builders?", "Can you set it up?"): said again in a reply, it names no topic.
              std::vector<std::string> kept;
              for (std::size_t i = 0; i < words.size(); ++i)
                if (i == 0 || (words[i - 1] != "you" && words[i - 1] != "to" &&
                               words[i - 1] != "vous" && words[i - 1] != "u"))
                  kept.push_back(words[i]);
              asked_words = topics_->of_words(kept);
            }
            return std::find(asked_words->begin(), asked_words->end(), w) != asked_words->end();
          };
          auto has = [](const std::vector<std::string>& stems, const std::string& w) {
            return std::any_of(stems.begin(), stems.end(),
                               [&](const std::string& v) { return same_stem(w, v); });
          };
          for (const std::string& w : item.stems) {
            // The sentences that say it (most words are said in none) ...
            std::vector<std::size_t> saying;
            for (std::size_t si = 0; si < view.sentences.size(); ++si)
              if (has(view.sentences[si].stems, w)) saying.push_back(si);
            if (saying.empty() || a_name(w) || !asked_word(w)) continue;
            // ... when no other open question has it.
            bool shared_elsewhere = false;
            for (std::size_t og : open) {
              if (og == g || shared_elsewhere) continue;
              for (std::size_t o : groups[og].items)
                shared_elsewhere = shared_elsewhere || has(items[o].stems, w);
            }
            if (shared_elsewhere) continue;
            for (std::size_t si : saying) {
              if (chosen && *chosen != si) clear = false;
              chosen = si;
            }
          }
        }
        if (!chosen || !clear) continue;
        const ReplySentence& s = view.sentences[*chosen];
        Item& item = items[groups[g].items.front()];
        const std::string_view end = trim(s.text);
        if (end.empty() || (end.back() != '.' && end.back() != '!') ||
            split_words(s.text).size() < 4 || s.stems.size() < 3 || s.short_line)
          continue;
        // A sentence that asks the client for something (« Merci de vous munir de votre carte
        // d'assurance ») does not answer by a word it shares.
        if ((we_ask(s) && !item.asks_advice) || !usable(s) || s.acknowledges || s.promises ||
            inline_answer.count(*chosen) || used.count(s.text) || promised_only(item, s) ||
            prices_nothing(item, s) ||
            (sentence_best[*chosen] > 0 && items[sentence_best_item[*chosen]].group != g))
          continue;
        answer(g, s.text);
        used.insert(s.text);
      }
    }

    for (std::size_t g : deferred) groups[g].put_off = true;
    for (const auto& [g, evidence] : answered) {
      groups[g].answered = true;
      groups[g].by = tm.analysis->id;
      groups[g].evidence = evidence;
    }
  }

  for (const Group& group : groups) {
    if (group.answered) {
      for (std::size_t it : group.items) {
        Question& q = thread.messages[items[it].message].analysis->questions[items[it].question];
        (group.withdrawn ? q.withdrawn_by : q.answered_by) = group.by;
        q.answer_evidence = group.evidence;
      }
      continue;
    }
    const Item& first = items[group.items.front()];
    const ThreadMessage& tm = thread.messages[first.message];
    const Question& q = tm.analysis->questions[first.question];
    OpenQuestion open;
    open.message_id = tm.analysis->id;
    open.text = q.text;
    open.kind = q.kind;
    open.start = q.start;
    open.end = q.end;
    std::set<std::size_t> asking;  // two sentences of one message ask it once
    for (std::size_t it : group.items) asking.insert(items[it].message);
    open.times_asked = static_cast<int>(asking.size());
    thread.open_questions.push_back(std::move(open));
  }
}

}  // namespace courtois::questions
