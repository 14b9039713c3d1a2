// FAQ: matching a question to a ready answer, and mining a mailbox for recurring questions.
#include <gtest/gtest.h>

#include "replies_test_util.hpp"

namespace courtois::replies::testing {
namespace {

TEST(FaqMatch, RecurringQuestionsMatchTheirEntryInEitherLanguage) {
  const Engine& engine = engine_for({});
  struct Case {
    const char *question, *lang, *id;
  };
  for (const Case& c : std::vector<Case>{
           {"Pourriez-vous me renvoyer la facture de février ?", "fr", "invoice-copy"},
           {"Où est-ce que je trouve mes factures ?", "fr", "invoice-copy"},
           {"Est-ce que je peux payer par virement bancaire ?", "fr", "payment-methods"},
           {"J'ai oublié mon mot de passe, comment faire ?", "fr", "password-reset"},
           {"Could you send the invoice again?", "en", "invoice-copy"},
           {"Do you accept payment by card?", "en", "payment-methods"},
           {"How can I track my parcel?", "en", "order-tracking"},
           {"How can I get a refund for this purchase?", "en", "refund-policy"},
       }) {
    auto m = faq_match(engine, c.question, c.lang);
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE(m->has_value()) << c.question;
    EXPECT_EQ((*m)->id, c.id) << c.question;
    EXPECT_EQ((*m)->lang, c.lang);
  }
}

TEST(FaqMatch, UnrelatedQuestionsAndOtherLanguagesDoNotMatch) {
  const Engine& engine = engine_for({});
  for (auto [q, lang] : std::vector<std::pair<const char*, const char*>>{
           {"Pourquoi la facture est-elle si élevée ?", "fr"},
           {"Quand passez-vous pour le relevé du compteur ?", "fr"},
           {"Can we meet on site to discuss the layout?", "en"},
           {"Why is the invoice so high?", "en"},
           {"Can you resend the invoice?", "fr"}}) {
    auto m = faq_match(engine, q, lang);
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(m->has_value()) << q << " matched " << (*m)->id;
  }
}

FaqMiningInput mail(const std::string& id, const std::string& from, const std::string& text,
                    const std::string& subject = "Question") {
  Message m = Message::from_text(id, text, ZonedTime::parse_rfc3339("2026-03-02T10:00:00+01:00"),
                                 {}, parse_address(from), subject);
  return {std::move(m), "test#" + id};
}

TEST(FaqMining, RecurringClientQuestionsBecomeProposals) {
  const Engine& engine = engine_for({"contact@atelier-lumen.fr"});
  std::vector<FaqMiningInput> box = {
      mail("1", "A <a@x.fr>", "Bonjour, comment modifier mon adresse de livraison ?"),
      mail("2", "B <b@y.fr>", "Bonjour,\nPuis-je modifier l'adresse de livraison de ma commande ?"),
      mail("3", "C <c@z.fr>", "Est-il possible de modifier mon adresse de livraison ?\nMerci"),
      mail("4", "D <d@w.fr>", "Quels sont vos horaires d'ouverture le samedi ?"),
      mail("5", "E <e@v.fr>", "Vos horaires d'ouverture le samedi, s'il vous plaît ?"),
      mail("6", "F <f@u.fr>", "Avez-vous reçu mon chèque ?"),
      // The user's own mail is not client mail.
      mail("7", "Atelier <contact@atelier-lumen.fr>",
           "Comment modifier votre adresse de livraison ?"),
  };
  auto r = faq_suggest(engine, box, {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->messages, 7u);
  EXPECT_EQ(r->client_messages, 6u);
  ASSERT_EQ(r->suggestions.size(), 2u) << to_json(*r).dump(2);
  const auto& first = r->suggestions[0];
  EXPECT_EQ(first.count, 3);
  EXPECT_EQ(first.messages, 3);
  EXPECT_EQ(first.lang, "fr");
  EXPECT_EQ(first.variants.size(), 3u);
  EXPECT_NE(std::find(first.keywords.begin(), first.keywords.end(), "adresse"),
            first.keywords.end());
  EXPECT_FALSE(first.examples.empty());
  EXPECT_EQ(first.examples[0].source.rfind("test#", 0), 0u);
  EXPECT_EQ(r->suggestions[1].count, 2);
  auto j = to_json(*r);
  EXPECT_EQ(j["suggestions"][0]["answer"], "");
  EXPECT_TRUE(j["suggestions"][0]["existing"].is_null());
}

// Chasers and closing formulas ask for a reply, not about a topic: however often clients
// write them, they are no FAQ entry.
TEST(FaqMining, ClosingFormulasAndChasersAreNoProposals) {
  const Engine& engine = engine_for({"contact@atelier-lumen.fr"});
  std::vector<FaqMiningInput> box = {
      mail("1", "A <a@x.fr>", "Le colis est abîmé. Dans l'attente de votre réponse."),
      mail("2", "B <b@y.fr>", "La facture est fausse. Dans l'attente de votre réponse."),
      mail("3", "C <c@z.fr>", "Des nouvelles ?"),
      mail("4", "D <d@w.fr>", "Des nouvelles ?"),
      mail("5", "E <e@v.com>", "The parcel is late. Awaiting your reply."),
      mail("6", "F <f@u.com>", "The invoice is wrong. Awaiting your reply."),
      mail("7", "G <g@t.com>", "Please advise."),
      mail("8", "H <h@s.com>", "Please advise."),
  };
  auto r = faq_suggest(engine, box, {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->client_messages, 8u);
  EXPECT_TRUE(r->suggestions.empty()) << to_json(*r).dump(2);
}

TEST(FaqMining, AProposalAlreadyCoveredNamesTheExistingEntry) {
  const Engine& engine = engine_for({});
  std::vector<FaqMiningInput> box = {
      mail("1", "A <a@x.com>", "Hello, how can I track my order?"),
      mail("2", "B <b@y.com>", "How do I track my order please?"),
  };
  auto r = faq_suggest(engine, box, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->suggestions.size(), 1u) << to_json(*r).dump(2);
  EXPECT_EQ(r->suggestions[0].existing, "order-tracking");
}

TEST(FaqMining, ABadThresholdIsRefused) {
  FaqMiningOptions o;
  o.jaccard = 0;
  auto r = faq_suggest(engine_for({}), {}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_input);
}

}  // namespace
}  // namespace courtois::replies::testing
