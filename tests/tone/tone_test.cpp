// Tone analyser: rules load, signals carry exact evidence, negation/intensity/shouting work, and
// on the business messages of tests/tone/data firm-but-polite clients are never hostile while
// hostile ones always are.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "courtois/plugin.hpp"
#include "courtois/rules.hpp"
#include "eval.hpp"
#include "tone_analyser.hpp"

namespace courtois {
std::unique_ptr<Plugin> make_tone_plugin();
}

namespace {

namespace fs = std::filesystem;
using courtois::tone::ToneAnalyser;
using courtois::tone::ToneResult;

const fs::path kRules = fs::path(COURTOIS_SOURCE_DIR) / "rules";
const fs::path kData = fs::path(COURTOIS_SOURCE_DIR) / "tests" / "tone" / "data";

courtois::RuleSet shipped_rules() {
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("tone", kRules, std::nullopt, errors);
  EXPECT_TRUE(errors.empty()) << errors.front().to_string();
  return rules;
}

const ToneAnalyser& analyser() {
  static ToneAnalyser instance = [] {
    ToneAnalyser a;
    auto errors = a.configure(shipped_rules());
    for (const auto& e : errors) ADD_FAILURE() << e.to_string();
    return a;
  }();
  return instance;
}

ToneResult tone(const std::string& text, const std::string& lang) {
  return analyser().analyse(text, lang, /*with_features=*/true);
}

const courtois::ToneSignal* find_signal(const ToneResult& r, const std::string& symbol) {
  for (const auto& s : r.tone.signals)
    if (s.symbol == symbol) return &s;
  return nullptr;
}

bool has(const ToneResult& r, const std::string& symbol) {
  return find_signal(r, symbol);
}

std::string describe(const ToneResult& r) {
  std::ostringstream out;
  out << r.tone.label << " hostility=" << r.tone.hostility << " politeness=" << r.tone.politeness
      << " signals:";
  for (const auto& s : r.tone.signals)
    out << " " << s.symbol << "('" << s.text << "' " << s.weight << ")";
  return out.str();
}

// Messages of a data file: separated by lines "%%", '#' lines at the top are a header.
std::vector<std::string> messages(const std::string& file) {
  std::ifstream in(kData / file);
  EXPECT_TRUE(in) << "cannot read " << (kData / file);
  std::vector<std::string> out;
  std::string line, current;
  bool header = true;
  while (std::getline(in, line)) {
    if (header && !line.empty() && line[0] == '#') continue;
    header = false;
    if (line == "%%") {
      out.push_back(current);
      current.clear();
    } else {
      current += line + "\n";
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

TEST(ToneRules, ShippedRulesLoadWithoutErrors) {
  ToneAnalyser a;
  auto errors = a.configure(shipped_rules());
  for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  EXPECT_TRUE(a.ready());
  auto langs = a.languages();
  EXPECT_NE(std::find(langs.begin(), langs.end(), "fr"), langs.end());
  EXPECT_NE(std::find(langs.begin(), langs.end(), "en"), langs.end());
}

TEST(ToneCorpus, FirmButPoliteClientsAreNeverHostile) {
  int count = 0, french = 0;
  for (const auto& [file, lang] :
       {std::pair{"firm_en.txt", "en"}, std::pair{"firm_fr.txt", "fr"}}) {
    for (const auto& text : messages(file)) {
      auto r = tone(text, lang);
      EXPECT_NE(r.tone.label, "hostile") << text << "\n" << describe(r);
      ++count;
      if (std::string(lang) == "fr") ++french;
    }
  }
  EXPECT_GE(count, 50);
  EXPECT_GE(french, 25);
}

TEST(ToneCorpus, HostileClientsAreHostile) {
  int count = 0, french = 0;
  for (const auto& [file, lang] :
       {std::pair{"hostile_en.txt", "en"}, std::pair{"hostile_fr.txt", "fr"}}) {
    for (const auto& text : messages(file)) {
      auto r = tone(text, lang);
      EXPECT_EQ(r.tone.label, "hostile") << text << "\n" << describe(r);
      EXPECT_GT(r.tone.hostility, 0.5) << text;
      EXPECT_LT(r.tone.politeness, 0) << text << "\n" << describe(r);
      ++count;
      if (std::string(lang) == "fr") ++french;
    }
  }
  EXPECT_GE(count, 50);
  EXPECT_GE(french, 25);
}

TEST(ToneCorpus, NeutralBusinessMailIsCalm) {
  int count = 0, calm = 0;
  for (const auto& [file, lang] :
       {std::pair{"neutral_en.txt", "en"}, std::pair{"neutral_fr.txt", "fr"}}) {
    for (const auto& text : messages(file)) {
      auto r = tone(text, lang);
      EXPECT_NE(r.tone.label, "hostile") << text << "\n" << describe(r);
      EXPECT_LT(r.tone.hostility, 0.3) << text << "\n" << describe(r);
      ++count;
      if (r.tone.label == "calm") ++calm;
    }
  }
  EXPECT_GE(count, 20);
  EXPECT_GE(calm * 10, count * 9) << calm << " of " << count << " calm";
}

TEST(ToneCorpus, FirmMessagesWithoutLanguageAreNotHostileEither) {
  for (const char* file : {"firm_en.txt", "firm_fr.txt"})
    for (const auto& text : messages(file)) {
      auto r = tone(text, "unknown");
      EXPECT_NE(r.tone.label, "hostile") << text << "\n" << describe(r);
    }
}

TEST(ToneSignals, EvidenceIsTheExactTextAtItsOffsets) {
  std::string text = "Bonjour,\n\nBravo pour votre réactivité… Je vous ai déjà demandé la facture.";
  auto r = tone(text, "fr");
  ASSERT_FALSE(r.tone.signals.empty());
  for (const auto& s : r.tone.signals) {
    ASSERT_LE(s.end, text.size());
    EXPECT_EQ(text.substr(s.start, s.end - s.start), s.text) << s.symbol;
    EXPECT_FALSE(s.rule.empty());
    EXPECT_FALSE(s.description.empty());
  }
  const auto* sarcasm = find_signal(r, "TONE_SARCASM");
  ASSERT_NE(sarcasm, nullptr) << describe(r);
  EXPECT_EQ(sarcasm->text, "Bravo pour votre réactivité…");
  EXPECT_EQ(sarcasm->category, "sarcasm");
  EXPECT_EQ(sarcasm->rule.str().rfind("tone/fr.json:", 0), 0u) << sarcasm->rule;
  EXPECT_TRUE(has(r, "TONE_FRUSTRATION_REPEAT")) << describe(r);
  // Sarcastic praise is not deference.
  EXPECT_FALSE(has(r, "TONE_DEFERENCE")) << describe(r);
}

struct Case {
  const char* lang;
  const char* text;
  const char* symbol;
};

class ToneRecognises : public ::testing::TestWithParam<Case> {};

TEST_P(ToneRecognises, Symbol) {
  const Case& c = GetParam();
  auto r = tone(c.text, c.lang);
  // Pronoun strategies are counted (features) without being listed as evidence.
  EXPECT_TRUE(has(r, c.symbol) || r.features.count(c.symbol)) << c.text << "\n" << describe(r);
}

INSTANTIATE_TEST_SUITE_P(
    IssueList, ToneRecognises,
    ::testing::Values(
        Case{"en", "You are all incompetent.", "TONE_INSULT"},
        Case{"fr", "Vous êtes des incapables.", "TONE_INSULT"},
        Case{"en", "This is fucking ridiculous.", "TONE_PROFANITY"},
        Case{"fr", "C'est quoi ce bordel ?", "TONE_PROFANITY"},
        Case{"en", "We will terminate the contract.", "TONE_THREAT_CANCEL"},
        Case{"fr", "Nous allons résilier le contrat.", "TONE_THREAT_CANCEL"},
        Case{"en", "I will forward this to my lawyer.", "TONE_THREAT_LAWYER"},
        Case{"fr", "Je transmets le dossier à mon avocat.", "TONE_THREAT_LAWYER"},
        Case{"fr", "Ceci vaut mise en demeure.", "TONE_THREAT_LAWYER"},
        Case{"fr", "Nous saisirons le tribunal.", "TONE_THREAT_LAWYER"},
        Case{"en", "I will leave a bad review.", "TONE_THREAT_REVIEW"},
        Case{"fr", "Je vais laisser un avis négatif.", "TONE_THREAT_REVIEW"},
        Case{"fr", "Ceci est mon dernier avertissement.", "TONE_THREAT_LAST_WARNING"},
        Case{"en", "This is your final warning.", "TONE_THREAT_LAST_WARNING"},
        Case{"en", "We will switch to a competitor.", "TONE_THREAT_COMPETITOR"},
        Case{"fr", "Nous allons passer chez un concurrent.", "TONE_THREAT_COMPETITOR"},
        Case{"fr", "Réponse sous 24h sinon j'annule.", "TONE_ULTIMATUM"},
        Case{"en", "Answer within 24 hours or else.", "TONE_ULTIMATUM"},
        Case{"en", "Send it immediately.", "TONE_PRESSURE_NOW"},
        Case{"en", "I expect a reply.", "TONE_DEMAND"},
        Case{"fr", "J'exige une réponse.", "TONE_DEMAND"},
        Case{"fr", "Merci pour rien.", "TONE_SARCASM"},
        Case{"en", "Great job as usual.", "TONE_SARCASM"},
        Case{"en", "Thanks for nothing.", "TONE_SARCASM"},
        Case{"fr", "Vous ne respectez jamais les délais.", "TONE_ACCUSATION"},
        Case{"en", "You always send the wrong parts.", "TONE_ACCUSATION"},
        Case{"fr", "Comme d'habitude, rien n'est prêt.", "TONE_AS_USUAL"},
        Case{"fr", "Pour la troisième fois, où est la facture ?", "TONE_FRUSTRATION_REPEAT"},
        Case{"fr", "Je vous ai déjà demandé ce document.", "TONE_FRUSTRATION_REPEAT"},
        Case{"en", "Once again, the report is late.", "TONE_FRUSTRATION_REPEAT"},
        Case{"en", "Where is my order!!!", "TONE_EXCLAMATION_RUN"},
        Case{"fr", "Où est ma commande ???", "TONE_QUESTION_RUN"},
        Case{"en", "Hello Anna, thank you.", "TONE_GREETING"},
        Case{"fr", "Bonjour Anna, merci beaucoup.", "TONE_GRATITUDE"},
        Case{"en", "Could you send the file?", "TONE_INDIRECT_REQUEST"},
        Case{"en", "Would you mind checking?", "TONE_INDIRECT_REQUEST"},
        Case{"fr", "Pourriez-vous vérifier ?", "TONE_INDIRECT_REQUEST"},
        Case{"fr", "Merci de vérifier la facture.", "TONE_PLEASE"},
        Case{"fr", "Je vous prie de trouver ci-joint le devis.", "TONE_PLEASE"},
        Case{"en", "Sorry for the delay.", "TONE_APOLOGY"},
        Case{"fr", "Je pense qu'il y a une erreur.", "TONE_HEDGE"},
        Case{"en", "We would like to check the numbers.", "TONE_FIRST_PERSON_PLURAL"},
        Case{"en", "Why did you delete it?", "TONE_DIRECT_QUESTION_WHY"},
        Case{"fr", "Pourquoi avez-vous supprimé la page ?", "TONE_DIRECT_QUESTION_WHY"},
        Case{"en", "Actually, the date is wrong.", "TONE_FACTUALITY"},
        Case{"fr", "En fait, la date est fausse.", "TONE_FACTUALITY"},
        Case{"en", "You sent the wrong file.", "TONE_SECOND_PERSON_START"},
        Case{"en", "Great point, thanks.", "TONE_DEFERENCE"},
        // The same cue in both languages (client sentences written side by side).
        Case{"en", "It is essential that the problem is fixed before Monday.", "TONE_DEMAND"},
        Case{"fr", "Il est impératif que le problème soit corrigé avant lundi.", "TONE_DEMAND"},
        Case{"en", "Is anyone actually reading my messages?", "TONE_ACCUSATION"},
        Case{"fr", "Est-ce que quelqu'un lit mes messages ?", "TONE_ACCUSATION"},
        Case{"en", "I hope you are joking?", "TONE_CONTEMPT"},
        Case{"fr", "Vous plaisantez j'espère ?", "TONE_CONTEMPT"},
        Case{"en", "You are incapable of meeting a deadline.", "TONE_INSULT"},
        Case{"fr", "Vous êtes incapables de tenir un délai.", "TONE_INSULT"},
        Case{"en", "You are real amateurs.", "TONE_INSULT"},
        Case{"fr", "Vous êtes vraiment des amateurs.", "TONE_INSULT"},
        Case{"en", "I am still waiting for an answer, this has gone on long enough.",
             "TONE_EXASPERATION"},
        Case{"fr", "J'attends toujours une réponse, ça commence à bien faire.",
             "TONE_EXASPERATION"},
        Case{"en", "Without a reply by Friday, we will refer the matter to our legal department.",
             "TONE_THREAT_LAWYER"},
        Case{"fr",
             "Sans réponse d'ici vendredi, nous transmettrons le dossier à notre service "
             "contentieux.",
             "TONE_THREAT_LAWYER"},
        Case{"en", "Failing that, we will have no choice but to terminate the contract.",
             "TONE_THREAT_CANCEL"},
        Case{"fr", "À défaut, nous serons contraints de résilier le contrat.",
             "TONE_THREAT_CANCEL"},
        Case{"en", "Failing that, we will have no choice but to terminate the contract.",
             "TONE_ULTIMATUM"},
        Case{"fr", "À défaut, nous serons contraints de résilier le contrat.", "TONE_ULTIMATUM"},
        Case{"en", "We will switch to a competitor.", "TONE_THREAT_COMPETITOR"},
        Case{"fr", "Nous passerons chez un concurrent.", "TONE_THREAT_COMPETITOR"},
        Case{"en", "I will destroy your reputation on every social network.", "TONE_THREAT_REVIEW"},
        Case{"fr", "Je vais détruire votre réputation sur tous les réseaux sociaux.",
             "TONE_THREAT_REVIEW"},
        Case{"en", "Your customer service is a total joke, you are useless.", "TONE_CONTEMPT"},
        Case{"fr", "Votre service client est une vaste blague.", "TONE_CONTEMPT"},
        Case{"en", "Go to hell.", "TONE_PROFANITY"},
        Case{"fr", "Allez au diable.", "TONE_PROFANITY"},
        Case{"en", "This delay is not acceptable to us.", "TONE_UNACCEPTABLE"},
        Case{"fr", "Ce retard n'est pas acceptable pour nous.", "TONE_UNACCEPTABLE"},
        Case{"en", "My request of 4 March has gone unanswered.", "TONE_FRUSTRATION_REPEAT"},
        Case{"fr", "Ma demande du 4 mars est restée sans réponse.", "TONE_FRUSTRATION_REPEAT"}));

class ToneDoesNotSee : public ::testing::TestWithParam<Case> {};

TEST_P(ToneDoesNotSee, Symbol) {
  const Case& c = GetParam();
  auto r = tone(c.text, c.lang);
  EXPECT_FALSE(has(r, c.symbol)) << c.text << "\n" << describe(r);
}

// Words that look like the issue's phrases but are not aggressive.
INSTANTIATE_TEST_SUITE_P(
    LookAlikes, ToneDoesNotSee,
    ::testing::Values(
        Case{"en", "Our lawyer reviewed the contract.", "TONE_THREAT_LAWYER"},
        Case{"fr", "Notre avocat a relu le contrat.", "TONE_THREAT_LAWYER"},
        Case{"en", "I would like to cancel my subscription.", "TONE_THREAT_CANCEL"},
        Case{"fr", "Je souhaite résilier mon abonnement.", "TONE_THREAT_CANCEL"},
        Case{"fr", "Merci pour votre réactivité, bonne journée.", "TONE_SARCASM"},
        Case{"en", "Thanks for the quick reply, have a nice day.", "TONE_SARCASM"},
        Case{"fr", "Les amateurs de rock aiment ce groupe.", "TONE_INSULT"},
        Case{"en", "Sorry, I feel a bit stupid asking this.", "TONE_INSULT"},
        Case{"fr", "Nous ne réglerons pas les jours non validés.", "TONE_THREAT_CANCEL"},
        Case{"en", "We will not terminate the contract.", "TONE_THREAT_CANCEL"},
        // Said of a thing, "incapable" insults nobody.
        Case{"en", "The software is incapable of reading files over 2 GB.", "TONE_INSULT"},
        Case{"fr", "Le logiciel est incapable de lire les fichiers de plus de 2 Go.",
             "TONE_INSULT"},
        // Cancelling a meeting or stopping a server is not ending the contract.
        Case{"en", "I will have to cancel tomorrow's meeting, I am ill.", "TONE_ULTIMATUM"},
        Case{"fr", "Je vais devoir annuler la réunion de demain, je suis malade.",
             "TONE_THREAT_CANCEL"},
        Case{"en", "We are going to stop the server tonight for maintenance.",
             "TONE_THREAT_CANCEL"},
        Case{"fr", "Nous allons arrêter le serveur ce soir pour la maintenance.",
             "TONE_THREAT_CANCEL"},
        // A complaint as a topic, or someone else's.
        Case{"en", "The customer filed a complaint, can you advise us?", "TONE_THREAT_LAWYER"},
        Case{"fr", "Le client menace de porter plainte, pouvez-vous nous conseiller ?",
             "TONE_THREAT_LAWYER"},
        // A condition on a future silence is no complaint of a past one.
        Case{"en",
             "If there is no reply from you by Friday, I will assume the date suits "
             "you.",
             "TONE_FRUSTRATION_REPEAT"},
        Case{"fr",
             "Sans réponse de votre part d'ici vendredi, je considérerai que la date "
             "vous convient.",
             "TONE_FRUSTRATION_REPEAT"},
        // Negated.
        Case{"en", "No urgency, you can handle it next week.", "TONE_URGENCY"},
        Case{"fr", "Pas d'urgence, vous pouvez traiter ça la semaine prochaine.", "TONE_URGENCY"},
        Case{"en", "It is not unacceptable, but we would like a better lead time next time.",
             "TONE_UNACCEPTABLE"},
        Case{"fr",
             "Ce n'est pas inacceptable, mais nous aimerions un meilleur délai la "
             "prochaine fois.",
             "TONE_UNACCEPTABLE"},
        Case{"fr", "Vous plaisantez, mais le devis est en effet élevé.", "TONE_CONTEMPT"}));

TEST(ToneModifiers, NegationTurnsPositiveIntoNegative) {
  auto r = tone("Je ne suis pas du tout satisfait de la livraison.", "fr");
  EXPECT_FALSE(has(r, "TONE_POSITIVE_LEXICON")) << describe(r);
  EXPECT_TRUE(has(r, "TONE_FRUSTRATION") || has(r, "TONE_NEGATIVE_LEXICON")) << describe(r);
  auto plain = tone("I am satisfied with the delivery.", "en");
  auto negated = tone("I am not satisfied with the delivery.", "en");
  EXPECT_GT(plain.tone.politeness, negated.tone.politeness) << describe(negated);
}

TEST(ToneModifiers, LitotesIsMilderThanTheNegativeWord) {
  auto unhappy = tone("We are unhappy with the result.", "en");
  auto not_unhappy = tone("We are not unhappy with the result.", "en");
  EXPECT_GT(not_unhappy.tone.politeness, unhappy.tone.politeness) << describe(not_unhappy);
  EXPECT_LT(not_unhappy.tone.hostility, unhappy.tone.hostility + 1e-9);
}

TEST(ToneModifiers, IntensifierAndDowntonerScaleTheWeight) {
  auto plain = tone("I am frustrated.", "en");
  auto strong = tone("I am absolutely frustrated.", "en");
  auto weak = tone("I am slightly frustrated.", "en");
  const auto* p = find_signal(plain, "TONE_FRUSTRATION");
  const auto* s = find_signal(strong, "TONE_FRUSTRATION");
  const auto* w = find_signal(weak, "TONE_FRUSTRATION");
  ASSERT_TRUE(p && s && w) << describe(plain) << describe(strong) << describe(weak);
  EXPECT_GT(s->weight, p->weight);
  EXPECT_LT(w->weight, p->weight);
  auto fr_plain = tone("Je suis déçu.", "fr");
  auto fr_strong = tone("Je suis vraiment déçu.", "fr");
  ASSERT_TRUE(has(fr_plain, "TONE_FRUSTRATION")) << describe(fr_plain);
  EXPECT_GT(fr_strong.tone.hostility, fr_plain.tone.hostility) << describe(fr_strong);
}

TEST(ToneModifiers, WithdrawnThreatIsNoThreat) {
  auto r = tone("Rest assured we don't want to sue you over this.", "en");
  EXPECT_FALSE(has(r, "TONE_THREAT_LAWYER")) << describe(r);
  EXPECT_NE(r.tone.label, "hostile");
}

TEST(ToneModifiers, SelfDeprecationIsNoInsult) {
  auto r = tone("Sorry, I feel stupid, could you explain it again?", "en");
  EXPECT_FALSE(has(r, "TONE_INSULT")) << describe(r);
  EXPECT_EQ(r.tone.label, "calm") << describe(r);
}

TEST(ToneShouting, CapitalisedRunsShoutAcronymsDoNot) {
  auto loud = tone("NOUS EXIGEONS une réponse.", "fr");
  const auto* s = find_signal(loud, "TONE_SHOUTING");
  ASSERT_NE(s, nullptr) << describe(loud);
  EXPECT_EQ(s->text, "NOUS EXIGEONS");
  auto accents = tone("C'EST INADMISSIBLE ET DÉCEVANT.", "fr");
  ASSERT_NE(find_signal(accents, "TONE_SHOUTING"), nullptr) << describe(accents);
  EXPECT_EQ(find_signal(accents, "TONE_SHOUTING")->text, "C'EST INADMISSIBLE ET DÉCEVANT");
  auto acronyms = tone("Merci d'envoyer le PDF à l'URSSAF avec la TVA et le SIRET.", "fr");
  EXPECT_FALSE(has(acronyms, "TONE_SHOUTING")) << describe(acronyms);
  auto codes = tone("Order ABC123DEF and ref XK9 PLQ7.", "en");
  EXPECT_FALSE(has(codes, "TONE_SHOUTING")) << describe(codes);
}

// Shouting jumps over ordinary words to the next pair of possible capitals: runs far into a
// long text, opened by a one-letter word or by an accented capital, are found whole, in order,
// with the decay of repeats; a megabyte of lower-case words costs one pass.
TEST(ToneShouting, RunsFarIntoLongTextsAreFoundWhole) {
  std::string filler;
  for (int i = 0; i < 300; ++i) filler += "nous attendons votre réponse… depuis 3 semaines, ";
  std::string text = filler + "A BIG MISTAKE AGAIN here " + filler + "ÉNORME ERREUR, " + filler;
  auto r = tone(text, "fr");
  std::vector<const courtois::ToneSignal*> loud;
  for (const auto& s : r.tone.signals)
    if (s.symbol == "TONE_SHOUTING") loud.push_back(&s);
  ASSERT_EQ(loud.size(), 2u) << describe(r);
  EXPECT_EQ(loud[0]->text, "A BIG MISTAKE AGAIN");
  EXPECT_EQ(text.substr(loud[0]->start, loud[0]->end - loud[0]->start), loud[0]->text);
  EXPECT_EQ(loud[1]->text, "ÉNORME ERREUR");
  EXPECT_EQ(text.substr(loud[1]->start, loud[1]->end - loud[1]->start), loud[1]->text);
  EXPECT_DOUBLE_EQ(loud[1]->weight, loud[0]->weight / 2);
  auto alone = tone("A BIG MISTAKE AGAIN here", "fr");
  ASSERT_NE(find_signal(alone, "TONE_SHOUTING"), nullptr);
  EXPECT_EQ(find_signal(alone, "TONE_SHOUTING")->text, "A BIG MISTAKE AGAIN");
  std::string flat;
  for (int i = 0; i < 500000; ++i) flat += "a ";
  EXPECT_FALSE(has(tone(flat + "OK", "en"), "TONE_SHOUTING"));
  EXPECT_TRUE(has(tone(flat + "STOP IT NOW", "en"), "TONE_SHOUTING"));
}

TEST(TonePoliteness, PoliteRequestsArePositiveRudeOnesNegative) {
  EXPECT_GT(
      tone("Hi, could you please have a look at the article? Thanks a lot!", "en").tone.politeness,
      0);
  EXPECT_LT(tone("Why did you delete my edit? Actually it was right.", "en").tone.politeness, 0);
  EXPECT_GT(tone("Bonjour, pourriez-vous jeter un œil à l'article ? Merci beaucoup !", "fr")
                .tone.politeness,
            0);
  EXPECT_LT(tone("Pourquoi tu as supprimé ma modif ? En fait c'était juste.", "fr").tone.politeness,
            0);
  for (double p : {tone("", "en").tone.politeness, tone("OK", "fr").tone.politeness}) {
    EXPECT_GE(p, -1);
    EXPECT_LE(p, 1);
  }
}

TEST(ToneLabels, PoliteButFirmExampleOfTheIssue) {
  auto r = tone("Nous attendons la livraison pour vendredi, comme convenu au contrat.", "fr");
  EXPECT_NE(r.tone.label, "hostile") << describe(r);
  auto calm = tone("Hello, please find attached the signed quote. Best regards, Anna", "en");
  EXPECT_EQ(calm.tone.label, "calm") << describe(calm);
  EXPECT_LT(calm.tone.hostility, 0.1);
  auto tense = tone("I expect the delivery by Friday as agreed.", "en");
  EXPECT_EQ(tense.tone.label, "tense") << describe(tense);
}

// A polite final reminder states its consequence (suspending payments, the legal department,
// ending the contract): firm, so tense, never hostile. The same consequence with sarcasm and a
// second one in a rude message is hostile.
TEST(ToneLabels, PoliteFinalRemindersAreTenseNotHostile) {
  const std::pair<const char*, const char*> mails[] = {
      {"fr",
       "Bonjour Madame Martin,\n\nC'est la troisième fois que je vous écris au sujet de la facture "
       "2026-041, restée sans réponse. Je vous remercie de bien vouloir me transmettre un avoir "
       "d'ici vendredi. À défaut, nous serons contraints de suspendre nos paiements en cours.\n\n"
       "Cordialement,\nPaul Girard\n"},
      {"en",
       "Dear Ms Martin,\n\nThis is the third time I am writing to you about invoice 2026-041, "
       "which has gone unanswered. I would be grateful if you could send me a credit note by "
       "Friday. Failing that, we will have no choice but to suspend our pending payments.\n\n"
       "Kind regards,\nPaul Girard\n"},
      {"fr",
       "Madame, Monsieur,\n\nMalgré nos deux relances du 3 et du 17 février, la facture n° 518 "
       "d'un montant de 2 400 € demeure impayée. Sans règlement de votre part sous huit jours, "
       "nous transmettrons le dossier à notre service contentieux.\n\nNous vous prions "
       "d'agréer, Madame, Monsieur, nos salutations distinguées.\n\nService comptabilité\n"},
      {"en",
       "Dear Sir or Madam,\n\nDespite our two reminders of 3 and 17 February, invoice no. 518 "
       "for 2,400 EUR remains unpaid. Without payment from you within eight days, we will refer "
       "the matter to our legal department.\n\nYours faithfully,\n\nAccounts department\n"},
      // One lawyer named in a clearly polite letter, and nothing else aggressive.
      {"fr",
       "Bonjour Madame, malgré nos deux relances, la facture 2231 reste impayée. Sans règlement "
       "sous huit jours, nous transmettrons le dossier à notre avocat. Nous vous remercions de "
       "votre compréhension. Cordialement."},
      {"en",
       "Dear Mr Smith, despite our two reminders, invoice 2231 remains unpaid. If we do not "
       "receive payment within eight days, we will refer the matter to our lawyer. Thank you for "
       "your understanding. Kind regards."},
      {"fr",
       "Bonjour, à défaut de livraison d'ici le 15, nous serons contraints de résilier le contrat "
       "conformément à l'article 12. Cordialement."},
      {"en",
       "Hello, failing delivery by the 15th, we will have no choice but to terminate the contract "
       "under clause 12. Regards."},
      {"fr",
       "Bonjour, si la situation ne s'améliore pas, nous envisagerons de changer de fournisseur. "
       "Nous préférerions bien sûr l'éviter. Cordialement."},
      {"en",
       "Hello, if things do not improve, we will consider finding another supplier. We would of "
       "course prefer to avoid this. Regards."},
  };
  for (const auto& [lang, text] : mails) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "tense") << text << "\n" << describe(r);
    EXPECT_NE(tone(text, "unknown").tone.label, "hostile") << text;
  }
  for (const auto& [lang, text] :
       {std::pair{"fr",
                  "Merci pour rien. Sans réponse sous 48h, je transmets le dossier à notre service "
                  "contentieux et nous passerons chez un concurrent."},
        std::pair{"en",
                  "Thanks for nothing. Without an answer within 48 hours, I will refer the matter "
                  "to our legal department and we will switch to a competitor."},
        // The lawyer without the politeness around it.
        std::pair{"en", "Pay now or I will call my lawyer."},
        std::pair{"fr", "Payez maintenant ou j'appelle mon avocat."}}) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "hostile") << text << "\n" << describe(r);
  }
}

// An insult is hostile when it is aimed at the reader (a second-person word, a "vous" verb, a
// vocative); said of a thing it is frustration: tense, in both languages.
TEST(ToneLabels, InsultsAimedAtTheReaderAreHostileAtAThingTense) {
  for (const auto& [lang, text] : {std::pair{"en", "Your stupid system lost my order."},
                                   std::pair{"fr", "Votre système stupide a perdu ma commande."},
                                   std::pair{"en", "You idiot, read the ticket."},
                                   std::pair{"fr", "Lisez le ticket, bande d'abrutis."},
                                   std::pair{"en", "What a bunch of idiots."}}) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "hostile") << text << "\n" << describe(r);
  }
  for (const auto& [lang, text] :
       {std::pair{"en", "This stupid printer jams again."},
        std::pair{"fr", "Cette imprimante stupide est encore en panne."}}) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "tense") << text << "\n" << describe(r);
  }
}

// Rhetorical complaints the questions detector leaves to tone ("Est-ce trop demander ?" in
// issue 4) are contempt, in both languages; a plain question about difficulty is not.
TEST(ToneLabels, RhetoricalComplaintsAreHostile) {
  for (const auto& [lang, text] :
       {std::pair{"fr", "Est-ce trop demander ?"},
        std::pair{"fr", "Est-ce si difficile de répondre à un mail ?"},
        std::pair{"fr", "C'est comme ça que vous traitez vos clients ?"},
        std::pair{"fr", "Vous lisez seulement mes messages ?"},
        std::pair{"en", "Is that too much to ask?"}, std::pair{"en", "How hard can it be?"},
        std::pair{"en", "What kind of service is this?"}}) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "hostile") << text << "\n" << describe(r);
  }
  for (const auto& [lang, text] :
       {std::pair{"fr", "Est-il difficile de changer l'adresse de livraison ?"},
        std::pair{"en", "How hard is the installation for a beginner?"}}) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "calm") << text << "\n" << describe(r);
  }
}

// Business words that look negative in a bare statement of fact: calm, in both languages.
TEST(ToneLabels, BareStatementsOfFactAreCalm) {
  for (const auto& [lang, text] : {
           std::pair{"fr", "L'article 7 prévoit des pénalités de retard de 1 % par semaine."},
           std::pair{"en", "Clause 7 provides for late payment penalties of 1% per week."},
           std::pair{"fr", "Le test de charge a échoué à cause d'une erreur de configuration."},
           std::pair{"en", "The load test failed because of a configuration error."},
           std::pair{"fr", "Le logiciel est incapable de lire les fichiers de plus de 2 Go."},
           std::pair{"en", "The software is incapable of reading files over 2 GB."},
           std::pair{"fr", "Nous allons arrêter le serveur ce soir pour la maintenance."},
           std::pair{"en", "We are going to stop the server tonight for maintenance."},
           std::pair{"fr", "Je vais devoir annuler la réunion de demain, je suis malade."},
           std::pair{"en", "I will have to cancel tomorrow's meeting, I am ill."},
           std::pair{"fr", "Pas d'urgence, vous pouvez traiter ça la semaine prochaine."},
           std::pair{"en", "No urgency, you can handle it next week."},
       }) {
    auto r = tone(text, lang);
    EXPECT_EQ(r.tone.label, "calm") << text << "\n" << describe(r);
  }
}

TEST(ToneLabels, EmptyTextIsCalmWithoutSignals) {
  auto r = tone("", "fr");
  EXPECT_EQ(r.tone.label, "calm");
  EXPECT_TRUE(r.tone.signals.empty());
  EXPECT_EQ(r.tone.hostility, 0);
}

TEST(ToneLabels, BrokenAndLargeInputIsAnalysedWithValidOffsets) {
  std::string text = "Merci pour rien \xC3\x28 vous \xFF\xFE êtes des INCAPABLES !!!";
  std::string big;
  while (big.size() < (1u << 18)) big += text + "\n" + std::string(50, '!') + "???\n";
  for (const std::string* t : {&text, &big}) {
    auto r = tone(*t, "fr");
    EXPECT_EQ(r.tone.label, "hostile");
    for (const auto& s : r.tone.signals) {
      ASSERT_LE(s.start, s.end);
      ASSERT_LE(s.end, t->size());
      EXPECT_EQ(t->substr(s.start, s.end - s.start), s.text);
    }
    EXPECT_GE(r.tone.hostility, 0);
    EXPECT_LE(r.tone.hostility, 1);
  }
}

// A huge broken draft (a megabyte of one cue word, of "!!!", of capitals, of a threat repeated)
// takes time in proportion to its size, in either language and when the language is unknown:
// no stage walks back over what it has read for each new match. Quadratic work would take
// hours here; the growth check is generous (linear is x8 from 64 KB to 512 KB).
TEST(ToneLabels, HugePathologicalTextsStayLinear) {
  auto make = [](const std::string& unit, std::size_t size) {
    std::string s;
    while (s.size() < size) s += unit;
    return s;
  };
  auto seconds = [](const std::string& text, const std::string& lang) {
    auto begin = std::chrono::steady_clock::now();
    auto r = tone(text, lang);
    for (const auto& s : r.tone.signals) EXPECT_LE(s.end, text.size());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  for (std::string unit :
       {std::string("vous "), std::string("!"), std::string("! ?"), std::string("C'EST NUL "),
        std::string("stupid"), std::string("pour la troisieme fois, c'est inadmissible!!! "),
        std::string("you you your idiots ")}) {
    std::string small = make(unit, 1 << 16), large = make(unit, 1 << 19);
    for (const char* lang : {"fr", "en", ""}) {
      double s = seconds(small, lang), l = seconds(large, lang);
      EXPECT_LT(l, 40 * s + 2.0) << "'" << unit << "' (" << lang << "): " << s << " s for 128 KB, "
                                 << l << " s for 1 MB";
    }
  }
}

TEST(ToneLanguage, UnknownLanguageIsPickedByEvidence) {
  EXPECT_EQ(
      tone("Bonjour, je vous remercie pour votre retour, pourriez-vous confirmer ?", "unknown")
          .lang,
      "fr");
  EXPECT_EQ(tone("Hello, thank you for your answer, could you confirm the date?", "").lang, "en");
  auto r = tone("Merci pour rien, vous êtes des incapables.", "unknown");
  EXPECT_EQ(r.tone.label, "hostile") << describe(r);
}

TEST(TonePlugin, FillsAnalysisToneFromNewText) {
  auto plugin = courtois::make_tone_plugin();
  EXPECT_EQ(plugin->name(), "tone");
  auto errors = plugin->configure(shipped_rules());
  ASSERT_TRUE(errors.empty()) << errors.front().to_string();
  courtois::Message m;
  m.new_text = "Thanks for nothing. We will take legal action.";
  m.lang = "en";
  courtois::Analysis a;
  a.text = m.new_text;
  plugin->analyse(m, a);
  EXPECT_EQ(a.tone.label, "hostile");
  ASSERT_TRUE(std::any_of(a.tone.signals.begin(), a.tone.signals.end(),
                          [](const auto& s) { return s.symbol == "TONE_THREAT_LAWYER"; }));
  for (const auto& s : a.tone.signals) EXPECT_EQ(a.text.substr(s.start, s.end - s.start), s.text);
}

// ---- bad rules: clear, positioned errors ------------------------------------------------------

class ToneBadRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("courtois-tone-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "tone");
    for (const auto& entry : fs::directory_iterator(kRules / "tone"))
      fs::copy_file(entry.path(), dir_ / "tone" / entry.path().filename());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "tone" / name) << text;
  }
  std::vector<courtois::RuleError> configure() {
    std::vector<courtois::RuleError> errors;
    auto rules = courtois::load_rule_set("tone", dir_, std::nullopt, errors);
    ToneAnalyser a;
    for (auto& e : a.configure(rules)) errors.push_back(e);
    if (errors.empty()) {
      EXPECT_TRUE(a.ready());
    }
    return errors;
  }
  static std::string all(const std::vector<courtois::RuleError>& errors) {
    std::string s;
    for (const auto& e : errors) s += e.to_string() + "\n";
    return s;
  }
  fs::path dir_;
};

TEST_F(ToneBadRules, CopiedRulesAreValid) {
  EXPECT_TRUE(configure().empty());
}

TEST_F(ToneBadRules, InvalidRegexNamesFileLineAndField) {
  write("xx.json",
        "{\n  \"lang\": \"xx\",\n  \"rules\": [\n"
        "    {\"symbol\": \"TONE_A\", \"category\": \"threat\", \"hostility\": 3,\n"
        "     \"pattern\": \"(unclosed\", \"description\": \"d\"}\n  ]\n}\n");
  auto errors = configure();
  auto text = all(errors);
  EXPECT_NE(text.find("xx.json:5: /rules/0/pattern"), std::string::npos) << text;
  EXPECT_NE(text.find("does not compile"), std::string::npos) << text;
}

TEST_F(ToneBadRules, MissingHostilityUnknownCategoryAndUnfoldedPattern) {
  write("xx.json",
        "{\n  \"lang\": \"xx\",\n  \"rules\": [\n"
        "    {\"symbol\": \"TONE_A\", \"category\": \"threat\", \"pattern\": \"a\",\n"
        "     \"description\": \"d\"},\n"
        "    {\"symbol\": \"TONE_B\", \"category\": \"anger\", \"pattern\": \"b\",\n"
        "     \"description\": \"d\"},\n"
        "    {\"symbol\": \"TONE_C\", \"category\": \"hedge\", \"pattern\": \"Réactivité\",\n"
        "     \"description\": \"d\"},\n"
        "    {\"symbol\": \"TONE_D\", \"category\": \"hedge\", \"list\": \"nope.txt\",\n"
        "     \"description\": \"d\"}\n  ]\n}\n");
  auto text = all(configure());
  EXPECT_NE(text.find("/rules/0/hostility"), std::string::npos) << text;
  EXPECT_NE(text.find("/rules/1/category"), std::string::npos) << text;
  EXPECT_NE(text.find("/rules/2/pattern"), std::string::npos) << text;
  EXPECT_NE(text.find("folded"), std::string::npos) << text;
  EXPECT_NE(text.find("/rules/3/list"), std::string::npos) << text;
}

TEST_F(ToneBadRules, WeightForAFeatureNoRuleProducesIsAnError) {
  std::ifstream in(dir_ / "tone" / "politeness_weights.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto at = text.find("\"weights\": {");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 12, "\n    \"TONE_TYPO\": 1.0,");
  write("politeness_weights.json", text);
  auto errors = all(configure());
  EXPECT_NE(errors.find("/weights/TONE_TYPO"), std::string::npos) << errors;
}

TEST_F(ToneBadRules, ASecondFileOfALanguageAddsItsRules) {
  write("en-local.json",
        "{\"lang\": \"en\", \"rules\": [\n"
        "  {\"symbol\": \"TONE_THREAT_BLOG\", \"category\": \"threat\", \"hostility\": 3,\n"
        "   \"pattern\": \"write about (you|this) on my blog\", \"description\": \"blog\"}]}\n");
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("tone", dir_, std::nullopt, errors);
  ToneAnalyser a;
  for (auto& e : a.configure(rules)) errors.push_back(e);
  ASSERT_TRUE(errors.empty()) << all(errors);
  auto r = a.analyse("Thanks for nothing. I will write about you on my blog.", "en");
  EXPECT_TRUE(has(r, "TONE_THREAT_BLOG")) << describe(r);
  EXPECT_TRUE(has(r, "TONE_SARCASM")) << describe(r);
  EXPECT_EQ(r.tone.label, "hostile");
}

TEST_F(ToneBadRules, MissingModelIsReported) {
  fs::remove(dir_ / "tone" / "model.json");
  auto errors = all(configure());
  EXPECT_NE(errors.find("model.json"), std::string::npos) << errors;
}

// ---- evaluation command ----------------------------------------------------------------------

TEST(ToneEval, ReportsEveryPolitenessFileOrFailsClearly) {
  std::ostringstream out;
  int rc = courtois::eval_politeness(COURTOIS_SHARED_DIR, out);
  if (!fs::exists(fs::path(COURTOIS_SHARED_DIR) / "data" / "politeness"))
    GTEST_SKIP() << "no shared data";
  ASSERT_EQ(rc, 0) << out.str();
  for (const char* file :
       {"stanford_wikipedia.csv", "tydip_en_train_binary.csv", "tydip_fr_dev.csv"})
    EXPECT_NE(out.str().find(file), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("spearman"), std::string::npos);
  std::ostringstream none;
  EXPECT_EQ(courtois::eval_politeness(fs::temp_directory_path() / "no-such-courtois-dir", none), 1);
  EXPECT_NE(none.str().find("no politeness data"), std::string::npos) << none.str();
}

}  // namespace
