// Date extraction on a 3 KB client message (issue 5: well under 100 µs on one core), and the
// plugin's whole analysis of it (dates, roles, changes, commitments).
//   build/<dir>/bench/deadlines/bench_deadlines --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "courtois/rules.hpp"
#include "courtois/text.hpp"
#include "deadlines_plugin.hpp"

namespace {

const courtois::DeadlinesPlugin& plugin() {
  static courtois::DeadlinesPlugin p = [] {
    std::vector<courtois::RuleError> errors;
    auto rules = courtois::load_rule_set(
        "deadlines", std::filesystem::path(COURTOIS_SOURCE_DIR) / "rules", std::nullopt, errors);
    courtois::DeadlinesPlugin plugin;
    auto more = plugin.configure(rules);
    if (!errors.empty() || !more.empty()) throw std::runtime_error("rules/deadlines invalid");
    return plugin;
  }();
  return p;
}

// About 3 KB of ordinary client mail, French then English, with a dozen dates among numbers
// that are not dates (amounts, references, phone numbers).
std::string message_3kb() {
  std::string fr =
      "Bonjour Madame Durand,\n\n"
      "Suite à notre échange téléphonique de ce matin, je reviens vers vous concernant la "
      "commande n° 2024-0012 (montant total 12 450,00 € HT). Comme convenu, la livraison "
      "prévue le 12 mars est repoussée au 19 mars, car notre fournisseur a pris du retard sur "
      "les pièces détachées. Nous sommes désolés pour ce contretemps.\n\n"
      "Pour la suite du projet, je vous propose une réunion de suivi mardi prochain à 14h30, "
      "ou bien jeudi 12 mars entre 9h et 11h si cela vous convient mieux. Merci de me confirmer "
      "votre choix d'ici vendredi au plus tard. Le paiement de l'acompte (30 %) reste attendu "
      "avant le 31 mars, et le solde sous 30 jours après la mise en service.\n\n"
      "Je vous envoie le devis révisé demain matin, et nous revenons vers vous sous 48h pour "
      "le planning détaillé. La mise en ligne du portail est toujours prévue début avril, "
      "avec une recette la semaine prochaine.\n\n"
      "Vous pouvez me joindre au 01 23 45 67 89 ou au 06 12 34 56 78 du lundi au vendredi.\n\n";
  std::string en =
      "Dear Mr Smith,\n\n"
      "Thank you for your message of March 2nd. We have received the signed purchase order "
      "(PO 45-889, version 2.3.1 of the specification) and the deposit of $4,500.00. The "
      "handover is planned for Thursday, March 19 at 10am, and the final invoice will be due "
      "no later than April 30, 2026. Could we move the kick-off call from Tuesday to Wednesday "
      "next week? I'll send the updated schedule by EOD tomorrow, and you'll have the test "
      "report in 3 business days.\n\n"
      "Please note that our office will be closed between 24 and 26 December. For anything "
      "urgent, call +44 20 7946 0958. The launch remains scheduled for the end of Q2.\n\n"
      "Best regards,\n";
  std::string text;
  while (text.size() < 3000) text += fr + en;
  return text.substr(0, 3072);
}

void BM_ExtractDates(benchmark::State& state) {
  const auto& p = plugin();
  std::string text = message_3kb();
  auto date = courtois::ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  std::size_t found = 0;
  for (auto _ : state) {
    auto dates = p.extract_dates(text, date, "fr");
    found = dates.size();
    benchmark::DoNotOptimize(dates);
  }
  state.counters["dates"] = static_cast<double>(found);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractDates)->Unit(benchmark::kMicrosecond);

void BM_AnalyseMessage(benchmark::State& state) {
  const auto& p = plugin();
  courtois::Message m;
  m.message_id = "bench";
  m.new_text = message_3kb();
  m.date = courtois::ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  m.lang = "fr";
  for (auto _ : state) {
    courtois::Analysis a;
    a.text = m.new_text;
    a.date = m.date;
    a.lang = m.lang;
    p.analyse(m, a);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * m.new_text.size()));
}
BENCHMARK(BM_AnalyseMessage)->Unit(benchmark::kMicrosecond);

void BM_FoldOnly(benchmark::State& state) {
  std::string text = message_3kb();
  for (auto _ : state) {
    auto f = courtois::fold(text);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_FoldOnly)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
