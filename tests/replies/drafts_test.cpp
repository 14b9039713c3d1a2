// Reply drafts: the acceptance of issue 7 on the test threads of tests/replies/data (tense or
// hostile client messages, French and English), and the pieces a draft is built from.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "courtois/text.hpp"
#include "replies_test_util.hpp"

namespace courtois::replies::testing {
namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

std::string day(const std::string& v) {
  return v.substr(0, 10);
}

struct Expected {
  std::vector<std::string> open_questions;
  std::set<std::string> allowed_days;
  std::vector<std::string> thread_texts;  // folded: a date quoted from the thread is allowed
};

// What the thread holds, read the way `courtois threads` reads it: the client's questions not
// answered later (and those of earlier client messages still open), and every date named.
Expected expected_of(const Engine& engine, const TestThread& t, const std::string& me) {
  Expected e;
  std::vector<Message> messages = t.messages;
  for (std::size_t i = 1; i < messages.size(); ++i)
    if (messages[i].in_reply_to.empty()) messages[i].in_reply_to = messages[0].message_id;
  std::vector<Analysis> analyses;
  ThreadOptions options;
  options.me = {me};
  auto threads = engine.threads(messages, analyses, options);
  const std::string& client_id = t.messages[t.client].message_id;
  for (const auto& m : t.messages) e.thread_texts.push_back(fold_string(m.new_text));
  for (const auto& th : threads) {
    for (const auto& tm : th.messages) {
      for (const auto& d : tm.analysis->dates) {
        e.allowed_days.insert(day(d.value));
        if (d.end_value) e.allowed_days.insert(day(*d.end_value));
      }
      for (const auto& c : tm.analysis->deadline_changes) {
        if (!c.from.empty()) e.allowed_days.insert(day(c.from));
        if (!c.to.empty()) e.allowed_days.insert(day(c.to));
      }
      if (tm.message->message_id == client_id)
        for (const auto& q : tm.analysis->questions)
          if (!q.answered_by) e.open_questions.push_back(q.text);
    }
    for (const auto& oq : th.open_questions)
      if (oq.message_id != client_id && std::find(e.open_questions.begin(), e.open_questions.end(),
                                                  oq.text) == e.open_questions.end())
        e.open_questions.push_back(oq.text);
  }
  if (t.options.new_date) e.allowed_days.insert(day(*t.options.new_date));
  if (t.options.absent_until) e.allowed_days.insert(day(*t.options.absent_until));
  return e;
}

TEST(ReplyDrafts, AcceptanceOnTenseAndHostileThreads) {
  int tense_or_hostile = 0, drafts = 0, fallbacks = 0, faq_answers = 0, placeholders_total = 0;
  std::map<std::string, int> per_lang;
  for (auto [file, lang] :
       {std::pair{"threads_fr.json", "fr"}, std::pair{"threads_en.json", "en"}}) {
    std::string me;
    auto threads = load_threads(file, lang, me);
    const Engine& engine = engine_for({me});
    for (const auto& t : threads) {
      SCOPED_TRACE(t.name);
      const Message& client = t.messages[t.client];
      Analysis ca = engine.analyse(client);
      EXPECT_NE(ca.tone.label, "calm") << "the test thread's client message should be tense or "
                                          "hostile: "
                                       << client.new_text;
      if (ca.tone.label == "calm") continue;
      ++tense_or_hostile;
      ++per_lang[lang];
      Expected expected = expected_of(engine, t, me);

      auto result = draft_replies(engine, client, t.messages, t.options);
      ASSERT_TRUE(result.ok()) << result.error().to_string();
      EXPECT_EQ(result->lang, lang);
      ASSERT_EQ(result->drafts.size(), 3u);
      std::set<std::string> styles;
      for (const auto& d : result->drafts) {
        SCOPED_TRACE(d.style);
        styles.insert(d.style);
        ++drafts;
        fallbacks += d.fallback;
        if (d.fallback)
          for (const auto& n : d.notes) std::cout << "[ replies  ] " << t.name << ": " << n << "\n";
        for (const auto& s : d.open_questions) (s.placeholder ? placeholders_total : faq_answers)++;
        // In the right language.
        EXPECT_EQ(detect_language(d.body), lang) << d.body;
        // Rated calm by the tone analyser, run again here on the text offered.
        Tone tone = engine.analyse(Message::from_text({}, d.body, client.date, lang)).tone;
        EXPECT_EQ(tone.label, "calm") << d.body;
        EXPECT_GT(tone.politeness, 0) << d.body;
        auto gate = passes_tone_gate(engine, tone);
        ASSERT_TRUE(gate.ok());
        EXPECT_TRUE(*gate) << d.body;
        EXPECT_TRUE(d.passed);
        // A paragraph or a placeholder for every open question.
        std::size_t placeholders = 0;
        for (const auto& q : expected.open_questions) {
          auto slot = std::find_if(d.open_questions.begin(), d.open_questions.end(),
                                   [&](const OpenQuestionSlot& s) { return s.text == q; });
          ASSERT_NE(slot, d.open_questions.end()) << "open question left out: " << q;
          if (slot->placeholder) ++placeholders;
        }
        std::string marker = std::string_view(lang) == "fr" ? "[À compléter : votre réponse]"
                                                            : "[To complete: your answer]";
        EXPECT_EQ(count_of(d.body, marker), placeholders) << d.body;
        for (const auto& s : d.open_questions) {
          if (s.placeholder) continue;
          auto m = faq_match(engine, s.text, lang);
          ASSERT_TRUE(m.ok() && m->has_value());
          EXPECT_NE(d.body.find((*m)->answer), std::string::npos) << d.body;
        }
        // No date that is not in the thread or the user's input.
        Analysis da = engine.analyse(Message::from_text({}, d.body, client.date, lang));
        for (const auto& date : da.dates) {
          // The client's own words quoted back ("the price for a second site") are in the
          // thread, whatever the date analyser makes of them.
          bool quoted = std::any_of(expected.thread_texts.begin(), expected.thread_texts.end(),
                                    [&](const std::string& t) {
                                      return t.find(fold_string(date.text)) != std::string::npos;
                                    });
          EXPECT_TRUE(quoted || expected.allowed_days.count(day(date.value)))
              << "invented date \"" << date.text << "\" (" << date.value << ") in:\n"
              << d.body;
        }
      }
      EXPECT_EQ(styles, (std::set<std::string>{"formal", "warm", "firm"}));
    }
  }
  // The numbers of the acceptance, for the report (docs/replies.md).
  std::cout << "[ replies  ] " << tense_or_hostile << " tense or hostile client messages, "
            << drafts << " drafts, " << fallbacks << " safe-template fallbacks, " << faq_answers
            << " FAQ answers, " << placeholders_total << " placeholders\n";
  EXPECT_GE(tense_or_hostile, 20);
  EXPECT_GE(per_lang["fr"], 10);
  EXPECT_GE(per_lang["en"], 10);
}

struct Fixture : ::testing::Test {
  const Engine& engine = engine_for({"contact@atelier-lumen.fr"});
  Message client(const std::string& from, const std::string& text,
                 const std::string& date = "2026-03-04T10:00:00+01:00") {
    return message_from({{"id", "t1@test"},
                         {"from", from},
                         {"date", date},
                         {"subject", "Question"},
                         {"text", text}});
  }
  Draft one(const Message& m, ReplyOptions o = {}) {
    if (o.styles.empty()) o.styles = {"formal"};
    auto r = draft_replies(engine, m, {}, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
    return r.ok() ? r->drafts.front() : Draft{};
  }
};

TEST_F(Fixture, GreetsByNameWithoutShoutingIt) {
  auto d = one(client("\"DUPONT Marc\" <m@exemple.fr>", "Bonjour, où en est mon dossier ?"));
  EXPECT_EQ(d.body.rfind("Bonjour Marc Dupont,", 0), 0u) << d.body;
  ReplyOptions warm;
  warm.styles = {"warm"};
  d = one(client("\"Smith, Karen\" <k@example.com>", "Hello, where is my order please?"), warm);
  EXPECT_EQ(d.body.rfind("Hi Karen,", 0), 0u) << d.body;
  d = one(client("<k@example.com>", "Hello, where is my order please?"));
  EXPECT_EQ(d.body.rfind("Dear Sir or Madam,", 0), 0u) << d.body;
  d = one(client("<k@exemple.fr>", "Bonjour, où en est mon dossier ?"));
  EXPECT_EQ(d.body.rfind("Madame, Monsieur,", 0), 0u) << d.body;
}

TEST_F(Fixture, FaqAnswersARecurringQuestionOtherwiseAPlaceholder) {
  auto d = one(client("Anne <a@exemple.fr>",
                      "Bonjour, quels moyens de paiement acceptez-vous ? Et quand passez-vous "
                      "pour le relevé du compteur ?"));
  ASSERT_EQ(d.open_questions.size(), 2u) << d.body;
  EXPECT_FALSE(d.open_questions[0].placeholder);
  EXPECT_EQ(d.open_questions[0].faq_id, "payment-methods");
  EXPECT_NE(d.body.find("Nous acceptons le virement bancaire"), std::string::npos) << d.body;
  EXPECT_TRUE(d.open_questions[1].placeholder);
  EXPECT_NE(d.body.find("[À compléter : votre réponse]"), std::string::npos) << d.body;
}

TEST_F(Fixture, FrameWhenTheClientAsksForMoreThanAgreed) {
  auto d = one(client("Paul <p@exemple.fr>",
                      "Pourriez-vous aussi ajouter une page de blog, gratuitement ?"));
  EXPECT_TRUE(d.frame);
  EXPECT_NE(d.body.find("va au-delà de ce qui a été convenu"), std::string::npos) << d.body;
  ReplyOptions own;
  own.frame = "Notre contrat couvre cinq pages ; une sixième fait l'objet d'un avenant.";
  d = one(
      client("Paul <p@exemple.fr>", "Pourriez-vous aussi ajouter une page de blog, gratuitement ?"),
      own);
  EXPECT_NE(d.body.find(own.frame), std::string::npos) << d.body;
  d = one(client("Paul <p@exemple.fr>", "Pourriez-vous m'envoyer la maquette ?"));
  EXPECT_FALSE(d.frame) << d.body;
}

TEST_F(Fixture, AbsenceNamesTheBackupContact) {
  ReplyOptions o;
  o.absent_until = "2026-03-16";
  o.backup = "Léa Garnier <lea@atelier-lumen.fr>";
  auto d = one(client("Anne <a@exemple.fr>", "Pouvez-vous me rappeler ?"), o);
  EXPECT_TRUE(d.absence);
  EXPECT_NE(d.body.find("jusqu'au lundi 16 mars 2026"), std::string::npos) << d.body;
  EXPECT_NE(d.body.find("Léa Garnier (lea@atelier-lumen.fr)"), std::string::npos) << d.body;
}

TEST_F(Fixture, ADeadlineGetsAnHonestStatusAndANewDateOnlyFromTheUser) {
  Message m = client("Anne <a@exemple.fr>",
                     "La livraison doit avoir lieu avant le 11 mars, c'est bien confirmé ?");
  auto d = one(m);
  ASSERT_EQ(d.deadlines.size(), 1u) << d.body;
  EXPECT_EQ(d.deadlines[0].status, "to_confirm");
  EXPECT_NE(d.body.find("mercredi 11 mars 2026"), std::string::npos) << d.body;
  EXPECT_NE(d.body.find("[À compléter : dites franchement"), std::string::npos) << d.body;
  ReplyOptions o;
  o.new_date = "2026-03-20";
  d = one(m, o);
  EXPECT_EQ(d.deadlines[0].status, "new_date");
  EXPECT_NE(d.body.find("nous ne pourrons pas la tenir"), std::string::npos) << d.body;
  EXPECT_NE(d.body.find("vendredi 20 mars 2026"), std::string::npos) << d.body;
}

TEST_F(Fixture, AMovedDeadlineIsSaidPlainly) {
  Message m = client("Julien <j@exemple.fr>",
                     "L'installation prévue le 12 mars est repoussée au 19 mars ? Pourquoi ?");
  auto d = one(m);
  ASSERT_FALSE(d.deadlines.empty()) << d.body;
  EXPECT_EQ(d.deadlines[0].status, "moved");
  EXPECT_NE(d.body.find("a été déplacée au jeudi 19 mars 2026"), std::string::npos) << d.body;
}

TEST_F(Fixture, AFrameThatIsNotCalmFallsBackToTheSafeTemplateAndSaysSo) {
  ReplyOptions o;
  o.force_frame = true;
  o.frame = "Vous êtes vraiment des idiots, lisez le contrat !!!";
  auto d = one(client("Anne <a@exemple.fr>", "Pourquoi est-ce si cher ?"), o);
  EXPECT_TRUE(d.fallback);
  EXPECT_TRUE(d.passed) << d.body;
  EXPECT_EQ(d.body.find("idiots"), std::string::npos) << d.body;
  ASSERT_FALSE(d.notes.empty());
  EXPECT_NE(d.notes[0].find("did not pass the tone check"), std::string::npos);
}

TEST_F(Fixture, QuotedQuestionsDropInsultsAndCapitals) {
  auto d = one(client("Tom <t@exemple.fr>",
                      "POURQUOI VOTRE SITE EST-IL ENCORE EN PANNE, bande d'incapables ?"));
  EXPECT_EQ(d.body.find("incapables"), std::string::npos) << d.body;
  EXPECT_EQ(d.body.find("POURQUOI"), std::string::npos) << d.body;
  EXPECT_FALSE(d.fallback) << d.body;
}

TEST_F(Fixture, BadOptionsAreRefusedWithAReason) {
  ReplyOptions o;
  o.styles = {"rude"};
  auto r = draft_replies(engine, client("A <a@b.fr>", "Où en est-on ?"), {}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown style \"rude\""), std::string::npos);
  ReplyOptions bad_date;
  bad_date.new_date = "next friday";
  r = draft_replies(engine, client("A <a@b.fr>", "Où en est-on ?"), {}, bad_date);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("is not a date"), std::string::npos);
}

TEST(ReplyRules, ShippedRulesLoadAndPluginsAreEnabled) {
  const Engine& engine = engine_for({});
  for (const auto& e : rule_errors(engine)) ADD_FAILURE() << e.to_string();
  for (const char* name : {"replies", "faq"}) {
    auto st = std::find_if(engine.status().begin(), engine.status().end(),
                           [&](const PluginStatus& s) { return s.name == name; });
    ASSERT_NE(st, engine.status().end()) << name;
    EXPECT_TRUE(st->enabled) << st->reason;
  }
}

TEST(ReplyRules, AnInvalidTemplateIsNamedByFileLineAndField) {
  namespace fs = std::filesystem;
  fs::path dir =
      fs::temp_directory_path() / ("courtois-replies-rules-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(std::string(COURTOIS_SOURCE_DIR) + "/rules", dir, fs::copy_options::recursive);
  {
    std::ifstream in(dir / "replies/templates.json");
    std::stringstream buf;
    buf << in.rdbuf();
    std::string s = buf.str();
    auto p = s.find("\"Bonjour {first_name},\"");
    ASSERT_NE(p, std::string::npos);
    s.replace(p, 23, "\"Bonjour {prenom},\"");
    std::ofstream out(dir / "replies/templates.json");
    out << s;
  }
  // Without the built-in plugins the engine is quick to create; the replies rules are read
  // all the same.
  EngineOptions o;
  o.rules_dir = dir;
  o.local_rules_dir = std::nullopt;
  o.builtins = false;
  auto engine = Engine::create(o);
  auto errors = rule_errors(*engine);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].to_string().find("templates.json:"), std::string::npos);
  EXPECT_NE(errors[0].to_string().find("text: unknown field {prenom}"), std::string::npos)
      << errors[0].to_string();
  Message m = Message::from_text("x", "Bonjour, où en est-on ?", std::nullopt, "fr");
  auto r = draft_replies(*engine, m, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::rule);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace courtois::replies::testing
