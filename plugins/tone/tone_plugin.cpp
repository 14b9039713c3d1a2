/***MODULE tone
 * Detects the tone of a client's message, in French and English: calm, tense or hostile, how
 * hostile (0..1) and how polite (-1..1), with the phrases that make it so.
 *
 * Rule files (rules/tone/):
 *   model.json               categories, hostility thresholds, modifier factors, shouting;
 *   politeness_weights.json  the politeness model (log-odds per strategy), fitted by
 *                            tools/tone/fit_politeness.py;
 *   en.json, fr.json         one record per pattern: symbol, category, folded regex or word
 *                            list, hostility points, negation; modifiers (negators,
 *                            intensifiers, downtoners);
 *   *.txt                    word lists named by rules (insults, profanity, lexicons).
 *
 * Symbols: TONE_INSULT, TONE_CONTEMPT, TONE_PROFANITY, TONE_THREAT_* (LAWYER, CANCEL, REVIEW,
 * COMPETITOR, LAST_WARNING), TONE_ULTIMATUM*, TONE_PRESSURE*, TONE_SARCASM, TONE_ACCUSATION*,
 * TONE_FRUSTRATION*, TONE_SHOUTING, TONE_EXCLAMATION_RUN, TONE_QUESTION_RUN, and the
 * politeness strategies of Danescu-Niculescu-Mizil et al. (2013): TONE_GREETING,
 * TONE_GRATITUDE, TONE_DEFERENCE, TONE_PLEASE, TONE_APOLOGY, TONE_HEDGE,
 * TONE_INDIRECT_REQUEST, TONE_FIRST_PERSON_PLURAL, TONE_DIRECT_QUESTION, TONE_FACTUALITY, ...
 * (the rule files are the full list).
 *
 * Hostile needs strong evidence (a threat, an insult, profanity, contempt, or several kinds of
 * aggression together): calling a firm but polite client hostile is the costliest error.
 */
#include <memory>

#include "courtois/plugin.hpp"
#include "tone_analyser.hpp"

namespace courtois {

namespace {

class TonePlugin final : public Plugin {
 public:
  std::string_view name() const override { return "tone"; }
  std::string_view description() const override {
    return "tone: calm, tense or hostile, politeness, and the phrases that make it so";
  }
  std::vector<RuleError> configure(const RuleSet& rules) override {
    return analyser_.configure(rules);
  }
  void analyse(const Message& message, Analysis& out) const override {
    tone::ToneResult result = analyser_.analyse(message.new_text, message.lang);
    out.tone = std::move(result.tone);
  }

 private:
  tone::ToneAnalyser analyser_;
};

}  // namespace

std::unique_ptr<Plugin> make_tone_plugin() {
  return std::make_unique<TonePlugin>();
}

}  // namespace courtois
