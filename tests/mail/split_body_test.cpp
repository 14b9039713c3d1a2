// split_body: new text apart from quoted history, signature and disclaimer, in French and
// English, for each quoting style mailers use.
#include <gtest/gtest.h>

#include "courtois/message.hpp"

namespace courtois {
namespace {

TEST(SplitBodyTest, FrenchAttributionWithQuotes) {
  SplitText s = split_body(
      "Bonjour,\n\nC'est noté, merci.\n\n"
      "Le lun. 2 mars 2026 à 10:12, Marie Dupont <marie@example.fr> a écrit :\n"
      "> Pouvez-vous confirmer ?\n> Merci\n");
  EXPECT_EQ(s.new_text, "Bonjour,\n\nC'est noté, merci.\n");
  EXPECT_EQ(s.quoted,
            "Le lun. 2 mars 2026 à 10:12, Marie Dupont <marie@example.fr> a écrit :\n"
            "> Pouvez-vous confirmer ?\n> Merci\n");
  EXPECT_EQ(s.signature, "");
}

TEST(SplitBodyTest, FrenchNumericAttributionWithNarrowSpaces) {
  // Thunderbird's French attribution, with a no-break space before the colon.
  SplitText s = split_body(
      "D'accord pour jeudi.\n\nLe 02/03/2026 10:12, Paul Martin a écrit\xC2\xA0:\n> Jeudi ?\n");
  EXPECT_EQ(s.new_text, "D'accord pour jeudi.\n");
  EXPECT_EQ(s.quoted, "Le 02/03/2026 10:12, Paul Martin a écrit\xC2\xA0:\n> Jeudi ?\n");
}

TEST(SplitBodyTest, EnglishAttributionWrappedOverTwoLines) {
  SplitText s = split_body(
      "Sounds good, see you then.\n\n"
      "On Mon, Mar 2, 2026 at 10:12 AM John Smith <\n"
      "john@example.com> wrote:\n"
      "> Can we meet on Thursday?\n");
  EXPECT_EQ(s.new_text, "Sounds good, see you then.\n");
  EXPECT_EQ(s.quoted,
            "On Mon, Mar 2, 2026 at 10:12 AM John Smith <\njohn@example.com> wrote:\n"
            "> Can we meet on Thursday?\n");
}

TEST(SplitBodyTest, EnglishAttributionWithoutQuoteMarks) {
  // History pasted without '>' after a strict attribution line is history all the same.
  SplitText s = split_body(
      "Thanks!\n\nOn Mon, Mar 2, 2026 at 10:12 AM X <x@y.com> wrote:\n\nOld text\nmore old text\n");
  EXPECT_EQ(s.new_text, "Thanks!\n");
  EXPECT_EQ(s.quoted,
            "On Mon, Mar 2, 2026 at 10:12 AM X <x@y.com> wrote:\n\nOld text\nmore old text\n");
}

TEST(SplitBodyTest, InlineRepliesKeepEveryAnswer) {
  SplitText s = split_body(
      "On Mon, Mar 2, 2026 at 10:12 AM Client <c@example.com> wrote:\n"
      "> What is the price?\n"
      "It is 120 euros.\n"
      "\n"
      "> When can you deliver?\n"
      "> I need it soon.\n"
      "Next Tuesday.\n"
      "\n"
      "Best regards,\n"
      "Anna\n");
  EXPECT_EQ(s.new_text, "It is 120 euros.\n\nNext Tuesday.\n\nBest regards,\n");
  EXPECT_EQ(s.signature, "Anna\n");
  EXPECT_EQ(s.quoted,
            "On Mon, Mar 2, 2026 at 10:12 AM Client <c@example.com> wrote:\n"
            "> What is the price?\n> When can you deliver?\n> I need it soon.\n");
}

TEST(SplitBodyTest, BlockAtTheTopThenBottomPostedReply) {
  SplitText s = split_body(
      "----- Original Message -----\nFrom: \"Scott\" <s@example.com>\nSent: Monday, October 07, "
      "2002\n"
      "Subject: Re: stick\n\n> What is it?\n>\n\nA rebranding, nothing more.\n");
  EXPECT_EQ(s.new_text, "A rebranding, nothing more.\n");
  EXPECT_EQ(s.quoted,
            "----- Original Message -----\nFrom: \"Scott\" <s@example.com>\nSent: Monday, October "
            "07, 2002\n"
            "Subject: Re: stick\n> What is it?\n>\n");
  // An attribution at the top with another quoting style under it: the reply still counts.
  SplitText t = split_body("On Thu, 22 Aug 2002, Joseph wrote:\n--]Why wait?\n\nSo that is why.\n");
  EXPECT_EQ(t.quoted, "On Thu, 22 Aug 2002, Joseph wrote:\n");
  EXPECT_EQ(t.new_text, "--]Why wait?\n\nSo that is why.\n");
  // A forward with no comment: all of it is history.
  SplitText f =
      split_body("---------- Forwarded message ---------\nFrom: a@b.c\nSubject: x\n\nbody\n");
  EXPECT_EQ(f.new_text, "");
}

TEST(SplitBodyTest, BottomPostingWithoutAttribution) {
  SplitText s = split_body("> Est-ce possible ?\n\nOui, c'est possible.\n");
  EXPECT_EQ(s.new_text, "Oui, c'est possible.\n");
  EXPECT_EQ(s.quoted, "> Est-ce possible ?\n");
}

TEST(SplitBodyTest, OutlookFrenchHeaderBlock) {
  SplitText s = split_body(
      "Bonjour,\nJe relance ma demande.\n\n"
      "________________________________\n"
      "De : Marie Dupont <marie@example.fr>\n"
      "Envoyé : lundi 2 mars 2026 10:12\n"
      "À : Support <support@example.com>\n"
      "Objet : Facture\n\n"
      "Bonjour, où en est ma facture ?\n");
  EXPECT_EQ(s.new_text, "Bonjour,\nJe relance ma demande.\n");
  EXPECT_EQ(
      s.quoted,
      "________________________________\nDe : Marie Dupont <marie@example.fr>\n"
      "Envoyé : lundi 2 mars 2026 10:12\nÀ : Support <support@example.com>\nObjet : Facture\n\n"
      "Bonjour, où en est ma facture ?\n");
}

TEST(SplitBodyTest, OutlookEnglishHeaderBlockWithBoldMarkers) {
  SplitText s = split_body(
      "Please see below.\n\n"
      "*From:* John Smith <john@example.com>\n"
      "*Sent:* Monday, March 2, 2026 10:12 AM\n"
      "*To:* Support\n"
      "*Subject:* Order 42\n\n"
      "Where is my order?\n");
  EXPECT_EQ(s.new_text, "Please see below.\n");
  EXPECT_EQ(s.quoted.rfind("*From:* John Smith <john@example.com>\n*Sent:*", 0), 0u);
}

TEST(SplitBodyTest, OriginalMessageSeparators) {
  SplitText en = split_body("Done.\n\n-----Original Message-----\nFrom: a\nold\n");
  EXPECT_EQ(en.new_text, "Done.\n");
  EXPECT_EQ(en.quoted, "-----Original Message-----\nFrom: a\nold\n");
  SplitText fr = split_body("C'est fait.\n\n-------- Message d'origine --------\nDe : a\nancien\n");
  EXPECT_EQ(fr.new_text, "C'est fait.\n");
  EXPECT_EQ(fr.quoted, "-------- Message d'origine --------\nDe : a\nancien\n");
}

TEST(SplitBodyTest, ForwardedBlocks) {
  SplitText en = split_body(
      "FYI, see the complaint below.\n\n---------- Forwarded message ---------\n"
      "From: Client <c@example.com>\nDate: Mon, Mar 2, 2026\nSubject: Late\n\nThis is "
      "unacceptable.\n");
  EXPECT_EQ(en.new_text, "FYI, see the complaint below.\n");
  EXPECT_NE(en.quoted.find("This is unacceptable."), std::string::npos);
  SplitText fr = split_body(
      "Pour info.\n\nDébut du message réexpédié :\n\nDe: Client <c@example.com>\nObjet: Retard\n\n"
      "C'est inadmissible.\n");
  EXPECT_EQ(fr.new_text, "Pour info.\n");
  EXPECT_EQ(fr.quoted,
            "Début du message réexpédié :\n\nDe: Client <c@example.com>\nObjet: Retard\n\nC'est "
            "inadmissible.\n");
}

TEST(SplitBodyTest, DashDashSignature) {
  SplitText s = split_body("Merci pour votre retour.\n\n-- \nJean Dupont\nSociété X\n");
  EXPECT_EQ(s.new_text, "Merci pour votre retour.\n");
  EXPECT_EQ(s.signature, "-- \nJean Dupont\nSociété X\n");
}

TEST(SplitBodyTest, SignOffWithOfficeHoursFrench) {
  SplitText s = split_body(
      "Bonjour,\n\nVotre dossier est en cours de traitement.\n\nCordialement,\n\n"
      "Jean Dupont\nService client\nTél. : 01 23 45 67 89\n"
      "Bureau ouvert du lundi au vendredi, 9h-18h\n");
  EXPECT_EQ(s.new_text, "Bonjour,\n\nVotre dossier est en cours de traitement.\n\nCordialement,\n");
  EXPECT_EQ(s.signature,
            "Jean Dupont\nService client\nTél. : 01 23 45 67 89\nBureau ouvert du lundi au "
            "vendredi, 9h-18h\n");
}

TEST(SplitBodyTest, SignOffWithContactBlockEnglish) {
  SplitText s = split_body(
      "Hi,\n\nThe order has shipped.\n\nKind regards,\nAnna Lee\nCustomer Care | Acme Ltd\n"
      "Phone: +44 20 7946 0958\nOffice hours: Monday to Friday, 9am-5pm\n");
  EXPECT_EQ(s.new_text, "Hi,\n\nThe order has shipped.\n\nKind regards,\n");
  EXPECT_EQ(s.signature,
            "Anna Lee\nCustomer Care | Acme Ltd\nPhone: +44 20 7946 0958\nOffice hours: Monday to "
            "Friday, 9am-5pm\n");
}

TEST(SplitBodyTest, SignOffDoesNotEatRealContent) {
  // Text after "Merci," that is a real sentence or a question stays new text.
  SplitText q = split_body("Merci,\nmais pouvez-vous me rappeler demain matin ?\n");
  EXPECT_EQ(q.new_text, "Merci,\nmais pouvez-vous me rappeler demain matin ?\n");
  EXPECT_EQ(q.signature, "");
  SplitText p = split_body(
      "Thanks,\nbut the invoice you sent last week still shows the wrong amount and the wrong date "
      "for "
      "the delivery we agreed on.\n");
  EXPECT_EQ(p.signature, "");
  // A short name after the sign-off is a signature.
  SplitText n = split_body("Merci d'avance.\n\nBien à vous,\nClaire\n");
  EXPECT_EQ(n.new_text, "Merci d'avance.\n\nBien à vous,\n");
  EXPECT_EQ(n.signature, "Claire\n");
}

TEST(SplitBodyTest, ContactParagraphWithoutSignOff) {
  SplitText s = split_body(
      "Voici le document demandé.\n\nJean Dupont\nTél : 06 12 34 56 78\njean@example.fr\n");
  EXPECT_EQ(s.new_text, "Voici le document demandé.\n");
  EXPECT_EQ(s.signature, "Jean Dupont\nTél : 06 12 34 56 78\njean@example.fr\n");
}

TEST(SplitBodyTest, MobileFooter) {
  SplitText s = split_body("OK pour moi.\n\nEnvoyé de mon iPhone\n");
  EXPECT_EQ(s.new_text, "OK pour moi.\n");
  EXPECT_EQ(s.signature, "Envoyé de mon iPhone\n");
}

TEST(SplitBodyTest, Disclaimers) {
  SplitText fr = split_body(
      "Je vous confirme la livraison.\n\nCordialement,\nPaul\n\n"
      "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement au "
      "destinataire.\n"
      "Toute utilisation non autorisée est interdite.\n");
  EXPECT_EQ(fr.new_text, "Je vous confirme la livraison.\n\nCordialement,\n");
  EXPECT_EQ(fr.signature, "Paul\n");
  EXPECT_EQ(fr.disclaimer,
            "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement au "
            "destinataire.\n"
            "Toute utilisation non autorisée est interdite.\n");
  SplitText en = split_body(
      "Please find the report attached.\n\n"
      "This email and any attachments are confidential and intended solely for the addressee.\n"
      "If you are not the intended recipient, please delete it.\n\n"
      "On Mon, Mar 2, 2026 at 10:12 AM X <x@y.com> wrote:\n> hi\n");
  EXPECT_EQ(en.new_text, "Please find the report attached.\n");
  EXPECT_EQ(
      en.disclaimer,
      "This email and any attachments are confidential and intended solely for the addressee.\n"
      "If you are not the intended recipient, please delete it.\n");
  EXPECT_EQ(en.quoted, "On Mon, Mar 2, 2026 at 10:12 AM X <x@y.com> wrote:\n> hi\n");
}

TEST(SplitBodyTest, OrdinaryTextIsUntouched) {
  const char* text =
      "From what I understand, the delivery is late.\n\nDe plus, le colis est abîmé.\n"
      "On Monday we will call you.\n";
  SplitText s = split_body(text);
  EXPECT_EQ(s.new_text, text);
  EXPECT_EQ(s.quoted, "");
  EXPECT_EQ(s.signature, "");
  EXPECT_EQ(s.disclaimer, "");
}

TEST(SplitBodyTest, EmptyInput) {
  SplitText s = split_body("");
  EXPECT_EQ(s.new_text, "");
  EXPECT_EQ(s.quoted, "");
}

TEST(SplitBodyTest, ThroughFromRaw) {
  auto r = Message::from_raw(
      "From: support@example.fr\nSubject: Re: Facture\n\n"
      "Bonjour Madame,\n\nNous avons bien reçu votre paiement.\n\nCordialement,\nL'équipe Support\n"
      "Bureau ouvert du lundi au vendredi, 9h-18h\n\n"
      "Le lun. 2 mars 2026 à 10:12, Marie <marie@example.fr> a écrit :\n> J'ai payé hier.\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->new_text,
            "Bonjour Madame,\n\nNous avons bien reçu votre paiement.\n\nCordialement,\n");
  EXPECT_EQ(r->signature, "L'équipe Support\nBureau ouvert du lundi au vendredi, 9h-18h\n");
  EXPECT_EQ(r->quoted,
            "Le lun. 2 mars 2026 à 10:12, Marie <marie@example.fr> a écrit :\n> J'ai payé hier.\n");
  EXPECT_EQ(r->lang, "fr");
}

}  // namespace
}  // namespace courtois
