// The draft check: every planted problem of the bad drafts is flagged, the good drafts pass
// clean (tests/replies/data/draft_checks.json), and the offsets point into the draft.
#include <gtest/gtest.h>

#include <tuple>

#include "courtois/text.hpp"
#include "replies_test_util.hpp"

namespace courtois::replies::testing {
namespace {

struct CheckCase {
  std::string name, lang, draft;
  std::optional<Message> reply_to;
  nlohmann::json expect;
};

std::vector<CheckCase> load_cases(const std::string& group) {
  auto doc = read_json("draft_checks.json");
  std::vector<CheckCase> out;
  for (const auto& c : doc.at(group)) {
    CheckCase cc{c.at("name"), c.at("lang"), c.at("draft"), std::nullopt,
                 c.value("expect", nlohmann::json::array())};
    if (c.contains("reply_to")) {
      nlohmann::json m = doc.at("clients").at(c["reply_to"].get<std::string>());
      m["id"] = c["reply_to"].get<std::string>() + "@test";
      cc.reply_to = message_from(m);
    }
    out.push_back(std::move(cc));
  }
  return out;
}

const Engine& engine() {
  return engine_for({"contact@atelier-lumen.fr", "help@northwind-studio.com"});
}

// A client's message of 6 April 2026, to reply to.
Message client_message(const std::string& id, const std::string& text, const std::string& lang) {
  return message_from({{"id", id},
                       {"from", "Client <client@example.com>"},
                       {"text", text},
                       {"lang", lang},
                       {"date", "2026-04-06T08:00:00+02:00"}});
}

DraftCheck run(const CheckCase& c) {
  auto r = check_draft(engine(), c.draft, c.reply_to ? &*c.reply_to : nullptr, c.lang);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? *r : DraftCheck{};
}

TEST(DraftCheck, EveryPlantedProblemOfTheBadDraftsIsFlagged) {
  auto cases = load_cases("bad");
  ASSERT_GE(cases.size(), 30u);
  std::size_t planted = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    DraftCheck check = run(c);
    EXPECT_FALSE(check.ok);
    for (const auto& e : c.expect) {
      ++planted;
      std::string kind = e.at("kind"), text = e.at("text");
      bool found = std::any_of(check.issues.begin(), check.issues.end(), [&](const DraftIssue& i) {
        return i.kind == kind &&
               (fold_string(i.text).find(fold_string(text)) != std::string::npos ||
                fold_string(text).find(fold_string(i.text)) != std::string::npos);
      });
      EXPECT_TRUE(found) << "not flagged: " << kind << " \"" << text << "\"\n"
                         << to_json(check).dump(2);
    }
    // Offsets of issues found in the draft point at their text.
    for (const auto& i : check.issues) {
      if (i.source_start) {
        ASSERT_TRUE(c.reply_to);
        EXPECT_EQ(c.reply_to->new_text.substr(*i.source_start, *i.source_end - *i.source_start),
                  i.text);
        continue;
      }
      ASSERT_LE(i.end, c.draft.size());
      EXPECT_EQ(c.draft.substr(i.start, i.end - i.start), i.text);
      EXPECT_FALSE(i.suggestion.empty()) << i.kind << " " << i.text;
    }
  }
  EXPECT_GE(planted, 30u);
}

TEST(DraftCheck, TheGoodDraftsPassClean) {
  auto cases = load_cases("good");
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    DraftCheck check = run(c);
    EXPECT_TRUE(check.ok) << to_json(check).dump(2);
    EXPECT_TRUE(check.issues.empty());
  }
}

TEST(DraftCheck, SuggestionsAreInTheDraftsLanguage) {
  CheckCase fr{
      "fr", "fr", "Bonjour,\n\nComme je vous l'ai déjà dit, c'est prêt.\n", std::nullopt, {}};
  DraftCheck check = run(fr);
  ASSERT_FALSE(check.issues.empty());
  EXPECT_EQ(check.issues[0].suggestion, "Pour rappel,");
  EXPECT_EQ(check.lang, "fr");
  CheckCase en{"en", "", "Hello,\n\nAs I already said, it is ready.\n", std::nullopt, {}};
  check = run(en);
  ASSERT_FALSE(check.issues.empty());
  EXPECT_EQ(check.issues[0].suggestion, "To recap,");
  EXPECT_EQ(check.lang, "en");
}

// A closing formula after a question asks for that question's answer: a draft that answers
// nothing is flagged once, for the question.
TEST(DraftCheck, AClosingFormulaIsNotASecondUnansweredQuestion) {
  for (const auto& [lang, client] :
       {std::pair{"fr",
                  "Bonjour,\n\nPouvez-vous me confirmer la date de pose de la cuisine ? Dans "
                  "l'attente de votre réponse.\n\nClaire"},
        std::pair{"en",
                  "Hello,\n\nCan you confirm the installation date for the kitchen? "
                  "Awaiting your answer.\n\nDana"}}) {
    Message reply_to = client_message(std::string("formula-") + lang + "@test", client, lang);
    auto r = check_draft(engine(), "Bonjour,\n\nMerci pour votre message.\n", &reply_to, lang);
    ASSERT_TRUE(r.ok());
    std::vector<std::string> unanswered;
    for (const auto& i : r->issues)
      if (i.kind == "unanswered_question") unanswered.push_back(i.text);
    ASSERT_EQ(unanswered.size(), 1u) << lang;
    EXPECT_NE(unanswered[0].find(lang == std::string("fr") ? "Pouvez-vous" : "Can you"),
              std::string::npos);
  }
}

// A request for a document is answered by the file attached to the draft: by its name, or by
// a sentence that hands it over. The same sentence with nothing attached forgot the file.
TEST(DraftCheck, AnAttachedDocumentAnswersTheRequestForIt) {
  for (const auto& [lang, client, draft, file] :
       {std::tuple{"fr", "Bonjour,\n\nPourriez-vous m'envoyer le contrat signé ?\n\nLéa",
                   "Bonjour Léa,\n\nLe voici en pièce jointe.\n", "contrat-signe.pdf"},
        std::tuple{"en", "Hello,\n\nCould you send me the receipt for order 4411?\n\nGrace",
                   "Hi Grace,\n\nHere it is.\n", "Receipt_4411.pdf"}}) {
    Message reply_to = client_message(std::string("attached-") + lang + "@test", client, lang);
    auto unanswered = [&](const std::vector<std::string>& files) {
      auto r = check_draft(engine(), draft, &reply_to, lang, {}, files);
      EXPECT_TRUE(r.ok());
      std::size_t n = 0;
      for (const auto& i : r->issues) n += i.kind == "unanswered_question";
      return n;
    };
    EXPECT_EQ(unanswered({file}), 0u) << lang;
    EXPECT_EQ(unanswered({"photo.jpg"}), 0u) << lang << ": the draft says it is attached";
    EXPECT_EQ(unanswered({}), 1u) << lang << ": nothing attached, the file was forgotten";
  }
}

TEST(DraftCheck, EmptyAndBrokenDraftsAreCheckedWithoutFailing) {
  for (std::string draft :
       {std::string(), std::string("\xff\xfe broken \xc3"), std::string(100000, '!')}) {
    auto r = check_draft(engine(), draft, nullptr, {});
    ASSERT_TRUE(r.ok());
    for (const auto& i : r->issues) EXPECT_LE(i.end, sanitize_utf8(draft).size());
  }
}

}  // namespace
}  // namespace courtois::replies::testing
