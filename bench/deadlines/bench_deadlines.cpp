// Date extraction on a 3 KB client message, French and English (issue 5: well under 100 µs on
// one core), and the plugin's whole analysis of it (dates, roles, changes, commitments). One
// thread; pin it to one core:
//   taskset -c 0 build/<dir>/bench/deadlines/bench_deadlines --benchmark_min_time=2
// The machine may be shared: CPU time is the figure to read, and for a repeatable count
// bench/deadlines/README.md gives the callgrind command (instructions per message).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

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

// A 3 KB client message as the plugin sees it (Message::new_text: quoted history and signature
// already split off by the mail parser), in each language: a dozen dates of every kind among
// numbers that are not dates (amounts, order and version numbers, phone numbers, percentages).
const std::string& client_message(std::string_view lang) {
  static const std::string fr =
      "Bonjour Madame Durand,\n\n"
      "Suite à notre échange téléphonique de ce matin, je reviens vers vous concernant la "
      "commande n° 2024-0012 (montant total 12 450,00 € HT). Comme convenu, la livraison "
      "prévue le 12 mars est repoussée au 19 mars, car notre fournisseur a pris du retard sur "
      "les pièces détachées. Nous sommes désolés pour ce contretemps et nous avons demandé au "
      "transporteur de nous confirmer son créneau de passage dès que possible.\n\n"
      "Pour la suite du projet, je vous propose une réunion de suivi mardi prochain à 14h30, "
      "ou bien jeudi 12 mars entre 9h et 11h si cela vous convient mieux. Merci de me confirmer "
      "votre choix d'ici vendredi au plus tard. Le paiement de l'acompte (30 %) reste attendu "
      "avant le 31 mars, et le solde sous 30 jours après la mise en service, conformément à "
      "l'article 7 des conditions générales de vente (version 2.3 du 4 janvier).\n\n"
      "Je vous envoie le devis révisé demain matin, et nous revenons vers vous sous 48h pour "
      "le planning détaillé. La mise en ligne du portail est toujours prévue début avril, "
      "avec une recette la semaine prochaine. Si la recette révèle des anomalies bloquantes, "
      "nous devrons avancer la formation des utilisateurs au 2 avril et décaler la bascule "
      "définitive à la fin du mois d'avril ; je vous le confirmerai au plus tard le 27 mars.\n\n"
      "Concernant les licences, les 25 postes supplémentaires seront activés dans les deux "
      "semaines qui suivent la signature du bon de commande. Le contrat de maintenance court "
      "du 1er avril 2026 au 31 mars 2027, renouvelable par tacite reconduction, avec un "
      "préavis de trois mois. Les interventions sur site ont lieu du lundi au vendredi, de "
      "8h30 à 18h, hors jours fériés ; une astreinte téléphonique est assurée le samedi "
      "matin.\n\n"
      "Enfin, notre comptabilité signale que la facture F-2026-0311 du 15 février reste "
      "impayée à ce jour. Pourriez-vous vérifier auprès de votre service fournisseurs qu'elle "
      "sera bien réglée avant le 10 mars ? Sans retour de votre part d'ici là, nous serons "
      "contraints d'appliquer les pénalités prévues (taux de 3 fois l'intérêt légal).\n\n"
      "Pour la reprise des données, le premier lot (environ 120 000 fiches clients) sera "
      "chargé sur le serveur de recette le 16 mars. Vos équipes disposeront ensuite de dix "
      "jours ouvrés pour le contrôler ; les corrections devront nous parvenir avant le "
      "30 mars à midi, afin que le second lot puisse être traité la première semaine "
      "d'avril. Une réunion de point d'avancement est fixée au lundi 23 mars à 10h dans vos "
      "locaux de Lyon (salle 3.14, 2e étage).\n\n"
      "Vous pouvez me joindre au 01 23 45 67 89 ou au 06 12 34 56 78, et mon collègue "
      "Paul Martin reste disponible en mon absence, jusqu'au 6 mars inclus.\n\n"
      "Pour mémoire, la garantie des équipements livrés en 2024 expire le 30 juin prochain ; "
      "une offre d'extension vous sera adressée courant mai.\n\n"
      "Je vous remercie de votre confiance et reste à votre disposition pour toute question "
      "sur le planning, les livrables ou la facturation.\n\n"
      "Bien cordialement,\n\nClaire Lefèvre\nCheffe de projet\n";
  static const std::string en =
      "Dear Mr Smith,\n\n"
      "Thank you for your message of March 2nd. We have received the signed purchase order "
      "(PO 45-889, version 2.3.1 of the specification) and the deposit of $4,500.00, and our "
      "accounts team has already matched it against invoice INV-20931. The handover is "
      "planned for Thursday, March 19 at 10am, and the final invoice will be due no later "
      "than April 30, 2026.\n\n"
      "Could we move the kick-off call from Tuesday to Wednesday next week? Our lead engineer "
      "is on site with another client until Monday, and I would rather have her on the call. "
      "If Wednesday does not suit you, Thursday between 2 and 4pm works as well. I'll send "
      "the updated schedule by EOD tomorrow, and you'll have the test report in 3 business "
      "days.\n\n"
      "About the data migration: the first batch (about 120,000 records, roughly 40% of the "
      "total) will be loaded on the staging server by Friday, March 13. Your team then has "
      "two weeks to review it; we need any corrections no later than March 27 so that the "
      "second batch can go ahead in early April. The production switch-over is scheduled for "
      "the weekend of April 18, with a fallback date of April 25 if the review runs late.\n\n"
      "Training sessions will take place on April 8 and 9, from 9:30 to 12:30, in your Leeds "
      "office (room 4.12). Please let us know by next Monday how many people will attend each "
      "session, up to 12 per group. The user guide (v1.4, 86 pages) will be shared a week "
      "before the first session.\n\n"
      "Please note that our office will be closed between 24 and 26 December, and that "
      "support requests sent during that period will be answered on December 29. For "
      "anything urgent, call +44 20 7946 0958. The launch remains scheduled for the end of "
      "Q2, and we will review the roadmap for the second half of the year at the steering "
      "committee on June 16.\n\n"
      "On the hardware side, the two replacement servers (2 x 64 GB RAM, 4 TB storage) left "
      "the warehouse this morning and should reach your data centre on Tuesday, March 10. "
      "Our technician can install them the following day between 8am and noon, provided "
      "that your facilities team grants access to rack 14 by Monday afternoon. If the "
      "delivery slips, we will postpone the installation to March 12 rather than rush it, "
      "and the acceptance tests would then move from March 16 to March 18.\n\n"
      "Regarding the support contract, the current term ends on 31/03/2026 and the new one "
      "starts on 01/04/2026 for 12 months. Response times stay as agreed: 4 hours for "
      "critical incidents, one business day for the rest, Monday to Friday from 8:30 to "
      "17:30 UK time.\n\n"
      "Finally, the annual licence renewal (order 7781, 25 seats at $39 per seat per month) "
      "falls due on May 1st. If you would like to add seats before then, tell me by the end "
      "of the month and I will include them in the same invoice.\n\n"
      "I will be travelling from March 20 to March 24 with limited access to email; my "
      "colleague Tom Reed (tom.reed@example.com) can take any question in the meantime, and "
      "I will call you on my return, on Wednesday 25 March.\n\n"
      "Best regards,\n\nJane Carter\nAccount Manager\n";
  return lang == "fr" ? fr : en;
}

// Arg 0: the French message, 1: the English one.
std::string_view lang_of(const benchmark::State& state) {
  return state.range(0) == 0 ? "fr" : "en";
}

void BM_ExtractDates(benchmark::State& state) {
  const auto& p = plugin();
  std::string_view lang = lang_of(state);
  const std::string& text = client_message(lang);
  auto date = courtois::ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  std::size_t found = 0;
  for (auto _ : state) {
    auto dates = p.extract_dates(text, date, lang);
    found = dates.size();
    benchmark::DoNotOptimize(dates);
  }
  state.SetLabel(std::string(lang) + ", " + std::to_string(text.size()) + " bytes");
  state.counters["dates"] = static_cast<double>(found);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractDates)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_AnalyseMessage(benchmark::State& state) {
  const auto& p = plugin();
  std::string_view lang = lang_of(state);
  courtois::Message m;
  m.message_id = "bench";
  m.new_text = client_message(lang);
  m.date = courtois::ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  m.lang = std::string(lang);
  for (auto _ : state) {
    courtois::Analysis a;
    a.text = m.new_text;
    a.date = m.date;
    a.lang = m.lang;
    p.analyse(m, a);
    benchmark::DoNotOptimize(a);
  }
  state.SetLabel(std::string(lang));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * m.new_text.size()));
}
BENCHMARK(BM_AnalyseMessage)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// courtois::fold alone (core/src/text.cpp), which extract_dates calls once: the part of the
// time that is not the date grammar's.
void BM_FoldOnly(benchmark::State& state) {
  const std::string& text = client_message(lang_of(state));
  for (auto _ : state) {
    auto f = courtois::fold(text);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_FoldOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
