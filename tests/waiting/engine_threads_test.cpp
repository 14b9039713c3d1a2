// Whole threads of real raw messages through the engine (JWZ threading, direction from the
// user's identities, automatic-mail headers, questions) to the waiting plugin: one thread per
// rule, as `courtois threads --me ... --now ...` would print its "waiting".
#include <gtest/gtest.h>

#include "courtois/engine.hpp"

using namespace courtois;

namespace {

std::string mail(const std::string& id, const std::string& from, const std::string& date,
                 const std::string& subject, const std::string& body,
                 const std::string& in_reply_to = "", const std::string& extra_headers = "") {
  std::string m = "From: " + from + "\r\nTo: someone@example.com\r\nSubject: " + subject +
                  "\r\nDate: " + date + "\r\nMessage-ID: <" + id + ">\r\n" + extra_headers;
  if (!in_reply_to.empty()) {
    m += "In-Reply-To: <" + in_reply_to + ">\r\nReferences: <" + in_reply_to + ">\r\n";
  }
  return m + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

class EngineThreads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions options;
    options.rules_dir = COURTOIS_SOURCE_DIR "/rules";
    options.local_rules_dir.reset();
    options.me = {"me@office.fr"};
    engine_ = Engine::create(options).release();
  }
  static void TearDownTestSuite() { delete engine_; }

  // The waiting of the one thread these raw messages form.
  nlohmann::json waiting(const std::vector<std::string>& raws, const char* now,
                         std::optional<std::string> policy = std::nullopt) {
    std::vector<Message> messages;
    for (const auto& r : raws) {
      auto m = Message::from_raw(r);
      EXPECT_TRUE(m.ok());
      if (m) messages.push_back(std::move(m.value()));
    }
    std::vector<Analysis> analyses;
    ThreadOptions options;
    options.me = {"me@office.fr"};
    options.now = ZonedTime::parse_rfc3339(now);
    options.policy_file = policy;
    auto threads = engine_->threads(messages, analyses, options);
    EXPECT_EQ(threads.size(), 1u);
    return threads.empty() ? nlohmann::json() : threads[0].waiting;
  }

  static inline Engine* engine_ = nullptr;
};

const std::string client = "Claire Martin <claire@client.fr>";
const std::string me = "Moi <me@office.fr>";

}  // namespace

TEST_F(EngineThreads, WaitingPluginIsEnabled) {
  bool found = false;
  for (const auto& p : engine_->status()) {
    if (p.name != "waiting") continue;
    found = true;
    EXPECT_TRUE(p.enabled) << p.reason;
    for (const auto& e : p.errors) ADD_FAILURE() << e.to_string();
  }
  EXPECT_TRUE(found);
}

TEST_F(EngineThreads, ClientQuestionWaitsOnUsUntilBreach) {
  auto thread = {mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Devis",
                      "Bonjour,\n\nPourriez-vous m'envoyer le devis ?\n\nClaire")};
  auto w = waiting(thread, "2026-03-02T16:00:00+01:00");
  EXPECT_EQ(w["on"], "us");
  EXPECT_EQ(w["kind"], "first_response");
  EXPECT_EQ(w["breached"], false);
  w = waiting(thread, "2026-03-04T09:00:00+01:00");
  EXPECT_EQ(w["breached"], true);
}

TEST_F(EngineThreads, AutoReplyAfterOurAnswerDoesNotWait) {
  auto w =
      waiting({mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Devis",
                    "Bonjour,\n\nPourriez-vous m'envoyer le devis ?"),
               mail("r@office.fr", me, "Mon, 2 Mar 2026 11:00:00 +0100", "Re: Devis",
                    "Bonjour,\n\nVoici le devis en pièce jointe.\n\nCordialement", "q@client.fr"),
               mail("ooo@client.fr", client, "Mon, 2 Mar 2026 11:01:00 +0100",
                    "Réponse automatique : Re: Devis", "Je suis absente jusqu'au 9 mars.",
                    "r@office.fr", "Auto-Submitted: auto-replied\r\n")},
              "2026-03-10T10:00:00+01:00");
  EXPECT_EQ(w["on"], "nobody");
}

TEST_F(EngineThreads, NoReplyNewsletterNeverWaits) {
  auto w = waiting(
      {mail("news@shop.example", "Boutique <no-reply@shop.example>",
            "Mon, 2 Mar 2026 10:00:00 +0100", "Nos offres", "Voulez-vous profiter de nos offres ?",
            "", "List-Id: <offres.shop.example>\r\nPrecedence: bulk\r\n")},
      "2026-03-20T10:00:00+01:00");
  EXPECT_EQ(w["on"], "nobody");
  EXPECT_EQ(w["breached"], false);
}

TEST_F(EngineThreads, OurQuestionPausesOurClock) {
  auto w =
      waiting({mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Commande",
                    "Bonjour,\n\nOù en est ma commande ?"),
               mail("r@office.fr", me, "Mon, 2 Mar 2026 11:00:00 +0100", "Re: Commande",
                    "Bonjour,\n\nPouvez-vous me donner votre numéro de commande ?", "q@client.fr")},
              "2026-03-20T10:00:00+01:00");
  EXPECT_EQ(w["on"], "client");
  EXPECT_EQ(w["paused"], true);
  EXPECT_EQ(w["breached"], false);
}

TEST_F(EngineThreads, FollowUpAfterAnEarlierReply) {
  auto w = waiting({mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Commande",
                         "Bonjour,\n\nOù en est ma commande ?"),
                    mail("r@office.fr", me, "Mon, 2 Mar 2026 11:00:00 +0100", "Re: Commande",
                         "Bonjour,\n\nElle part demain.", "q@client.fr"),
                    mail("q2@client.fr", client, "Wed, 4 Mar 2026 09:00:00 +0100", "Re: Commande",
                         "Bonjour,\n\nToujours rien reçu, que se passe-t-il ?", "r@office.fr")},
                   "2026-03-04T10:00:00+01:00");
  EXPECT_EQ(w["on"], "us");
  EXPECT_EQ(w["kind"], "follow_up");
  EXPECT_EQ(w["since"], "2026-03-04T09:00:00+01:00");
  EXPECT_EQ(w["target_hours"], 16);
  EXPECT_EQ(w["business_hours"], 1);
}

// A note among colleagues (from and to our own addresses) neither answers the client nor asks
// them anything: the client's question still waits on us, and stays open.
TEST_F(EngineThreads, NoteToColleaguesIsNoReply) {
  std::string note = mail("n@office.fr", me, "Mon, 2 Mar 2026 11:00:00 +0100", "TR: Commande",
                          "Salut,\n\nLa cliente attend la date de livraison de sa commande, le "
                          "planning des livraisons est à jour de ton côté.\n\nMoi",
                          "q@client.fr");
  note.replace(note.find("To: someone@example.com"), 23, "To: Moi <me@office.fr>");
  std::vector<std::string> raws = {
      mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Commande",
           "Bonjour,\n\nQuelle est la date de livraison de ma commande ?"),
      note};
  auto w = waiting(raws, "2026-03-04T10:00:00+01:00");
  EXPECT_EQ(w["on"], "us") << w.dump();
  EXPECT_EQ(w["breached"], true) << w.dump();

  std::vector<Message> messages;
  for (const auto& r : raws) messages.push_back(Message::from_raw(r).value());
  std::vector<Analysis> analyses;
  ThreadOptions options;
  options.me = {"me@office.fr"};
  options.now = ZonedTime::parse_rfc3339("2026-03-04T10:00:00+01:00");
  auto threads = engine_->threads(messages, analyses, options);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_TRUE(analyses[1].internal);
  EXPECT_EQ(threads[0].open_questions.size(), 1u);
}

// The client takes back their only question: the questions plugin settles it, and nothing is
// owed; a second question still standing keeps the wait on us.
TEST_F(EngineThreads, AQuestionTakenBackIsOwedNothing) {
  auto q = mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Facture",
                "Bonjour,\n\nPourriez-vous me renvoyer la facture de mars ?");
  auto back = mail("b@client.fr", client, "Mon, 2 Mar 2026 10:40:00 +0100", "Re: Facture",
                   "Re-bonjour,\n\nOubliez ma question sur la facture, je l'ai retrouvée. "
                   "Désolée !",
                   "q@client.fr");
  auto w = waiting({q, back}, "2026-03-04T10:00:00+01:00");
  EXPECT_EQ(w["on"], "nobody") << w.dump();
  EXPECT_FALSE(w["breached"].get<bool>());

  auto two = mail("q@client.fr", client, "Mon, 2 Mar 2026 10:00:00 +0100", "Facture",
                  "Bonjour,\n\nPourriez-vous me renvoyer la facture de mars ? Et livrez-vous "
                  "le samedi ?");
  w = waiting({two, back}, "2026-03-04T10:00:00+01:00");
  EXPECT_EQ(w["on"], "us") << w.dump();
  EXPECT_TRUE(w["breached"].get<bool>());
}
