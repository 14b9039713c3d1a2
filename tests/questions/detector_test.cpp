// The questions detector on single messages: what is a question or request, exact spans.
#include <gtest/gtest.h>

#include <string>

#include "courtois/message.hpp"
#include "courtois/rules.hpp"
#include "questions/questions.hpp"

namespace courtois::questions {
namespace {

class DetectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<RuleError> errors;
    RuleSet rules = load_rule_set("questions", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
    plugin_ = new QuestionsPlugin();
    auto more = plugin_->configure(rules);
    errors.insert(errors.end(), more.begin(), more.end());
    for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  }
  static void TearDownTestSuite() { delete plugin_; }

  static Analysis analyse(const std::string& text, const std::string& lang = "") {
    Message m;
    m.new_text = text;
    m.body_text = text;
    m.lang = lang;
    Analysis a;
    a.text = text;
    a.lang = lang.empty() ? "unknown" : lang;
    plugin_->analyse(m, a);
    for (const Question& q : a.questions) {
      EXPECT_LE(q.end, text.size());
      EXPECT_EQ(q.text, text.substr(q.start, q.end - q.start)) << "span must be exact";
    }
    return a;
  }
  static bool asks(const std::string& text, const std::string& lang = "") {
    return !analyse(text, lang).questions.empty();
  }
  static QuestionsPlugin* plugin_;
};
QuestionsPlugin* DetectorTest::plugin_ = nullptr;

TEST_F(DetectorTest, DirectQuestionsWithAndWithoutQuestionMark) {
  EXPECT_TRUE(asks("When will the delivery arrive?"));
  EXPECT_TRUE(asks("Can you send me the invoice."));
  EXPECT_TRUE(asks("Est-ce que la livraison est prévue pour lundi ?", "fr"));
  EXPECT_TRUE(asks("Quand pensez-vous pouvoir livrer", "fr"));
}

TEST_F(DetectorTest, IndirectRequestsInFrench) {
  EXPECT_TRUE(asks("Merci de me faire parvenir le devis signé.", "fr"));
  EXPECT_TRUE(asks("Pourriez-vous me rappeler demain matin.", "fr"));
  EXPECT_TRUE(asks("J'attends votre retour sur la proposition.", "fr"));
  EXPECT_TRUE(asks("Je souhaiterais savoir où en est ma commande.", "fr"));
  EXPECT_TRUE(asks("Il faudrait que vous validiez le bon de commande.", "fr"));
  EXPECT_TRUE(asks("Envoyez-moi le devis.", "fr"));
}

TEST_F(DetectorTest, IndirectRequestsInEnglish) {
  EXPECT_TRUE(asks("Let me know when the parts ship."));
  EXPECT_TRUE(asks("I need the invoice by Friday."));
  EXPECT_TRUE(asks("Please send the signed contract."));
  EXPECT_TRUE(asks("Could you check the figures"));
}

TEST_F(DetectorTest, NotQuestions) {
  EXPECT_FALSE(asks("Est-ce trop demander ?", "fr"));
  EXPECT_FALSE(asks("N'hésitez pas si vous avez des questions.", "fr"));
  EXPECT_FALSE(asks("Let me know if you have any questions."));
  EXPECT_FALSE(asks("Thanks a lot for your help."));
  EXPECT_FALSE(asks("Bonjour Madame Martin,", "fr"));
  EXPECT_FALSE(asks("Merci beaucoup pour votre réactivité.", "fr"));
  EXPECT_FALSE(asks("The shipment left our warehouse this morning."));
  EXPECT_FALSE(asks("Nous avons bien reçu votre paiement.", "fr"));
}

TEST_F(DetectorTest, OneQuestionPerSentenceWithExactSpans) {
  std::string text =
      "Bonjour,\n\nMerci pour votre envoi. Pourriez-vous me confirmer la date de livraison ? "
      "Par ailleurs, merci de m'envoyer la facture.\n\nCordialement";
  Analysis a = analyse(text, "fr");
  ASSERT_EQ(a.questions.size(), 2u);
  EXPECT_EQ(a.questions[0].text, "Pourriez-vous me confirmer la date de livraison ?");
  EXPECT_EQ(a.questions[1].text, "Par ailleurs, merci de m'envoyer la facture.");
  EXPECT_EQ(a.questions[1].kind, "request");
  EXPECT_FALSE(a.questions[0].symbol.empty());
}

TEST_F(DetectorTest, AccentsAndTypographicApostrophes) {
  Analysis a = analyse("Éric, pourriez‑vous m’envoyer l’attestation ?", "fr");
  ASSERT_EQ(a.questions.size(), 1u);
  EXPECT_EQ(a.questions[0].start, 0u);
}

}  // namespace
}  // namespace courtois::questions
