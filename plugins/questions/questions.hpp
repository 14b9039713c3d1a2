// questions: direct questions and indirect requests of one message, and, in a thread, which
// later outgoing message answered each of them.
//
// Rule files (rules/questions/):
//   requests_en.json, requests_fr.json  cue patterns of one language, matched in texts of that
//       language or of unknown language; requests_all.json  cues of every language (the question
//       mark). One record each: symbol, kind
//       (question | request | not), pattern (over folded text), weight, at (anywhere | start |
//       end), description. A sentence whose cue weights sum to the threshold or more is a
//       question or request; "not" records carry negative weights (boilerplate such as "let me
//       know if you have any questions", rhetorical complaints, unsubscribe footers).
//   settings.json                       threshold.
//   lead_in_en.txt, lead_in_fr.txt      words that may precede a sentence-start cue ("and",
//       "so", "alors"...).
//   conditions_en.txt, conditions_fr.txt  words that open a conditional clause a sentence-start
//       cue may follow after its comma ("If the figures change, send me the file").
//   clause_openers_en.txt, clause_openers_fr.txt  words that, after a comma, open a new clause
//       however long the first ("I'm out all week, just call Joann").
//   *.txt lists named in patterns as {list:NAME} (imperative verbs...).
//   answers.json                        answer markers: ordinal ("pour votre deuxième
//       question"), topic ("regarding", "concernant"), deferral ("we'll look into it"),
//       yes/no openers.
//   topic_stopwords_en.txt, topic_stopwords_fr.txt  words that never show a topic.
//
// Symbols: the symbol of the strongest cue of each question (Q_EN_CAN_YOU, Q_QUESTION_MARK...).
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "courtois/analysis.hpp"
#include "courtois/matcher.hpp"
#include "courtois/plugin.hpp"
#include "courtois/rules.hpp"
#include "courtois/text.hpp"

namespace courtois::questions {

// Content words of a text for topic matching: folded, light-stemmed, stop words removed.
class TopicWords {
 public:
  // The stop words (topic_stopwords_*.txt, required) and synonym groups (topic_synonyms.txt) of
  // a rule set: one instance serves the detector and the answer matcher.
  static TopicWords load(const RuleSet& rules, std::vector<RuleError>& errors);
  void add_stopwords(const ListFile& list);
  // One group of words that name the same thing per line ("refund reimbursement
  // remboursement"): each word reads as the group's first, so a reply that restates the topic
  // in other words still names it.
  void add_synonyms(const ListFile& list);
  std::vector<std::string> of(std::string_view text) const;
  std::vector<std::string> of_words(const std::vector<std::string>& folded_words) const;
  static std::string stem(std::string_view folded_word);

 private:
  std::unordered_set<std::string> stopwords_;
  std::unordered_map<std::string, std::string> canonical_;  // stem -> its group's first stem
};

// Text-message shorthand and what it stands for ("vs", "vous"), sorted by shorthand.
using ShorthandList = std::vector<std::pair<std::string, std::string>>;

// Finds the questions and requests of a text, one per sentence at most.
class RequestDetector {
 public:
  std::vector<RuleError> configure(const RuleSet& rules, std::shared_ptr<const TopicWords> topics);
  std::vector<Question> detect(std::string_view text, std::string_view lang) const;

  // Why each sentence with a cue is, or is not, a question or request: every cue counted in
  // it (each once) and their sum against the threshold (questions_eval --cues).
  struct SentenceCues {
    Span span;
    double sum = 0;
    bool detected = false;
    bool carried_by_next = false;      // a chaser whose ask the next sentence makes: not counted
    bool carried_by_previous = false;  // a chaser naming nothing after a question: not counted
    std::vector<std::string> symbols;  // in the order they were matched
  };
  std::vector<SentenceCues> cues(std::string_view text, std::string_view lang) const;
  double threshold() const { return threshold_; }

 private:
  struct Score {
    double sum = 0;
    int best = -1;
    std::vector<unsigned> seen;  // cues counted in this sentence: a handful
    bool tail_known = false;
    std::size_t last_alnum = 0;  // one past the sentence's last letter or digit (folded)
    bool unpunctuated = false;   // its last character, white space aside, is a letter or digit
  };
  // The cues of each sentence that has one, by sentence index into `sents`.
  std::vector<std::pair<std::size_t, Score>> score_sentences(std::string_view text,
                                                             std::string_view lang,
                                                             std::vector<Span>& sents) const;
  enum class At { anywhere, start, end };
  struct Cue {
    std::string symbol, kind, description, rule;
    std::string lang;  // of its file (requests_en.json); empty: every language
    double weight = 0;
    At at = At::anywhere;
    // "I still haven't received the quote." chases what the next sentence may ask for itself
    // ("Could you send it today?"): then the two are one request, the one that asks.
    bool chaser = false;
    // Counts only in a sentence that ends with no punctuation at all, as a text message does:
    // « vous pouvez venir demain » asks, « Vous pouvez venir demain. » tells.
    bool unpunctuated = false;
  };
  bool passes(const Score& score) const { return score.best >= 0 && score.sum >= threshold_; }
  // Whether the sentence at `k` of `scores` is a chaser whose ask the very next sentence makes:
  // that sentence is a question or request too, and it refers back to the chaser (a pronoun of
  // back_references_*.txt, « me l'envoyer », "When will it be issued?") or shares a content word
  // with it ("... the refund. When will the refund be issued?"). "Also, do you deliver on
  // Saturdays?" after "I still haven't received my refund" asks something else.
  bool carried_by_next(std::string_view text, const std::vector<Span>& sents,
                       const std::vector<std::pair<std::size_t, Score>>& scores,
                       std::size_t k) const;
  bool refers_back(std::string_view chaser, std::string_view next) const;
  // Whether the sentence at `k` is a chaser that names nothing right after a question or
  // request of its paragraph, which it only presses: « …, c'était possible ou non ? On n'a
  // jamais eu de réponse. », "Is the refund through? I still haven't received anything."
  bool carried_by_previous(std::string_view text, const std::vector<Span>& sents,
                           const std::vector<std::pair<std::size_t, Score>>& scores,
                           std::size_t k) const;
  struct LanguageSet {
    std::string lang;
    PatternSet patterns;  // the cues of this language and of every language
  };
  bool lead_in_only(std::string_view folded_prefix) const;
  // Cue matches of a folded text: those of its language's set, or of every set when the
  // language has none.
  std::vector<Match> scan(std::string_view folded, std::string_view lang) const;

  std::vector<Cue> cues_;
  std::vector<LanguageSet> sets_;
  std::unordered_set<std::string> lead_ins_;
  std::unordered_set<std::string> conditions_;      // open a clause before a start cue: "if"
  std::unordered_set<std::string> clause_openers_;  // after a comma, a new clause: "so", "just"
  // back_references_*.txt: one word ("it") or two ("me l'": a final apostrophe matches any word
  // that starts with it, « l'envoyer »).
  std::vector<std::vector<std::string>> back_refs_;
  // shorthand_LANG.txt by language: text-message words written out before matching.
  struct Shorthand {
    ShorthandList words;  // sorted by shorthand
    std::size_t longest = 0;
  };
  std::unordered_map<std::string, Shorthand> shorthand_;
  std::shared_ptr<const TopicWords> topics_ = std::make_shared<const TopicWords>();
  double threshold_ = 1.0;
};

// Links the questions of incoming messages to the outgoing messages that answer them.
class AnswerMatcher {
 public:
  std::vector<RuleError> configure(const RuleSet& rules, std::shared_ptr<const TopicWords> topics);
  void match(ThreadAnalysis& thread) const;

  // attached: a reply sentence that hands something over ("ci-joint", "here it is");
  // acknowledges: a reply sentence that opens with thanks or a receipt ("Thank you for your
  // payment of $45"): its date or price is no answer;
  // asks: read in a client's question, what it asks for (answers.json send, asks_time,
  // asks_amount, asks_place, asks_count); gives: a reply sentence that gives that kind of answer
  // (gives_time, ...). Marker::kind says which. withdraws: read in a client's later message,
  // the client takes a question back ("Never mind about the invoice, I found it"). all: a reply
  // sentence answers every question of the message replied to ("Yes to both", « Oui aux deux »).
  // done: a reply sentence opens by saying what was asked is done ("Done.", « C'est fait. »).
  // promises: a reply sentence promises to send or prepare something ("I'll send the quote
  // tomorrow"): it does not hand over the document asked for. farewell: a short reply sentence
  // takes leave until a day ("See you Friday,"): a sign-off. accepts: read in a client's later
  // message, it takes up what our last message offered ("Thursday works for me"); with
  // kAcceptsNot, a word that keeps the sentence a question ("but", "could you"). names: a reply
  // sentence names its answer of that kind as such ("Our estimate is £1,400").
  enum class MarkerType {
    ordinal,
    topic,
    deferral,
    yes_no,
    attached,
    acknowledges,
    asks,
    gives,
    withdraws,
    all,
    done,
    promises,
    farewell,
    accepts,
    names
  };
  // The kinds of answer of asks / gives markers, as bits.
  static constexpr unsigned kDocument = 1, kTime = 2, kAmount = 4, kPlace = 8, kCount = 16,
                            kSize = 32, kColour = 64, kSlot = 128;
  // An asks marker of a question that says it is asked again ("You didn't mention
  // instalments", « C'est la deuxième fois que je pose la question »).
  static constexpr unsigned kAgain = 256;
  // A confirmation asked for ("Pouvez-vous nous confirmer la bonne réception ?") and given
  // (« Je vous confirme avoir reçu le contrat »).
  static constexpr unsigned kConfirm = 512;
  // The kind of a withdraws marker that takes back a whole earlier message ("Please disregard
  // my last email", « Ne tenez pas compte de mon précédent message »).
  static constexpr unsigned kWholeMessage = 1;
  // The kind of an accepts marker that keeps a sentence a question ("but", "could you").
  static constexpr unsigned kAcceptsNot = 1;
  // The kind of a deferral marker that only takes note (« Bien noté. », "Noted, thanks"): a
  // deferral unless its sentence names the day or hour it takes note of (« Mercredi 9h, c'est
  // noté. » accepts the slot proposed).
  static constexpr unsigned kNoted = 1;
  struct Marker {
    std::string symbol, rule;
    MarkerType type = MarkerType::topic;
    unsigned kind = 0;  // asks / gives: one of kDocument ... kSlot; withdraws: kWholeMessage;
                        // deferral: kNoted
    int index = 0;      // ordinal: 1-based question number
  };

 private:
  friend struct ReplyView;
  std::vector<Marker> markers_;
  PatternSet patterns_;             // markers read in replies
  PatternSet question_patterns_;    // send and asks_* markers, read in the client's questions
  PatternSet withdrawal_patterns_;  // withdraws and accepts markers, read in the client's later
                                    // messages
  std::shared_ptr<const TopicWords> topics_ = std::make_shared<const TopicWords>();
  std::unordered_set<std::string> yes_no_starts_;  // first words of yes/no questions
  std::unordered_set<std::string> wh_words_;       // open an open question: "what", « quand »
  // After a comma, open the clause that asks ("The original was too dark, so could you...",
  // « ..., donc pourriez-vous ») (clause_openers_*.txt, shared with the detector).
  std::unordered_set<std::string> clause_openers_;
  std::unordered_set<std::string>
      deadline_words_;  // "before", « avant »: the day after is a deadline
  // " that day ", « cette date »: the question asks about a day named before it
  // (day_references_*.txt, folded words between spaces).
  std::vector<std::string> day_references_;
  // Words by which a request points back to the sentence before it (« me la », "it"), shared
  // with the detector (back_references_*.txt): one or two folded words; a final ' matches any
  // word that starts with it.
  std::vector<std::vector<std::string>> back_references_;
  // Open a condition or a cause within a question ("if", « puisque »): the words after them
  // are its circumstance (aside_openers_*.txt).
  std::unordered_set<std::string> aside_openers_;
  // First words of a question asking what the client should do (advice_starts_*.txt), as
  // folded words: an instruction in our reply answers it.
  std::vector<std::vector<std::string>> advice_starts_;
  // Words that ask yes or no indirectly (indirect_yes_no_*.txt): "know whether", « savoir si ».
  std::vector<std::vector<std::string>> indirect_yes_no_;
  // Nouns that name a kind of answer after a topic marker ("In terms of timings", « Pour le
  // tarif ») (kind_nouns.txt): folded noun -> kind bit.
  std::unordered_map<std::string, unsigned> kind_nouns_;
  // The same nouns as topic stems of a question (TopicWords::of): stem -> kind bit.
  std::unordered_map<std::string, unsigned> kind_noun_stems_;
  // Topic stems that belong to a short answer itself (units, number words, "about", "left"):
  // the words a reply sentence may hold besides its answer and still be on the question's topic.
  std::unordered_set<std::string> answer_words_;
};

class QuestionsPlugin : public Plugin {
 public:
  std::string_view name() const override { return "questions"; }
  std::string_view description() const override {
    return "questions and requests, and whether a later reply answered them";
  }
  std::vector<RuleError> configure(const RuleSet& rules) override;
  void analyse(const Message& message, Analysis& out) const override;
  void analyse_thread(ThreadAnalysis& thread) const override;
  const RequestDetector& detector() const { return detector_; }

 private:
  RequestDetector detector_;
  AnswerMatcher answers_;
};

// Whether `words` (folded) hold one of `phrases` word for word, starting at a word no later
// than `last_start`; a phrase word ending in an apostrophe ("l'") matches any longer word it
// begins ("l'envoyer").
// Words are std::string or std::string_view.
template <class Word>
bool holds_phrase(const std::vector<Word>& words,
                  const std::vector<std::vector<std::string>>& phrases,
                  std::size_t last_start = std::numeric_limits<std::size_t>::max()) {
  auto same = [](std::string_view word, const std::string& entry) {
    if (!entry.empty() && entry.back() == '\'')
      return word.size() > entry.size() && word.substr(0, entry.size()) == entry;
    return word == entry;
  };
  for (std::size_t i = 0; i < words.size() && i <= last_start; ++i)
    for (const auto& phrase : phrases) {
      if (i + phrase.size() > words.size()) continue;
      bool all = true;
      for (std::size_t j = 0; j < phrase.size() && all; ++j) all = same(words[i + j], phrase[j]);
      if (all) return true;
    }
  return false;
}

// Reads the patterns of "/rules" of a JSON file, expanding {list:NAME} from the rule set's
// list files NAME.txt into folded alternations. Empty on error (reported in `errors`).
std::string expand_lists(const std::string& pattern, const RuleSet& rules, RuleReader& reader,
                         const std::string& pointer, bool& ok);

}  // namespace courtois::questions

namespace courtois {
std::unique_ptr<Plugin> make_questions_plugin();
}  // namespace courtois
