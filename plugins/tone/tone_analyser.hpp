// The tone analyser behind the `tone` plugin, usable on its own (evaluation, benchmarks, the
// weight-fitting tool): configured from rules/tone/, it scores a text in French or English.
//
// See tone_plugin.cpp for what it detects and which rule files feed it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/analysis.hpp"
#include "courtois/rules.hpp"

namespace courtois::tone {

struct ToneResult {
  Tone tone;
  std::string lang;  // the rule set that was applied ("fr" or "en")
  // Politeness features (symbol of a politeness strategy, or "@<category>" for an aggressive
  // category) -> value (1, or the intensity factor of its strongest occurrence). These are the
  // inputs of the politeness model; tools/tone/fit_politeness.py fits their weights. Filled
  // only when asked for (analyse's `with_features`): the plugin has no use for them.
  std::map<std::string, double> features;
  double hostility_points = 0;  // the raw sum behind `hostility`
};

class ToneAnalyser {
 public:
  ToneAnalyser();
  ~ToneAnalyser();
  ToneAnalyser(ToneAnalyser&&) noexcept;
  ToneAnalyser& operator=(ToneAnalyser&&) noexcept;

  // Reads and validates rules/tone/. Returns every problem found; the analyser is usable only
  // when none was returned.
  std::vector<RuleError> configure(const RuleSet& rules);
  bool ready() const;

  // `lang` "fr" or "en" picks that rule set; anything else picks by evidence (the language
  // whose rules find more, English on a tie). `with_features` also fills ToneResult::features.
  ToneResult analyse(std::string_view text, std::string_view lang,
                     bool with_features = false) const;

  std::vector<std::string> languages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace courtois::tone
