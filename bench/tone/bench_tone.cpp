// Tone on one 3 KB client message must take well under 100 µs on one core (issue 3). The
// messages mix calm, firm and hostile sentences so that every stage runs: the Hyperscan pass,
// modifiers, overlap resolution, shouting and scoring.
#include <benchmark/benchmark.h>

#include <string>

#include "courtois/rules.hpp"
#include "tone_analyser.hpp"

namespace {

using courtois::tone::ToneAnalyser;

const ToneAnalyser& analyser() {
  static const ToneAnalyser* a = [] {
    std::vector<courtois::RuleError> errors;
    auto rules =
        courtois::load_rule_set("tone", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
    auto* t = new ToneAnalyser();
    t->configure(rules);
    return t;
  }();
  return *a;
}

std::string repeat_to(const std::string& paragraph, std::size_t size) {
  std::string text;
  while (text.size() < size) text += paragraph;
  return text.substr(0, size);
}

const std::string kFrench = repeat_to(
    "Bonjour Madame Martin,\n\nJe me permets de vous relancer pour la troisième fois au sujet de "
    "la facture n° 2024-118 : le montant ne correspond pas au devis signé en mars. Pourriez-vous "
    "nous faire parvenir une facture rectifiée d'ici vendredi ? Comme d'habitude, personne ne "
    "répond au téléphone, et je ne suis pas du tout satisfait du suivi. Bravo pour votre "
    "réactivité… Nous attendons la livraison pour vendredi, comme convenu au contrat. Sans "
    "réponse sous 48h, nous serons contraints de transmettre le dossier à notre avocat. C'EST "
    "INADMISSIBLE !!! Merci de votre compréhension.\n\nCordialement,\nJean Dupont\n\n",
    3072);

const std::string kEnglish = repeat_to(
    "Hello Mark,\n\nThis is the third time I have asked about invoice 2024-118: the amount does "
    "not match the quote we signed in March. Could you please send a corrected invoice by "
    "Friday? As usual, nobody answers the phone, and I am not at all happy with the follow-up. "
    "Thanks for the quick reply... We expect the delivery on Friday, as agreed in the contract. "
    "If this is not resolved within 48 hours, we will forward the matter to our lawyer. THIS IS "
    "UNACCEPTABLE!!! Thank you for your understanding.\n\nBest regards,\nJohn Smith\n\n",
    3072);

void BM_ToneFrench3KB(benchmark::State& state) {
  const ToneAnalyser& a = analyser();
  for (auto _ : state) benchmark::DoNotOptimize(a.analyse(kFrench, "fr"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kFrench.size()));
}
BENCHMARK(BM_ToneFrench3KB)->Unit(benchmark::kMicrosecond);

void BM_ToneEnglish3KB(benchmark::State& state) {
  const ToneAnalyser& a = analyser();
  for (auto _ : state) benchmark::DoNotOptimize(a.analyse(kEnglish, "en"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kEnglish.size()));
}
BENCHMARK(BM_ToneEnglish3KB)->Unit(benchmark::kMicrosecond);

// Language unknown: both rule sets run and the one with more evidence wins.
void BM_ToneUnknownLanguage3KB(benchmark::State& state) {
  const ToneAnalyser& a = analyser();
  for (auto _ : state) benchmark::DoNotOptimize(a.analyse(kFrench, "unknown"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kFrench.size()));
}
BENCHMARK(BM_ToneUnknownLanguage3KB)->Unit(benchmark::kMicrosecond);

// Start-up cost paid once per process: reading the rules and compiling both pattern sets.
void BM_ToneConfigure(benchmark::State& state) {
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("tone", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
  for (auto _ : state) {
    ToneAnalyser a;
    benchmark::DoNotOptimize(a.configure(rules));
  }
}
BENCHMARK(BM_ToneConfigure)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
