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

TEST(SplitBodyTest, PostscriptAfterSignatureIsNewText) {
  // The P.S. often holds a question: it stays new text, the name before it is signature.
  SplitText fr = split_body(
      "Voici le bon de commande.\n\nCordialement,\nClaire\n\n"
      "PS : pouvez-vous aussi m'envoyer le catalogue 2026 ?\n");
  EXPECT_EQ(fr.new_text,
            "Voici le bon de commande.\n\nCordialement,\n\n"
            "PS : pouvez-vous aussi m'envoyer le catalogue 2026 ?\n");
  EXPECT_EQ(fr.signature, "Claire\n");
  SplitText en = split_body(
      "Attached is the order form.\n\nKind regards,\nClaire Dubois\nOffice Manager\n"
      "+33 6 12 34 56 78\n\nP.S. Please note our office is closed on March 20.\n");
  EXPECT_EQ(en.new_text,
            "Attached is the order form.\n\nKind regards,\n\n"
            "P.S. Please note our office is closed on March 20.\n");
  EXPECT_EQ(en.signature, "Claire Dubois\nOffice Manager\n+33 6 12 34 56 78\n");
  SplitText nb = split_body(
      "Je vous envoie le planning.\n\nCordialement,\nClaire\n\n"
      "NB : merci de me répondre avant le 10 mars.\n");
  EXPECT_EQ(nb.new_text,
            "Je vous envoie le planning.\n\nCordialement,\n\n"
            "NB : merci de me répondre avant le 10 mars.\n");
  // A list footer after the postscript's paragraph is signature again.
  SplitText footer = split_body(
      "Found a small issue.\n\nthanks in advance,\nche\n\np.s. i love the plugin :)\n\n"
      "_______________________________________________\n"
      "RPM-List mailing list <RPM-List@freshrpms.net>\n"
      "http://lists.freshrpms.net/mailman/listinfo/rpm-list\n");
  EXPECT_EQ(footer.new_text,
            "Found a small issue.\n\nthanks in advance,\n\np.s. i love the plugin :)\n");
}

TEST(SplitBodyTest, MoreSignOffs) {
  SplitText cdlt = split_body(
      "Le document est en pièce jointe.\n\nCdlt,\nClaire Dubois\nAssistante de direction\n");
  EXPECT_EQ(cdlt.new_text, "Le document est en pièce jointe.\n\nCdlt,\n");
  SplitText again = split_body(
      "Got it, I'll review the draft tonight.\n\nThanks again,\nAnna Lee\nProcurement Lead\n");
  EXPECT_EQ(again.new_text, "Got it, I'll review the draft tonight.\n\nThanks again,\n");
  // The formal French closing, whatever its length.
  SplitText formal = split_body(
      "Pourriez-vous me préciser la date de règlement ?\n\n"
      "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n\n"
      "Claire Dubois\nGérante\nSARL Dubois Conseil\n");
  EXPECT_EQ(formal.new_text,
            "Pourriez-vous me préciser la date de règlement ?\n\n"
            "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n");
  EXPECT_EQ(formal.signature, "Claire Dubois\nGérante\nSARL Dubois Conseil\n");
  // The name on the sign-off's line.
  SplitText fr = split_body(
      "Pouvez-vous vérifier le suivi ?\n\nCordialement, Claire Dubois\n06 12 34 56 78\n");
  EXPECT_EQ(fr.new_text, "Pouvez-vous vérifier le suivi ?\n\nCordialement, Claire Dubois\n");
  EXPECT_EQ(fr.signature, "06 12 34 56 78\n");
  SplitText en = split_body("Can you check the tracking?\n\nBest, Anna\n+44 20 7946 0958\n");
  EXPECT_EQ(en.signature, "+44 20 7946 0958\n");
  // A sentence going on after the sign-off is not a name.
  SplitText goes_on = split_body(
      "Le colis est arrivé.\n\nJe vous remercie,\nje passerai le chercher demain matin.\n");
  EXPECT_EQ(goes_on.signature, "");
  SplitText but = split_body("The parcel arrived.\n\nThanks,\nbut the manual is missing.\n");
  EXPECT_EQ(but.new_text, "The parcel arrived.\n\nThanks,\nbut the manual is missing.\n");
  // But "Merci, je ..." is a sentence, not a sign-off with a name.
  SplitText sentence = split_body("Le colis est arrivé.\n\nMerci, je vous rappelle\nlundi\n");
  EXPECT_EQ(sentence.signature, "");
}

TEST(SplitBodyTest, SignOffOpeningAShortReplyClosesNothing) {
  SplitText fr = split_body("Merci !\nJe regarde ça demain.\n");
  EXPECT_EQ(fr.new_text, "Merci !\nJe regarde ça demain.\n");
  EXPECT_EQ(fr.signature, "");
  SplitText en = split_body("Thanks, Tom!\n\nWill do.\n");
  EXPECT_EQ(en.new_text, "Thanks, Tom!\n\nWill do.\n");
  EXPECT_EQ(en.signature, "");
}

TEST(SplitBodyTest, LongSignatureBlocks) {
  // After a sign-off, a corporate block of up to 16 lines with contact details.
  SplitText en = split_body(
      "Could you confirm by March 10?\n\nKind regards,\n\nAnna Lee\nSenior Account Manager\n"
      "Acme Industrial Supplies Ltd.\nUnit 4, Riverside Business Park\nOld Mill Lane\n"
      "Manchester M1 2AB\nUnited Kingdom\nT: +44 161 000 0000\nM: +44 7700 900000\n"
      "E: anna.lee@acme.example\nW: www.acme.example\n");
  EXPECT_EQ(en.new_text, "Could you confirm by March 10?\n\nKind regards,\n");
  // Fields set apart by bars, without a sign-off.
  SplitText fr = split_body(
      "Ci-joint le bon de livraison signé.\n\nClaire Dubois | Gérante | Dubois Transports\n"
      "06 12 34 56 78 | www.dubois-transports.fr\n");
  EXPECT_EQ(fr.new_text, "Ci-joint le bon de livraison signé.\n");
}

TEST(SplitBodyTest, MoreMobileFooters) {
  EXPECT_EQ(split_body("Yes, confirmed for Thursday.\n\nSent from Outlook\n").new_text,
            "Yes, confirmed for Thursday.\n");
  EXPECT_EQ(split_body("C'est noté pour jeudi.\n\nProvenance : Courrier pour Windows\n").new_text,
            "C'est noté pour jeudi.\n");
  EXPECT_EQ(split_body("Je valide le devis.\n\nEnvoyé à partir d'Outlook pour Android\n").new_text,
            "Je valide le devis.\n");
}

TEST(SplitBodyTest, LabelledDisclaimers) {
  SplitText fr = split_body(
      "Merci de nous retourner l'avenant signé.\n\nCordialement,\nMaître Claire Dubois\n"
      "04 72 00 00 00\n\n"
      "AVERTISSEMENT : Ce message et toutes les pièces jointes sont confidentiels.\n"
      "Toute utilisation non conforme est interdite.\n");
  EXPECT_EQ(fr.new_text, "Merci de nous retourner l'avenant signé.\n\nCordialement,\n");
  EXPECT_EQ(fr.signature, "Maître Claire Dubois\n04 72 00 00 00\n");
  EXPECT_EQ(fr.disclaimer,
            "AVERTISSEMENT : Ce message et toutes les pièces jointes sont confidentiels.\n"
            "Toute utilisation non conforme est interdite.\n");
  SplitText en = split_body(
      "Please confirm receipt.\n\nRegards,\nTom Baker\n+44 20 7946 0958\n\n"
      "Confidentiality notice:\nThis email and any attachments are confidential.\n");
  EXPECT_EQ(en.new_text, "Please confirm receipt.\n\nRegards,\n");
  EXPECT_EQ(en.disclaimer,
            "Confidentiality notice:\nThis email and any attachments are confidential.\n");
}

TEST(SplitBodyTest, AttributionWordsInProseStayNewText) {
  // No time nor address: someone's words quoted in a sentence, not history.
  SplitText fr = split_body(
      "Bonjour,\n\nLe 12 mars 2026, votre technicien a écrit :\n"
      "« appareil irréparable ». Pouvez-vous me le confirmer ?\n");
  EXPECT_EQ(fr.new_text,
            "Bonjour,\n\nLe 12 mars 2026, votre technicien a écrit :\n"
            "« appareil irréparable ». Pouvez-vous me le confirmer ?\n");
  EXPECT_EQ(fr.quoted, "");
  SplitText bare = split_body(
      "Bonjour,\n\nLe technicien qui est passé hier a écrit :\n« appareil irréparable ».\n");
  EXPECT_EQ(bare.quoted, "");
  SplitText en = split_body(
      "Hello,\n\nOn March 2, 2026 your agent wrote:\n"
      "\"refund approved\". When will I get it?\n");
  EXPECT_EQ(en.quoted, "");
  // A mailer's attribution has a time: the unmarked history under it is still history.
  SplitText mailer = split_body(
      "Merci pour l'info.\n\nLe lundi 2 mars 2026 à 10:12:33 UTC+1, Claire Dubois <c@x.fr> a "
      "écrit :\n\nBonjour, la livraison est prévue jeudi.\n");
  EXPECT_EQ(mailer.new_text, "Merci pour l'info.\n");
}

TEST(SplitBodyTest, HeaderWordsInProseStayNewText) {
  // "De :", "Date :", "Objet :" opening sentences: no dated line and no address.
  const char* fr =
      "Bonjour,\n\nDe : notre côté, tout est prêt\nDate : à convenir avec vous\n"
      "Objet : la livraison du mobilier\n";
  EXPECT_EQ(split_body(fr).new_text, fr);
  const char* en =
      "Hi,\n\nFrom: my side everything is ready.\nTo: be honest I expected it earlier.\n"
      "Subject: to your approval, we ship on Monday.\n";
  EXPECT_EQ(split_body(en).new_text, en);
}

TEST(SplitBodyTest, ForwardWithoutCommentHoldingQuotes) {
  // A forwarded reply, with its own `>` lines further down: all of it is history.
  SplitText fr = split_body(
      "---------- Message transféré ---------\nDe : Client <a@c.fr>\n"
      "Date: lun. 2 mars 2026 à 10:12\nSubject: Re: Facture\n\n"
      "Bonjour, la facture est toujours fausse.\n\n"
      "Le ven. 27 févr. 2026 à 09:00, Support <s@y.fr> a écrit :\n> Voici la facture.\n");
  EXPECT_EQ(fr.new_text, "");
  SplitText en = split_body(
      "Begin forwarded message:\n\nFrom: Client <a@c.com>\nDate: March 2, 2026 at 10:12\n"
      "Subject: Re: Invoice\n\nThe invoice is still wrong.\n\n"
      "On Fri, Feb 27, 2026 at 9:00 AM Support <s@y.com> wrote:\n> Here is the invoice.\n");
  EXPECT_EQ(en.new_text, "");
  // A bottom-posted reply under a header block and an attribution still counts.
  SplitText bottom = split_body(
      "-----Original Message-----\nFrom: X [mailto:x@y.com]\n"
      "Sent: Monday, September 02, 2002 2:55 AM\nTo: list\nSubject: RE: Java\n\n\n"
      "Ben wrote:\n> It is slow.\n\nNot any more.\n");
  EXPECT_EQ(bottom.new_text, "Not any more.\n");
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
