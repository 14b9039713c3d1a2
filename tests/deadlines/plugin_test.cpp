// The plugin: changes within one message, commitments in `analyze`, findings that explain
// themselves, and rule files that name file, line and field when they are wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <tuple>
#include <utility>

#include "test_support.hpp"

namespace {

using courtois::deadlines_test::analyse;
constexpr const char* kMonday = "2026-03-02T10:12:00+01:00";

TEST(DeadlinesPlugin, ChangesWithinOneMessage) {
  struct ChangeCase {
    const char* text;
    const char* lang;
    const char* from;
    const char* to;
    const char* direction;
  };
  for (const auto& c :
       {ChangeCase{"La livraison prévue le 12 est repoussée au 19.", "fr", "2026-03-12",
                   "2026-03-19", "later"},
        ChangeCase{"Can we move the call from Tuesday to Thursday?", "en", "2026-03-03",
                   "2026-03-05", "later"},
        ChangeCase{"The deadline of March 20 is brought forward to March 16.", "en", "2026-03-20",
                   "2026-03-16", "earlier"},
        ChangeCase{"La réunion de 14h est décalée à 16h.", "fr", "2026-03-02T14:00:00+01:00",
                   "2026-03-02T16:00:00+01:00", "later"},
        ChangeCase{"The launch is cancelled.", "en", "", "", "cancelled"},
        // "push ... from A to B", with another date after the range that is not the new one.
        ChangeCase{"We'd like to push the launch from March 27 to April 3, since our "
                   "photographer is only available next week.",
                   "en", "2026-03-27", "2026-04-03", "later"},
        ChangeCase{"We deferred the payment from March 13 to April 30.", "en", "2026-03-13",
                   "2026-04-30", "later"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_EQ(a.deadline_changes.size(), 1u) << c.text;
    const auto& ch = a.deadline_changes[0];
    EXPECT_EQ(ch.from, c.from) << c.text;
    EXPECT_EQ(ch.to, c.to) << c.text;
    EXPECT_EQ(ch.direction, c.direction) << c.text;
    EXPECT_EQ(ch.text, c.text);
  }
  // A new date with "avancer" and no old date in the message: the direction, the old date
  // is left to the thread.
  auto a = analyse("Nous devons avancer la mise en ligne au 2 avril.", kMonday, "fr");
  ASSERT_EQ(a.deadline_changes.size(), 1u);
  EXPECT_EQ(a.deadline_changes[0].to, "2026-04-02");
  EXPECT_EQ(a.deadline_changes[0].direction, "earlier");
  // "merci d'avance" is politeness, not a change.
  EXPECT_TRUE(analyse("Merci d'avance pour votre retour avant le 12.", kMonday, "fr")
                  .deadline_changes.empty());
}

TEST(DeadlinesPlugin, CommitmentsInAnalyzeWhateverTheDirection) {
  auto fr = analyse("Bonjour,\nJe vous l'envoie demain.\nCordialement", kMonday, "fr", "in");
  ASSERT_EQ(fr.commitments.size(), 1u);
  EXPECT_EQ(fr.commitments[0].due, "2026-03-03T18:00:00+01:00");
  EXPECT_EQ(fr.commitments[0].text, "Je vous l'envoie demain.");
  EXPECT_TRUE(fr.commitments[0].status.empty());
  auto en = analyse("You'll have it by Friday.", kMonday, "en", "out");
  ASSERT_EQ(en.commitments.size(), 1u);
  EXPECT_EQ(en.commitments[0].due, "2026-03-06T18:00:00+01:00");
  auto sous = analyse("Nous revenons vers vous sous 48h.", kMonday, "fr");
  ASSERT_EQ(sous.commitments.size(), 1u);
  EXPECT_EQ(sous.commitments[0].due, "2026-03-04T10:12:00+01:00");
  // "Je reviens vers vous" with a time beside it promises; with a topic it only opens the message.
  auto back = analyse("Je reviens vers vous d'ici vendredi.", kMonday, "fr");
  ASSERT_EQ(back.commitments.size(), 1u);
  EXPECT_EQ(back.commitments[0].due, "2026-03-06T18:00:00+01:00");
  EXPECT_EQ(analyse("Je reviendrai vers vous lundi.", kMonday, "fr").commitments.size(), 1u);
  for (const char* lead_in : {"Je reviens vers vous concernant la facture de mars.",
                              "Nous revenons vers vous au sujet de la livraison du 12 mars."})
    EXPECT_TRUE(analyse(lead_in, kMonday, "fr").commitments.empty()) << lead_in;
  // A promise without a date is no commitment with a due time.
  EXPECT_TRUE(analyse("Je vous l'envoie dès que possible.", kMonday, "fr").commitments.empty());
  // A request is no promise.
  EXPECT_TRUE(
      analyse("Pouvez-vous m'envoyer le devis demain ?", kMonday, "fr").commitments.empty());
  // Nothing is promised for a time already over when the message was written (Monday 10:12):
  // the date names something else. This evening, today and tomorrow are still ahead.
  constexpr const char* kMondayEvening = "2026-03-02T18:02:00+01:00";
  EXPECT_TRUE(analyse("Suite à notre échange de ce matin, je vous confirme que nous souhaitons "
                      "visiter l'appartement.",
                      kMondayEvening, "fr")
                  .commitments.empty());
  EXPECT_TRUE(analyse("I'll send it as agreed last Friday.", kMonday, "en").commitments.empty());
  auto evening = analyse("Je vous l'envoie ce soir.", kMondayEvening, "fr");
  ASSERT_EQ(evening.commitments.size(), 1u);
  EXPECT_EQ(evening.commitments[0].due, "2026-03-02T18:00:00+01:00");
  EXPECT_EQ(analyse("I'll send it today.", kMondayEvening, "en").commitments.size(), 1u);
}

// Client phrasings of a moved or cancelled date, French and English side by side.
TEST(DeadlinesPlugin, ChangePhrasingsInBothLanguages) {
  struct ChangeCase {
    const char* text;
    const char* lang;
    const char* from;
    const char* to;
    const char* direction;
  };
  for (const auto& c :
       {ChangeCase{"La réunion de mardi est décalée à jeudi.", "fr", "2026-03-03", "2026-03-05",
                   "later"},
        ChangeCase{"Tuesday's meeting has been moved to Thursday.", "en", "2026-03-03",
                   "2026-03-05", "later"},
        ChangeCase{"L'atelier a été reprogrammé de mercredi à vendredi.", "fr", "2026-03-04",
                   "2026-03-06", "later"},
        ChangeCase{"I suggest we shift our check-in from Tuesday to Wednesday.", "en", "2026-03-03",
                   "2026-03-04", "later"},
        ChangeCase{"La date de remise passe du 20 au 27 mars.", "fr", "2026-03-20", "2026-03-27",
                   "later"},
        ChangeCase{"The submission date changes from March 20 to March 27.", "en", "2026-03-20",
                   "2026-03-27", "later"},
        ChangeCase{"La date du 3 ne tient plus, plutôt le 10.", "fr", "2026-03-03", "2026-03-10",
                   "later"},
        ChangeCase{"The 3rd no longer works, rather the 10th.", "en", "2026-03-03", "2026-03-10",
                   "later"},
        ChangeCase{"Pourrions-nous avancer la réunion du 12 au 10 ?", "fr", "2026-03-12",
                   "2026-03-10", "earlier"},
        ChangeCase{"Could we move the meeting up from the 12th to the 10th?", "en", "2026-03-12",
                   "2026-03-10", "earlier"},
        // One new date: the direction comes from the verb ("move up", "push to").
        ChangeCase{"Le comité est avancé au lundi 9 mars.", "fr", "", "2026-03-09", "earlier"},
        ChangeCase{"The committee has been moved up to Monday March 9.", "en", "", "2026-03-09",
                   "earlier"},
        ChangeCase{"Compte tenu des congés, nous proposons de repousser le lancement au "
                   "mardi 14 avril.",
                   "fr", "", "2026-04-14", "later"},
        ChangeCase{"Given the holidays, we suggest pushing the launch to Tuesday, April 14.", "en",
                   "", "2026-04-14", "later"},
        ChangeCase{"Serait-il possible de reporter notre rendez-vous à la semaine prochaine ?",
                   "fr", "", "2026-03-09", "later"},
        ChangeCase{"Would it be possible to push our appointment to next week?", "en", "",
                   "2026-03-09", "later"},
        ChangeCase{"La formation du 12 n'aura finalement pas lieu.", "fr", "2026-03-12", "",
                   "cancelled"},
        ChangeCase{"We're calling off Friday's training.", "en", "2026-03-06", "", "cancelled"},
        // "instead of": the new date comes first.
        ChangeCase{"Can we do Thursday rather than Tuesday?", "en", "2026-03-03", "2026-03-05",
                   "later"},
        ChangeCase{"Jeudi plutôt que mardi, si possible.", "fr", "2026-03-03", "2026-03-05",
                   "later"},
        ChangeCase{"On peut décaler l'appel à 15h au lieu de 11h ?", "fr",
                   "2026-03-02T11:00:00+01:00", "2026-03-02T15:00:00+01:00", "later"},
        ChangeCase{"Payment will be made on the 17th instead of the 10th.", "en", "2026-03-10",
                   "2026-03-17", "later"},
        ChangeCase{"La livraison aura lieu le 12 et non le 10.", "fr", "2026-03-10", "2026-03-12",
                   "later"},
        ChangeCase{"Delivery is on the 12th, not the 10th.", "en", "2026-03-10", "2026-03-12",
                   "later"},
        ChangeCase{"Can we move the call to Thursday rather than Tuesday?", "en", "2026-03-03",
                   "2026-03-05", "later"},
        ChangeCase{"Instead of the 12th, let's say the 19th.", "en", "2026-03-12", "2026-03-19",
                   "later"},
        // A shift by an amount moves the sentence's date, which is the old one.
        ChangeCase{"La livraison prévue le 16 est repoussée d'une semaine.", "fr", "2026-03-16",
                   "2026-03-23", "later"},
        ChangeCase{"The delivery planned for the 16th will slip by a week.", "en", "2026-03-16",
                   "2026-03-23", "later"},
        ChangeCase{"Nous devons avancer de deux jours la livraison prévue le 12.", "fr",
                   "2026-03-12", "2026-03-10", "earlier"},
        ChangeCase{"Can we bring forward the review of the 12th by two days?", "en", "2026-03-12",
                   "2026-03-10", "earlier"},
        // ... unless the date after it is named as the new one.
        ChangeCase{"Repoussé de 2 jours au 14.", "fr", "", "2026-03-14", "later"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_EQ(a.deadline_changes.size(), 1u) << c.text;
    const auto& ch = a.deadline_changes[0];
    EXPECT_EQ(ch.from, c.from) << c.text;
    EXPECT_EQ(ch.to, c.to) << c.text;
    EXPECT_EQ(ch.direction, c.direction) << c.text;
  }
}

// Nouns and idioms that look like change verbs, with a date in the sentence: no change.
// "retard", "delay" as complaints; "d'avance", "par avance", "une avance de 30 %"; "en
// déplacement", "décalage horaire"; "moving forward", "moved offices", "push to production".
// A move whose old date the message does not give has no direction yet: it is left to the
// thread, and `analyze` lists only later, earlier or cancelled (the result schema's values).
TEST(DeadlinesPlugin, AMoveWithoutItsOldDateIsLeftToTheThread) {
  for (const auto& [lang, text] : {std::pair{"en", "Can we move the meeting to Friday?"},
                                   std::pair{"fr", "On décale la réunion à vendredi."}}) {
    auto a = analyse(text, kMonday, lang);
    EXPECT_TRUE(a.deadline_changes.empty()) << text;
  }
}

// A change told of the past is no change to come.
TEST(DeadlinesPlugin, NoChangeToldOfThePast) {
  EXPECT_TRUE(
      analyse("We cancelled our subscription last year.", kMonday, "en").deadline_changes.empty());
  EXPECT_TRUE(analyse("Nous avons annulé notre abonnement l'année dernière.", kMonday, "fr")
                  .deadline_changes.empty());
  EXPECT_TRUE(
      analyse("The delivery was pushed to last Friday.", kMonday, "en").deadline_changes.empty());
  EXPECT_EQ(analyse("La réunion de jeudi est annulée.", kMonday, "fr").deadline_changes.size(), 1u);
}

TEST(DeadlinesPlugin, NoChangeFromNounsAndIdioms) {
  for (const char* fr : {"Merci d'avance de votre retour d'ici vendredi.",
                         "Je vous remercie par avance de votre réponse avant le 10.",
                         "Nous vous avons versé une avance de 30 % le 15 février.",
                         "Le retard de la livraison du 12 est inacceptable.",
                         "Nous avons pris du retard, mais la livraison reste prévue le 12.",
                         "Malgré le retard, merci de nous livrer avant le 20.",
                         "Je suis en déplacement jusqu'au 12, je reviens vers vous ensuite.",
                         "Le décalage horaire complique l'appel de jeudi.",
                         "Nous pouvons maintenant avancer sur le projet ; la livraison reste "
                         "fixée au 12."})
    EXPECT_TRUE(analyse(fr, kMonday, "fr").deadline_changes.empty()) << fr;
  for (const char* en :
       {"We moved offices last year.", "Moving forward, please send invoices by the 15th.",
        "The delay on the delivery of the 12th is unacceptable.",
        "Despite the delay, please deliver before the 20th.",
        "The project is moving along nicely, acceptance is planned for the 12th.",
        "Thanks for moving so quickly on this; we need it by Friday.",
        "We extended the contract last year.",
        "The move to the new warehouse is planned for April 1.",
        "We need to push the update to production on Friday."})
    EXPECT_TRUE(analyse(en, kMonday, "en").deadline_changes.empty()) << en;
}

// Promises in the words clients and suppliers use, French and English side by side, and
// sentences that only look like promises.
TEST(DeadlinesPlugin, CommitmentPhrasingsInBothLanguages) {
  struct PromiseCase {
    const char* text;
    const char* lang;
    const char* due;
  };
  for (const auto& c :
       {PromiseCase{"Nous livrerons le 20.", "fr", "2026-03-20T18:00:00+01:00"},
        PromiseCase{"We will deliver on the 20th.", "en", "2026-03-20T18:00:00+01:00"},
        PromiseCase{"Nous expédierons la commande lundi prochain.", "fr",
                    "2026-03-09T18:00:00+01:00"},
        PromiseCase{"We will ship the order next Monday.", "en", "2026-03-09T18:00:00+01:00"},
        PromiseCase{"Je vous fais un retour d'ici demain.", "fr", "2026-03-03T18:00:00+01:00"},
        PromiseCase{"Let me get back to you tomorrow.", "en", "2026-03-03T18:00:00+01:00"},
        PromiseCase{"Je vous tiens au courant d'ici la fin de la semaine.", "fr",
                    "2026-03-06T18:00:00+01:00"},
        PromiseCase{"I'll keep you posted by the end of the week.", "en",
                    "2026-03-06T18:00:00+01:00"},
        PromiseCase{"On vous envoie le bon de commande demain.", "fr", "2026-03-03T18:00:00+01:00"},
        PromiseCase{"We're sending the purchase order tomorrow.", "en",
                    "2026-03-03T18:00:00+01:00"},
        PromiseCase{"Je vous recontacte demain pour fixer un créneau.", "fr",
                    "2026-03-03T18:00:00+01:00"},
        PromiseCase{"I'll reach out tomorrow to set up a slot.", "en", "2026-03-03T18:00:00+01:00"},
        PromiseCase{"Nous l'aurons terminé pour mercredi.", "fr", "2026-03-04T18:00:00+01:00"},
        PromiseCase{"We'll have it ready by Wednesday.", "en", "2026-03-04T18:00:00+01:00"},
        PromiseCase{"Je me charge de vous répondre avant jeudi.", "fr",
                    "2026-03-05T18:00:00+01:00"},
        PromiseCase{"I'll take care of it today and keep you posted.", "en",
                    "2026-03-02T18:00:00+01:00"},
        PromiseCase{"On vous rappelle demain à 14h.", "fr", "2026-03-03T14:00:00+01:00"},
        PromiseCase{"We'll call you tomorrow at 2pm.", "en", "2026-03-03T14:00:00+01:00"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_EQ(a.commitments.size(), 1u) << c.text;
    EXPECT_EQ(a.commitments[0].due, c.due) << c.text;
  }
  // A reminder, someone else's promise, a request: no commitment.
  for (const auto& [text, lang] :
       {std::pair{"Je vous rappelle que la facture est due le 15.", "fr"},
        std::pair{"I'd like to remind you that the invoice is due on the 15th.", "en"},
        std::pair{"Le fournisseur nous livrera le 20.", "fr"},
        std::pair{"The supplier will deliver to us on the 20th.", "en"},
        std::pair{"Pourriez-vous nous tenir au courant d'ici vendredi ?", "fr"},
        std::pair{"Could you keep us posted by Friday?", "en"},
        std::pair{"Merci de nous faire savoir d'ici vendredi.", "fr"},
        std::pair{"Let me know by Friday.", "en"}})
    EXPECT_TRUE(analyse(text, kMonday, lang).commitments.empty()) << text;
}

// Terms of payment and reply: "sous huitaine" is 8 days, "sous quinzaine" 15, "a fortnight" 14.
TEST(DeadlinesPlugin, TermsInDays) {
  for (const auto& [text, lang, value] :
       {std::tuple{"Le paiement est à effectuer sous huitaine.", "fr", "2026-03-10T00:00:00+01:00"},
        std::tuple{"Merci de régulariser la situation sous quinzaine.", "fr",
                   "2026-03-17T00:00:00+01:00"},
        std::tuple{"Payment is to be made within a fortnight.", "en",
                   "2026-03-16T00:00:00+01:00"}}) {
    auto a = analyse(text, kMonday, lang);
    ASSERT_EQ(a.dates.size(), 1u) << text;
    EXPECT_EQ(a.dates[0].value, value) << text;
    EXPECT_EQ(a.dates[0].grain, "day") << text;
  }
}

// Two promises in one sentence, each with its own date; one date is promised once.
TEST(DeadlinesPlugin, TwoPromisesInOneSentence) {
  for (const auto& [lang, text] :
       {std::pair{"fr", "Je vous envoie le devis demain et je vous rappelle vendredi."},
        std::pair{"en", "I'll send the quote tomorrow and I'll call you on Friday."}}) {
    auto a = analyse(text, kMonday, lang);
    ASSERT_EQ(a.commitments.size(), 2u) << text;
    EXPECT_EQ(a.commitments[0].due, "2026-03-03T18:00:00+01:00") << text;
    EXPECT_EQ(a.commitments[1].due, "2026-03-06T18:00:00+01:00") << text;
  }
  auto one = analyse("Je vous envoie le devis et je vous rappelle demain.", kMonday, "fr");
  ASSERT_EQ(one.commitments.size(), 1u);
  EXPECT_EQ(one.commitments[0].due, "2026-03-03T18:00:00+01:00");
}

TEST(DeadlinesPlugin, FindingsNameTheirRule) {
  auto a = analyse("La livraison prévue le 12 est repoussée au 19.", kMonday, "fr");
  bool change = false, role = false;
  for (const auto& f : a.findings) {
    EXPECT_EQ(f.plugin, "deadlines");
    EXPECT_EQ(a.text.substr(f.start, f.end - f.start), f.text);
    EXPECT_NE(f.rule.find(".json:"), std::string::npos) << f.rule;
    if (f.symbol == "CHANGE_POSTPONE_FR") change = true;
    if (f.symbol == "DATE_DELIVERY_FR") role = true;
  }
  EXPECT_TRUE(change);
  EXPECT_TRUE(role);
}

TEST(DeadlinesPlugin, BadRulesNameFileLineAndField) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(COURTOIS_BINARY_DIR) / "deadlines-bad-rules";
  fs::remove_all(dir);
  fs::create_directories(dir / "deadlines");
  for (const auto& e : fs::directory_iterator(fs::path(COURTOIS_SOURCE_DIR) / "rules/deadlines"))
    fs::copy_file(e.path(), dir / "deadlines" / e.path().filename());
  {
    std::ofstream(dir / "deadlines/changes.json")
        << "{\n  \"rules\": [\n    {\"symbol\": \"lower_case\", \"lang\": \"fr\", \"kind\": "
           "\"later\",\n     \"pattern\": \"(unclosed\", \"description\": \"x\"}\n  ]\n}\n";
    std::ofstream(dir / "deadlines/units.txt", std::ios::app) << "fortnight | fortnights\n";
  }
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("deadlines", dir, std::nullopt, errors);
  courtois::DeadlinesPlugin plugin;
  auto more = plugin.configure(rules);
  errors.insert(errors.end(), more.begin(), more.end());
  bool symbol = false, unit = false;
  for (const auto& e : errors) {
    std::string s = e.to_string();
    if (e.file.find("changes.json") != std::string::npos && e.line == 3 &&
        e.field.find("symbol") != std::string::npos)
      symbol = true;
    if (s.find("units.txt:") != std::string::npos && e.field == "value") unit = true;
  }
  EXPECT_TRUE(symbol) << (errors.empty() ? "" : errors[0].to_string());
  EXPECT_TRUE(unit);
  fs::remove_all(dir);
}

}  // namespace

// Cue files compiled into one set per language: each match goes back to its own file with its
// rule's index, by start and longest first, French and English cues as the language asks.
TEST(DeadlineCues, OnePassSplitsMatchesBackToTheirFiles) {
  courtois::deadlines::CuePatterns patterns;
  auto add = [&](unsigned set, unsigned rule, const char* lang, const char* pattern) {
    patterns.sets = std::max<std::size_t>(patterns.sets, set + 1);
    bool french = std::string(lang) == "fr";
    (french ? patterns.fr : patterns.en).push_back({rule | set << 24, pattern, true, true});
    (french ? patterns.fr_where : patterns.en_where).emplace_back(nullptr, "");
  };
  add(0, 0, "fr", "(avant|d'ici)( le)?");
  add(0, 1, "en", "(by|before)( the)?");
  add(1, 0, "fr", "(repouss|report|decal)\\w*");
  add(1, 1, "fr", "avant");
  add(1, 2, "en", "by");
  add(2, 0, "fr", "je (vous )?enverrai");
  std::vector<courtois::RuleError> errors;
  auto cues = courtois::deadlines::CueSets::compile(patterns, errors);
  ASSERT_TRUE(errors.empty());
  auto show = [](const std::vector<courtois::Match>& ms) {
    std::string out;
    for (const auto& m : ms)
      out +=
          std::to_string(m.id) + "@" + std::to_string(m.start) + "-" + std::to_string(m.end) + " ";
    return out;
  };
  std::string text = "repoussee avant le 12, je vous enverrai by the 14th";
  auto fr = cues.scan(text, "fr");
  ASSERT_EQ(fr.size(), 3u);
  EXPECT_EQ(show(fr[0]), "0@10-18 ");
  EXPECT_EQ(show(fr[1]), "0@0-9 1@10-15 ");
  EXPECT_EQ(show(fr[2]), "0@23-39 ");
  auto en = cues.scan(text, "en");
  EXPECT_EQ(show(en[0]), "1@40-46 ");
  EXPECT_EQ(show(en[1]), "2@40-42 ");
  EXPECT_TRUE(en[2].empty());
  auto both = cues.scan(text, "unknown");
  EXPECT_EQ(show(both[0]), "0@10-18 1@40-46 ");
}

// A pattern Hyperscan refuses names its file and line, though the files are compiled together.
TEST(DeadlineCues, BadPatternNamesItsFileAndLine) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(COURTOIS_BINARY_DIR) / "deadlines-bad-pattern";
  fs::remove_all(dir);
  fs::create_directories(dir / "deadlines");
  for (const auto& e : fs::directory_iterator(fs::path(COURTOIS_SOURCE_DIR) / "rules/deadlines"))
    fs::copy_file(e.path(), dir / "deadlines" / e.path().filename());
  std::ofstream(dir / "deadlines/commitments.json", std::ios::trunc)
      << "{\n  \"rules\": [\n    {\"symbol\": \"PROMISE_X\", \"lang\": \"fr\", \"kind\": "
         "\"deliver\",\n     \"pattern\": \"(unclosed\", \"description\": \"x\"}\n  ]\n}\n";
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("deadlines", dir, std::nullopt, errors);
  courtois::DeadlinesPlugin plugin;
  auto more = plugin.configure(rules);
  bool named = false;
  for (const auto& e : more)
    if (e.file.find("commitments.json") != std::string::npos && e.line == 4 &&
        e.field.find("pattern") != std::string::npos &&
        e.problem.find("Missing close parenthesis") == 0)
      named = true;
  EXPECT_TRUE(named) << (more.empty() ? "no error" : more[0].to_string());
  fs::remove_all(dir);
}
