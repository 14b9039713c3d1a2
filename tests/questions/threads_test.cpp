// Answer tracking on the threads of data/threads/: each NAME.mbox is one thread, NAME.expect.json
// says, for each annotated client question, which outgoing message answers it (or null; with
// "evidence", a part of the sentence that answered, or "evidence_is", all of it), which
// sentences are not questions, and which questions stay open (with times_asked). Run twice:
// through ThreadAnalysis objects built here (the questions plugin, with the dates of the
// deadlines plugin), and through Engine::threads (JWZ, --me).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/rules.hpp"
#include "questions/eval.hpp"
#include "questions/questions.hpp"

namespace courtois {
std::unique_ptr<Plugin> make_deadlines_plugin();  // plugins/builtin.cpp
}

namespace courtois::questions {
namespace {

namespace fs = std::filesystem;
const fs::path kThreads = fs::path(COURTOIS_SOURCE_DIR) / "tests/questions/data/threads";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Splits an mbox (mboxrd quoting) into raw messages.
std::vector<std::string> split_mbox(const std::string& mbox) {
  std::vector<std::string> out;
  std::istringstream in(mbox);
  std::string line, current;
  bool started = false, blank_before = true;
  while (std::getline(in, line)) {
    if (line.rfind("From ", 0) == 0 && blank_before) {
      if (started) out.push_back(current);
      current.clear();
      started = true;
      blank_before = false;
      continue;
    }
    if (line.rfind(">From ", 0) == 0) line.erase(0, 1);
    current += line + "\n";
    blank_before = line.empty();
  }
  if (started) out.push_back(current);
  return out;
}

std::vector<std::string> thread_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kThreads))
    if (entry.path().extension() == ".mbox") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct LoadedThread {
  nlohmann::json expect;
  std::vector<Message> messages;
  std::vector<Analysis> analyses;
};

LoadedThread load(const std::string& name) {
  LoadedThread t;
  t.expect = nlohmann::json::parse(read_file(kThreads / (name + ".expect.json")));
  for (const char* key : {"lang", "me", "questions", "not_questions", "open_questions"})
    if (!t.expect.contains(key)) {
      ADD_FAILURE() << name << ".expect.json: \"" << key << "\" is required";
      t.expect[key] = key == std::string("lang") ? nlohmann::json("") : nlohmann::json::array();
    }
  for (const std::string& raw : split_mbox(read_file(kThreads / (name + ".mbox")))) {
    auto parsed = Message::from_raw(raw);
    EXPECT_TRUE(parsed.ok()) << name << ": " << (parsed.ok() ? "" : parsed.error().to_string());
    if (parsed.ok()) t.messages.push_back(std::move(*parsed));
  }
  return t;
}

// Checks every expectation of one thread on analyses that went through thread analysis.
void check(const std::string& name, const nlohmann::json& expect,
           const std::vector<const Analysis*>& analyses,
           const std::vector<OpenQuestion>& open_questions) {
  auto by_id = [&](const std::string& id) -> const Analysis* {
    for (const Analysis* a : analyses)
      if (a->id == id) return a;
    return nullptr;
  };
  for (const auto& e : expect["questions"]) {
    const Analysis* a = by_id(e["message"]);
    ASSERT_NE(a, nullptr) << name << ": no message " << e["message"];
    const Question* q = question_overlapping(*a, e["text"].get<std::string>());
    ASSERT_NE(q, nullptr) << name << ": question not found: " << e["text"] << "\nin: " << a->text;
    EXPECT_TRUE(q->tracked) << name << ": " << q->text;
    // "withdrawn_by": the client's later message that took the question back, with its
    // sentence as evidence; absent, the question is not withdrawn.
    const std::string withdrawn = e.value("withdrawn_by", std::string());
    EXPECT_EQ(q->withdrawn_by.value_or(""), withdrawn)
        << name << ": \"" << q->text << "\" withdrawn with: " << q->answer_evidence;
    if (!withdrawn.empty() && e.contains("evidence")) {
      EXPECT_NE(q->answer_evidence.find(e["evidence"].get<std::string>()), std::string::npos)
          << name << ": \"" << q->text << "\" withdrawn with: " << q->answer_evidence;
    }
    if (e["answered_by"].is_null()) {
      EXPECT_FALSE(q->answered_by.has_value())
          << name << ": \"" << q->text << "\" should stay open, answered by " << *q->answered_by
          << " with: " << q->answer_evidence;
    } else {
      EXPECT_EQ(q->answered_by.value_or("null"), e["answered_by"].get<std::string>())
          << name << ": \"" << q->text << "\" evidence: " << q->answer_evidence;
      EXPECT_FALSE(q->answer_evidence.empty()) << name << ": " << q->text;
      // The evidence is a sentence of the answering message, and the one that answers; or
      // "[file name]" when only the name of an attached file answers.
      std::string sentence = q->answer_evidence;
      if (sentence.back() == ']') sentence = sentence.substr(0, sentence.rfind(" ["));
      const bool file_only = sentence.front() == '[';
      if (const Analysis* by = by_id(e["answered_by"].get<std::string>()); by && !file_only) {
        EXPECT_NE(by->text.find(sentence.substr(0, 40)), std::string::npos)
            << name << ": evidence not in the answer: " << q->answer_evidence;
      }
      if (e.contains("evidence_is")) {
        EXPECT_EQ(q->answer_evidence, e["evidence_is"].get<std::string>()) << name;
      }
      if (e.contains("evidence")) {
        EXPECT_NE(q->answer_evidence.find(e["evidence"].get<std::string>()), std::string::npos)
            << name << ": \"" << q->text << "\" answered with: " << q->answer_evidence;
      }
    }
  }
  for (const auto& e : expect["not_questions"]) {
    const Analysis* a = by_id(e["message"]);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(a->text.find(e["text"].get<std::string>()), std::string::npos) << e["text"];
    const Question* q = question_overlapping(*a, e["text"].get<std::string>());
    EXPECT_EQ(q, nullptr) << name << ": not a question: " << (q ? q->text : "");
  }
  EXPECT_EQ(open_questions.size(), expect["open_questions"].size()) << name << [&] {
    std::string s;
    for (const auto& o : open_questions) s += "\n  open: " + o.text;
    return s;
  }();
  for (const auto& e : expect["open_questions"]) {
    auto it =
        std::find_if(open_questions.begin(), open_questions.end(), [&](const OpenQuestion& o) {
          return o.text.find(e["text"].get<std::string>()) != std::string::npos;
        });
    ASSERT_NE(it, open_questions.end()) << name << ": not open: " << e["text"];
    EXPECT_EQ(it->times_asked, e["times_asked"].get<int>()) << name << ": " << it->text;
  }
}

class ThreadsTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    std::vector<RuleError> errors;
    RuleSet rules = load_rule_set("questions", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
    plugin_ = new QuestionsPlugin();
    auto more = plugin_->configure(rules);
    errors.insert(errors.end(), more.begin(), more.end());
    // The dates of each message, as the engine gives them: a reply's date says when.
    deadlines_ = make_deadlines_plugin().release();
    RuleSet date_rules =
        load_rule_set("deadlines", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
    more = deadlines_->configure(date_rules);
    errors.insert(errors.end(), more.begin(), more.end());
    for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  }
  static void TearDownTestSuite() {
    delete plugin_;
    delete deadlines_;
  }
  static QuestionsPlugin* plugin_;
  static Plugin* deadlines_;
};
QuestionsPlugin* ThreadsTest::plugin_ = nullptr;
Plugin* ThreadsTest::deadlines_ = nullptr;

TEST_P(ThreadsTest, AnsweredByThroughThreadAnalysis) {
  LoadedThread t = load(GetParam());
  std::vector<std::string> me = t.expect["me"];
  auto mine = [&](std::string_view address) { return is_identity(address, me); };
  for (const Message& m : t.messages) {
    Analysis a;
    a.id = m.message_id;
    a.text = m.new_text;
    a.lang = m.lang;
    a.date = m.date;
    a.direction = mine(m.from.address) ? "out" : "in";
    a.internal = mine(m.from.address) && m.only_to(mine);
    plugin_->analyse(m, a);
    deadlines_->analyse(m, a);
    t.analyses.push_back(std::move(a));
  }
  ThreadAnalysis thread;
  for (std::size_t i = 0; i < t.messages.size(); ++i)
    thread.messages.push_back({&t.messages[i], &t.analyses[i]});
  std::stable_sort(thread.messages.begin(), thread.messages.end(),
                   [](const ThreadMessage& a, const ThreadMessage& b) {
                     return a.message->date->utc < b.message->date->utc;
                   });
  plugin_->analyse_thread(thread);
  std::vector<const Analysis*> analyses;
  for (const Analysis& a : t.analyses) analyses.push_back(&a);
  check(GetParam(), t.expect, analyses, thread.open_questions);

  // Thread analysis is idempotent: running it again gives the same links.
  std::vector<std::optional<std::string>> first;
  for (const Analysis& a : t.analyses)
    for (const Question& q : a.questions)
      first.push_back(q.answered_by), first.push_back(q.withdrawn_by);
  plugin_->analyse_thread(thread);
  std::vector<std::optional<std::string>> second;
  for (const Analysis& a : t.analyses)
    for (const Question& q : a.questions)
      second.push_back(q.answered_by), second.push_back(q.withdrawn_by);
  EXPECT_EQ(first, second);
}

// Messages one a day, the client's, or ours when they start with "ME:": which questions stay
// open after them.
// With `dates`, each message's dates first, as the engine gives them.
std::vector<std::string> open_after(QuestionsPlugin& plugin, const std::vector<std::string>& texts,
                                    const std::string& lang = "en", Plugin* dates = nullptr) {
  std::vector<Message> messages;
  std::vector<Analysis> analyses(texts.size());
  std::vector<bool> ours(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ours[i] = texts[i].rfind("ME:", 0) == 0;
    std::string raw =
        std::string(ours[i] ? "From: Oakline <orders@oakline.example>\r\nTo: emma@example.com"
                            : "From: Emma <emma@example.com>\r\nTo: orders@oakline.example") +
        "\r\nSubject: Order\r\nMessage-ID: <m" + std::to_string(i) +
        "@example.com>\r\nDate: Tue, 1" + std::to_string(i) + " Mar 2026 09:00:00 -0400\r\n\r\n" +
        texts[i].substr(ours[i] ? 3 : 0) + "\r\n";
    auto parsed = Message::from_raw(raw);
    EXPECT_TRUE(parsed.ok());
    messages.push_back(std::move(*parsed));
  }
  ThreadAnalysis thread;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Analysis& a = analyses[i];
    a.id = messages[i].message_id;
    a.text = messages[i].new_text;
    a.lang = lang;
    a.date = messages[i].date;
    a.direction = ours[i] ? "out" : "in";
    if (dates) dates->analyse(messages[i], a);
    plugin.analyse(messages[i], a);
    thread.messages.push_back({&messages[i], &a});
  }
  plugin.analyse_thread(thread);
  std::vector<std::string> open;
  for (const OpenQuestion& o : thread.open_questions) open.push_back(o.text);
  return open;
}

// The very hour on the very day, taken up by our reply, whatever else the sentence says.
TEST_F(ThreadsTest, TheSameHourTakenUp) {
  const std::vector<std::string> asked = {
      "24th at 9:30 is great, please put me down for that. Do I need to fill in the finance "
      "form before the day?\n\nAnd sorry, still not sure: is the x-ray extra on top of the "
      "£720?"};
  std::vector<std::string> texts = asked;
  texts.push_back(
      "ME:Dear Mark,\n\nYou're booked in with Dr Patel on Tuesday 24 March at 9:30 - you'll "
      "get a text reminder two days before.\n\nNo, the application is done online once Dr Patel "
      "has confirmed the treatment plan on the day, so nothing to fill in beforehand.\n\nSee "
      "you on the 24th.\n\nHannah");
  EXPECT_EQ(open_after(*plugin_, texts, "en", deadlines_),
            std::vector<std::string>{"And sorry, still not sure: is the x-ray extra on top of "
                                     "the £720?"});
  // Another hour of that day is not it.
  texts.back() =
      "ME:Dear Mark,\n\nDr Patel is fully booked in the morning; she could see you on Tuesday "
      "24 March at 16:00.\n\nHannah";
  EXPECT_EQ(open_after(*plugin_, texts, "en", deadlines_).size(), 3u);
  EXPECT_EQ(open_after(*plugin_,
                       {"Le 26 à 10 h, c'est parfait, merci de me l'inscrire. Faut-il apporter "
                        "la carte vitale ?",
                        "ME:Bonjour,\n\nC'est noté pour le jeudi 26 mars à 10 h avec le Dr "
                        "Martin, vous recevrez un rappel par SMS.\n\nOui, pensez à votre carte "
                        "vitale.\n\nCordialement"},
                       "fr", deadlines_),
            std::vector<std::string>{});
}

// "I'll ask our practice manager to check ... and let you know" answers nothing yet; "I'll ask
// the driver to call you" does what was asked.
TEST_F(ThreadsTest, AskingSomeoneElseToCheckDefers) {
  EXPECT_EQ(open_after(*plugin_,
                       {"How much is a crown? Is it one appointment or two? Could you tell me if "
                        "you take payment in instalments?",
                        "ME:A crown is £595.\n\nIt's normally two visits.\n\nI'll ask our "
                        "practice manager to check your record and let you know."}),
            std::vector<std::string>{"Could you tell me if you take payment in instalments?"});
  EXPECT_EQ(
      open_after(*plugin_, {"Could the driver call me before he arrives?",
                            "ME:Of course, I'll ask the driver to call you half an hour before."}),
      std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Le prix comprend-il la pose ? Pouvez-vous passer jeudi ?",
                        "ME:Oui, la pose est comprise.\n\nJe demande à notre technicien s'il "
                        "est libre jeudi et je vous dis."},
                       "fr"),
            std::vector<std::string>{"Pouvez-vous passer jeudi ?"});
}

// A question that says it is asked again is the open question it shares a word with, even one.
TEST_F(ThreadsTest, AQuestionSaidToBeAskedAgain) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you tell me if you take payment in instalments? Is it one "
                        "appointment or two?",
                        "ME:It's normally two visits, two weeks apart.",
                        "You didn't mention instalments though - can I spread the cost or not?"})
                .size(),
            1u);
  EXPECT_EQ(open_after(*plugin_,
                       {"Le service est-il inclus ? Faut-il prévoir des nappes ?",
                        "ME:Les nappes sont fournies.",
                        "Par contre vous n'avez pas répondu pour le service : il faut compter "
                        "combien de serveurs ?"},
                       "fr")
                .size(),
            1u);
  // Without saying so, one word in common is not the same question.
  EXPECT_EQ(open_after(*plugin_,
                       {"Le service est-il inclus ? Faut-il prévoir des nappes ?",
                        "ME:Les nappes sont fournies.",
                        "Pour le service, il faut compter combien de serveurs ?"},
                       "fr")
                .size(),
            2u);
}

// A withdrawal that names nothing settles the only open question, or none when several are
// open; "found it" in another sense withdraws nothing.
TEST_F(ThreadsTest, AWithdrawalThatNamesNothing) {
  EXPECT_EQ(open_after(*plugin_, {"Could you send me the invoice?", "Never mind, I found it!"}),
            std::vector<std::string>{});
  EXPECT_EQ(
      open_after(*plugin_, {"Could you send me the invoice? Do you deliver on Saturdays?",
                            "Never mind, I found it!"}),
      (std::vector<std::string>{"Could you send me the invoice?", "Do you deliver on Saturdays?"}));
  EXPECT_EQ(open_after(*plugin_, {"Could you send the assembly instructions for the table?",
                                  "I found it hard to assemble the table legs."}),
            std::vector<std::string>{"Could you send the assembly instructions for the table?"});
}

// A withdrawal of a whole message takes back the questions of the client's message before it,
// and nothing when that message asked nothing, whatever else is open.
TEST_F(ThreadsTest, AWithdrawalOfAWholeMessage) {
  EXPECT_EQ(
      open_after(*plugin_, {"Could you send me the invoice?",
                            "Do you deliver on Saturdays? Is the oak table in stock?",
                            "Please disregard my last email, it was meant for someone else."}),
      std::vector<std::string>{"Could you send me the invoice?"});
  EXPECT_EQ(
      open_after(*plugin_, {"Could you send me the invoice?", "Here is the photo of the chair.",
                            "Please ignore my previous email."}),
      std::vector<std::string>{"Could you send me the invoice?"});
  // A sentence that names the question still settles only that one.
  EXPECT_EQ(open_after(*plugin_, {"Could you send me the invoice? Do you deliver on Saturdays?",
                                  "Please ignore my last email about the invoice, I found it."}),
            std::vector<std::string>{"Do you deliver on Saturdays?"});
}

// "Yes to both" answers a message of two questions; of three, it does not say which two.
TEST_F(ThreadsTest, YesToBothNamesTwoQuestions) {
  EXPECT_EQ(open_after(*plugin_, {"Do you deliver on Saturdays? Can the table be oiled?",
                                  "ME:Hi Emma,\n\nYes to both.\n\nTom"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"Do you deliver on Saturdays? Can the table be oiled? Is the "
                                  "bench in stock?",
                                  "ME:Hi Emma,\n\nYes to both.\n\nTom"}),
            (std::vector<std::string>{"Do you deliver on Saturdays?", "Can the table be oiled?",
                                      "Is the bench in stock?"}));
  EXPECT_EQ(open_after(*plugin_, {"Livrez-vous le samedi ? La table peut-elle être huilée ? Le "
                                  "banc est-il en stock ?",
                                  "ME:Bonjour Emma,\n\nOui à tout.\n\nTom"}),
            std::vector<std::string>{});
}

// A holding sentence answers nothing, whatever topic it names.
TEST_F(ThreadsTest, HoldingSentencesAnswerNothing) {
  EXPECT_EQ(open_after(*plugin_, {"Les sauvegardes de la nuit se sont-elles bien déroulées ?",
                                  "ME:Bonjour,\n\nPour les sauvegardes, nous regardons les "
                                  "journaux de la nuit.\n\nSophie"}),
            std::vector<std::string>{"Les sauvegardes de la nuit se sont-elles bien déroulées ?"});
  EXPECT_EQ(open_after(*plugin_, {"Could you send me a copy of the invoice?",
                                  "ME:Hi Emma,\n\nI've passed your request on to our accounts "
                                  "team.\n\nTom"}),
            std::vector<std::string>{"Could you send me a copy of the invoice?"});
  EXPECT_EQ(open_after(*plugin_, {"Did last night's backup run without errors?",
                                  "ME:Hi Emma,\n\nWe're looking at the logs of last night's "
                                  "backup.\n\nTom"}),
            std::vector<std::string>{"Did last night's backup run without errors?"});
}

// "What's the price" asks an amount as "What is the price" does: the amount answers it among
// other questions.
TEST_F(ThreadsTest, WhatsAsksLikeWhatIs) {
  EXPECT_EQ(open_after(*plugin_, {"What's the price of the oak table? Do you deliver to Albany?",
                                  "ME:Hi Emma,\n\n$1,400.\n\nTom"}),
            std::vector<std::string>{"Do you deliver to Albany?"});
}

// A reply that says it will come back to a question answers it in none of its other sentences,
// however many of its words they share; a deferral names the question it names best.
TEST_F(ThreadsTest, ADeferralNamingAQuestionKeepsItOpen) {
  EXPECT_EQ(
      open_after(*plugin_, {"Do you have space for winter storage ashore? How much is a full "
                            "antifouling?",
                            "ME:Hi Emma,\n\nA full antifouling is 890 euros.\n\nAs for winter "
                            "storage, the harbour office manages the spaces; I'll ask them and get "
                            "back to you. Winter storage spaces ashore usually go fast.\n\nTom"}),
      std::vector<std::string>{"Do you have space for winter storage ashore?"});
  EXPECT_EQ(
      open_after(*plugin_, {"Combien de plants faut-il pour 15 mètres de haie ? Proposez-vous "
                            "la plantation ?",
                            "ME:Bonjour,\n\nPour 15 mètres de haie, comptez 20 plants.\n\n"
                            "Pour la plantation, je dois voir avec notre équipe et je vous "
                            "redis cela.\n\nThomas"}),
      std::vector<std::string>{"Proposez-vous la plantation ?"});
}

// A bare yes or no that opens a paragraph answers the first open yes/no question; a longer
// sentence opening with "We can" says something of its own.
TEST_F(ThreadsTest, ABareYesOpeningAParagraph) {
  EXPECT_EQ(open_after(*plugin_, {"Do you offer tasting sessions for couples? Do you deliver to "
                                  "Ledbury?",
                                  "ME:Hi Hannah,\n\nCongratulations to you both!\n\nYes, we do. "
                                  "They are on Saturday mornings.\n\nRosie"}),
            std::vector<std::string>{"Do you deliver to Ledbury?"});
  EXPECT_EQ(open_after(*plugin_, {"Is there space for winter storage ashore? How much is a full "
                                  "antifouling?",
                                  "ME:Hi Yann,\n\nThanks for your message.\n\nWe can lift your "
                                  "boat out on Tuesday morning.\n\nErwan"}),
            (std::vector<std::string>{"Is there space for winter storage ashore?",
                                      "How much is a full antifouling?"}));
}

// Questions answered in order, a paragraph each, in other words than theirs: as many
// paragraphs of substance as questions, the paragraph of each rank answers the question of that
// rank. Not when the counts differ, when a question answered by its words sits in another
// paragraph than its rank's, or when a question that asks when gets a paragraph without a time.
TEST_F(ThreadsTest, AnswersInOrderAParagraphEach) {
  const std::string asked =
      "Do you offer vegetarian canapés? Can your staff serve the drinks? When do you need the "
      "final headcount?";
  EXPECT_EQ(open_after(*plugin_,
                       {asked,
                        "ME:Hi Sara,\n\nThanks for thinking of us.\n\nOur cocktail "
                        "menu has a dozen meat-free bites: leek tartlets, hummus cups "
                        "and vegetable maki.\n\nTwo of our waiters can look after the "
                        "bar all evening, for $420 in all.\n\nWe would need the number of guests "
                        "five days before the party.\n\nBest,\nPierre"}),
            std::vector<std::string>{});
  // Two paragraphs for three questions: the order says nothing.
  EXPECT_EQ(open_after(*plugin_, {asked,
                                  "ME:Hi Sara,\n\nOur cocktail menu has a dozen meat-free bites."
                                  "\n\nTwo of our waiters can look after the bar.\n\nPierre"}),
            (std::vector<std::string>{"Do you offer vegetarian canapés?",
                                      "Can your staff serve the drinks?",
                                      "When do you need the final headcount?"}));
  // The last paragraph gives no time: "when" is not answered, nor are the others by order.
  EXPECT_EQ(open_after(*plugin_, {asked,
                                  "ME:Hi Sara,\n\nOur cocktail menu has a dozen meat-free bites."
                                  "\n\nTwo of our waiters can work the evening.\n\nWe look "
                                  "forward to celebrating with your team.\n\nPierre"}),
            (std::vector<std::string>{"Do you offer vegetarian canapés?",
                                      "Can your staff serve the drinks?",
                                      "When do you need the final headcount?"}));
  // The drinks answered by their words in the first paragraph: not the questions' order, so
  // the others stay open.
  EXPECT_EQ(open_after(*plugin_, {asked,
                                  "ME:Hi Sara,\n\nYes, our staff can serve the drinks.\n\nOur "
                                  "cocktail menu has a dozen meat-free bites.\n\nWe would need "
                                  "the number of guests by Monday 23 March.\n\nPierre"}),
            (std::vector<std::string>{"Do you offer vegetarian canapés?",
                                      "When do you need the final headcount?"}));
  EXPECT_EQ(
      open_after(*plugin_, {"Proposez-vous des pièces salées végétariennes ? Pouvez-vous vous "
                            "charger du service avec votre propre personnel ?",
                            "ME:Bonjour Madame Guérin,\n\nMerci d'avoir pensé à nous.\n\nNotre "
                            "carte comprend une douzaine de bouchées sans viande ni poisson.\n\n"
                            "Deux maîtres d'hôtel de notre équipe peuvent être présents de 18 h à "
                            "22 h.\n\nBien cordialement,\nPierre Aubert"}),
      std::vector<std::string>{});
}

// A short farewell that names a time ("See you in two days.", « À dans deux jours ! ») takes
// leave: it does not say how long the repair takes. A sentence that does still answers.
TEST_F(ThreadsTest, AFarewellAnswersNothing) {
  EXPECT_EQ(open_after(*plugin_, {"How long will the repair take?",
                                  "ME:Hi Sam,\n\nThe parts arrive on Monday.\n\nSee you in two "
                                  "days.\n\nTom"}),
            std::vector<std::string>{"How long will the repair take?"});
  EXPECT_EQ(open_after(*plugin_, {"How long will the repair take?",
                                  "ME:Hi Sam,\n\nIt usually takes two days.\n\nSee you soon."
                                  "\n\nTom"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"Combien de temps dure la réparation ?",
                                  "ME:Bonjour,\n\nLes pièces arrivent lundi.\n\nÀ dans deux "
                                  "jours !\n\nTom"}),
            std::vector<std::string>{"Combien de temps dure la réparation ?"});
}

// A label before a colon ("Petite question pratique :") is not what the question is about; a
// place named by a preposition (« devant la clinique ») neither: « vous garer » restates
// « un parking ». Thanks to a name (« Merci Thierry, ... ») and « je dois voir si » answer
// nothing.
TEST_F(ThreadsTest, LabelsThanksAndChecksToCome) {
  EXPECT_EQ(
      open_after(*plugin_, {"Petite question pratique : est-ce qu'il y a un parking devant la "
                            "clinique ? Et combien coûte la consultation ?",
                            "ME:Bonjour,\n\nVous pourrez vous garer sur les places réservées à "
                            "notre clientèle.\n\nSandrine"}),
      std::vector<std::string>{"Et combien coûte la consultation ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"J'aimerais savoir s'il serait possible d'ajouter des bretelles "
                        "en dentelle.",
                        "ME:Bonjour,\n\nPour les bretelles, je dois voir si je trouve "
                        "une dentelle assortie.\n\nMarie"},
                       "fr"),
            std::vector<std::string>{
                "J'aimerais savoir s'il serait possible d'ajouter des bretelles en dentelle."});
  EXPECT_EQ(open_after(*plugin_, {"Pouvez-vous aussi vous occuper de la fiche Google de la "
                                  "boulangerie ?",
                                  "ME:Merci Thierry, on attend vos photos avec impatience !\n\n"
                                  "Julie"}),
            std::vector<std::string>{
                "Pouvez-vous aussi vous occuper de la fiche Google de la boulangerie ?"});
}

// A client's acceptance of what our last message offered is no question; a proposal with no
// offer before it, or an acceptance that asks something more, still is.
TEST_F(ThreadsTest, AnAcceptanceOfOurOfferAsksNothing) {
  EXPECT_EQ(open_after(*plugin_, {"Could you look at the boiler this week?",
                                  "ME:Hi Dan,\n\nGary can come on Friday between 8 and 10am to "
                                  "look at the boiler.\n\nSue",
                                  "Friday morning is fine, I'll be in."}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"Could you look at the boiler this week?",
                                  "ME:Hi Dan,\n\nGary can come on Friday between 8 and 10am to "
                                  "look at the boiler.\n\nSue",
                                  "Friday works for me, but could he come after 9?"}),
            std::vector<std::string>{"Friday works for me, but could he come after 9?"});
  EXPECT_EQ(open_after(*plugin_, {"Thursday at 10 works for me."}),
            std::vector<std::string>{"Thursday at 10 works for me."});
  EXPECT_EQ(
      open_after(*plugin_, {"Can you take a block of lessons?",
                            "ME:Hi Leah,\n\nWe can: A) pay as you go, £38 an hour; B) "
                            "ten hours upfront, £340.\n\nKaren",
                            "Yes, go ahead with option B please. Tuesday 6:30 works for me."}),
      std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pouvez-vous passer cette semaine ?",
                        "ME:Bonjour,\n\nJe peux passer jeudi matin entre 8 h et 9 h.\n\nMarc",
                        "Jeudi entre 8 h et 9 h, c'est parfait, je serai là."},
                       "fr"),
            std::vector<std::string>{});
}

// A sentence that names its amount as the price answers "how much" whatever else it says;
// "Shipping is free for orders over $500" still prices nothing asked.
TEST_F(ThreadsTest, AnAmountNamedAsThePrice) {
  EXPECT_EQ(open_after(*plugin_, {"Could you tell me what it would cost to add a booking page?",
                                  "ME:Hi Sarah,\n\nOur estimate is £1,400, including card "
                                  "payments through Stripe and a deposit option.\n\nIsla"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Combien coûterait le remplacement du boiler ?",
                        "ME:Bonjour,\n\nComptez environ 890 € TVAC, placement et "
                        "évacuation de l'ancien appareil compris.\n\nMarc"},
                       "fr"),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"How much is the oak table?",
                                  "ME:Hi,\n\nShipping is free for orders over $500.\n\nTom"}),
            std::vector<std::string>{"How much is the oak table?"});
}

// « Est-ce que ... ? » asks yes or no, though « que » is a wh-word elsewhere: a « Oui » answers
// it.
TEST_F(ThreadsTest, EstCeQueAsksYesOrNo) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce que l'apostille doit aussi être traduite ?",
                        "ME:Bonjour,\n\nOui, tout à fait.\n\nAna"},
                       "fr"),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Que faut-il apporter au rendez-vous ?",
                        "ME:Bonjour,\n\nOui, tout à fait.\n\nAna"},
                       "fr"),
            std::vector<std::string>{"Que faut-il apporter au rendez-vous ?"});
}

// « Pourriez-vous me dire le délai ? » asks for the delay, not for saying: « dire » is no
// topic word, so the delay named in a longer sentence answers it.
TEST_F(ThreadsTest, TheVerbThatAsksIsNoTopic) {
  const std::vector<std::string> open =
      open_after(*plugin_,
                 {"J'ai besoin de faire traduire deux pages pour mon dossier de mariage. "
                  "Pourriez-vous me dire le tarif et le délai ?",
                  "ME:Bonjour,\n\nPour ces deux pages, comptez 45 € par page traduite, avec un "
                  "délai de 5 jours ouvrés à réception du dossier.\n\nAna"},
                 "fr");
  EXPECT_EQ(std::count(open.begin(), open.end(), "Pourriez-vous me dire le tarif et le délai ?"), 0)
      << ::testing::PrintToString(open);
}

// A part of a question quoted alone, with the answer below it, answers that question; a part
// too short to name one, or held by two questions, answers none.
TEST_F(ThreadsTest, APartOfAQuestionQuotedAlone) {
  EXPECT_EQ(open_after(*plugin_, {"Quick q's before then: can we hold the date while we decide, "
                                  "and is there a deposit?",
                                  "ME:Hi Megan,\n\n> can we hold the date while we decide\n\nI "
                                  "can for 7 days.\n\nElla"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"Can you hold the date for us? Can you hold the price for us?",
                                  "ME:Hi Megan,\n\n> hold the date\n\nFor 7 days.\n\nElla"})
                .size(),
            2u);
}

// Answers in order, a paragraph each, though one paragraph also promises more and another only
// promises: that one holds its question's rank and leaves it open.
TEST_F(ThreadsTest, AnswersInOrderAroundAPromise) {
  const std::string asked =
      "Hello,\n\nI have a few questions:\n\n1) Do you have an automatic?\n2) Is my Illinois "
      "driver's license OK?\n3) Can you meet us at the airport?\n4) What is the insurance "
      "excess?\n\nBrian";
  EXPECT_EQ(
      open_after(*plugin_, {asked,
                            "ME:Dear Brian,\n\nWe have a Skoda Octavia Estate free for those "
                            "dates.\n\nA full US licence held for two years is accepted.\n\nOur "
                            "desk is in the arrivals hall, so we'll be there when you land.\n\nThe "
                            "excess is £1,250. I'll send you the options for reducing it with the "
                            "quote.\n\nFiona"}),
      std::vector<std::string>{});
  EXPECT_EQ(
      open_after(*plugin_, {asked,
                            "ME:Dear Brian,\n\nWe have a Skoda Octavia Estate free for those "
                            "dates.\n\nA full US licence held for two years is accepted.\n\nI'll "
                            "send you the details of the pick-up with the quote.\n\nThe excess is "
                            "£1,250, and it can be reduced.\n\nFiona"}),
      std::vector<std::string>{"3) Can you meet us at the airport?"});
  // Thanks for the enquiry before the answers holds no rank.
  EXPECT_EQ(open_after(*plugin_,
                       {asked,
                        "ME:Dear Brian,\n\nThank you for your enquiry.\n\nWe have a Skoda "
                        "Octavia Estate free for those dates.\n\nA full US licence held for two "
                        "years is accepted.\n\nOur desk is in the arrivals hall, so we'll be "
                        "there when you land.\n\nThe excess is £1,250.\n\nFiona"}),
            std::vector<std::string>{});
}

// "Are you available that day?" asks about the day named before it in the message, and the
// reply that names that day again answers it, though the year of each was inferred apart.
TEST_F(ThreadsTest, ThatDayIsTheDayNamedBefore) {
  EXPECT_EQ(open_after(*plugin_,
                       {"We're getting married on Saturday 12 September 2026 at Hadley Barn. Are "
                        "you available that day? Do you bring a second shooter?",
                        "ME:Hi Megan,\n\nGood news, 12 September is still free in my "
                        "diary.\n\nElla"},
                       "en", deadlines_),
            std::vector<std::string>{"Do you bring a second shooter?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Nous nous marions le samedi 12 septembre 2026 au Château de Chorey. "
                        "Seriez-vous disponible ce jour-là ? Les frais de déplacement sont-ils "
                        "inclus ?",
                        "ME:Bonjour Élodie,\n\nBonne nouvelle : le 12 septembre est encore libre "
                        "dans mon agenda.\n\nCamille"},
                       "fr", deadlines_),
            std::vector<std::string>{"Les frais de déplacement sont-ils inclus ?"});
}

// Asked whether we are free on a day, a sentence that gives a day and says it is taken, or
// offers another, answers, whatever else it says.
TEST_F(ThreadsTest, ADayTakenOrAnotherOffered) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pour la séance engagement, on pensait au dimanche 17 mai, en fin de "
                        "journée pour la lumière, vous êtes dispo ? Et est-ce qu'on peut la faire "
                        "au lac Kir ?",
                        "ME:Bonjour à vous deux,\n\nLe dimanche 17 mai, je suis malheureusement "
                        "déjà prise ; je peux vous proposer le samedi 16 mai à 19h.\n\nCamille"},
                       "fr", deadlines_),
            std::vector<std::string>{"Et est-ce qu'on peut la faire au lac Kir ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"For the engagement shoot we were thinking of Sunday 17 May in the "
                        "evening, are you free? Could we do it by the lake?",
                        "ME:Hi both,\n\nSunday 17 May is fully booked for me, sorry, but I could "
                        "offer Saturday 16 May at 7pm.\n\nCamille"},
                       "en", deadlines_),
            std::vector<std::string>{"Could we do it by the lake?"});
}

// "On your first question" of a numbered list names the questions of its item 1, not the first
// question of the message.
TEST_F(ThreadsTest, AnOrdinalNamesTheItemOfANumberedList) {
  EXPECT_EQ(
      open_after(*plugin_, {"Hi Ella, can you send the booking form over?\n\nA "
                            "couple more:\n1. Do you do small printed albums? How much would it "
                            "be?\n2. Will there be a second photographer?\n\nMegan",
                            "ME:Hi Megan,\n\nThe booking form is attached.\n\nOn your first "
                            "question: yes, 8x8 parent books with 20 pages, £180 each.\n\nElla"}),
      std::vector<std::string>{"Will there be a second photographer?"});
  // Numbered answers to a list of bullets name the bullets by rank, though one bullet holds two
  // questions.
  EXPECT_EQ(open_after(*plugin_,
                       {"quick ones:\n- what do you actually need from me? bank statements for "
                        "the whole year or just the business account?\n- can i claim part of my "
                        "rent since i work from home\n- whats your fee for a return like mine, "
                        "roughly\n\ntom",
                        "ME:Hi Tom,\n\n1. Please send me the business account statements for "
                        "the tax year.\n2. Yes, a proportion of the household costs.\n3. For a "
                        "sole trader our fee is £380 + VAT.\n\nPriya"}),
            std::vector<std::string>{});
}

// A topic word that no other open question has, said in one sentence of the reply and no other,
// answers with that sentence.
TEST_F(ThreadsTest, AWordOfItsOwn) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Seriez-vous disponible le 12 septembre ? Est-ce que les frais de "
                        "déplacement sont inclus (vous êtes à Dijon si j'ai bien compris) ?",
                        "ME:Bonjour Élodie,\n\nLe 12 septembre est encore libre. Le château est "
                        "à moins de 50 km de chez moi, il n'y a donc aucun supplément de "
                        "déplacement.\n\nCamille"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  // A name comes back without answering ("Paul will see you on Tuesday"), and a sentence that
  // asks the client for something ("Please bring your insurance card") answers nothing by a word.
  EXPECT_EQ(open_after(*plugin_, {"Can Paul pick me up from work instead of from home? How much "
                                  "is a block of ten lessons?",
                                  "ME:Hi Sam,\n\nLessons are £38 each, or £350 for a block of ten. "
                                  "Paul will see you on Tuesday as usual, he is looking forward to "
                                  "it.\n\nClearway"}),
            std::vector<std::string>{"Can Paul pick me up from work instead of from home?"});
  EXPECT_EQ(open_after(*plugin_, {"Do you work with Helsana insurance or do I pay up front? How "
                                  "much is a crown?",
                                  "ME:Hello,\n\nA crown is about CHF 1,200. Please bring your "
                                  "insurance card and an ID on Thursday.\n\nSylvie"}),
            std::vector<std::string>{"Do you work with Helsana insurance or do I pay up front?"});
  // A word said in the question's condition ("if we're running heaters all day") is its
  // circumstance, not what it asks.
  EXPECT_EQ(open_after(*plugin_,
                       {"When can someone come out? Can we knock the extra electricity "
                        "off the rent if we're running heaters all day?",
                        "ME:Hi Callum,\n\nAndy will be there between 1 and 3 this "
                        "afternoon. I'm dropping two oil-filled radiators round at "
                        "lunchtime so you're not relying on your own heaters.\n\nDerek"},
                       "en", deadlines_),
            std::vector<std::string>{"Can we knock the extra electricity off the rent if we're "
                                     "running heaters all day?"});
  // The verb asked for, said again ("recommend"), names no topic.
  EXPECT_EQ(
      open_after(*plugin_, {"Would you be able to recommend builders, or do we find our "
                            "own? How much is the survey?",
                            "ME:Hi,\n\nThe survey is £450. I'd still recommend a Lawful "
                            "Development Certificate so you have it in writing when you "
                            "sell.\n\nAmara"}),
      std::vector<std::string>{"Would you be able to recommend builders, or do we find our own?"});
  // Said in two sentences, or asked by two questions, the word says nothing of which.
  EXPECT_EQ(open_after(*plugin_,
                       {"Seriez-vous disponible le 12 septembre ? Est-ce que les frais de "
                        "déplacement sont inclus (vous êtes à Dijon si j'ai bien compris) ?",
                        "ME:Bonjour Élodie,\n\nLe 12 septembre est encore libre. Je me déplace "
                        "souvent en Bourgogne. Le château est à moins de 50 km, il n'y a donc "
                        "aucun supplément de déplacement.\n\nCamille"},
                       "fr", deadlines_)
                .size(),
            1u);
}

// Put off to a later talk ("Dr Patel will go over that with you at the check-up", « Le Dr
// Marchal abordera la question avec vous demain ») or until something is known (« je ne peux
// rien vous dire tant que je n'ai pas vu les disques »): not answered yet.
TEST_F(ThreadsTest, PutOffToALaterTalkOrUntilKnown) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pouvez-vous me confirmer que la céramique ne risque pas de se casser ?",
                        "ME:Bonjour,\n\nLe Dr Marchal abordera la question de la céramique avec "
                        "vous demain lors du contrôle.\n\nLe cabinet"},
                       "fr"),
            std::vector<std::string>{
                "Pouvez-vous me confirmer que la céramique ne risque pas de se casser ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce qu'on risque d'avoir perdu des fichiers ?",
                        "ME:Bonjour,\n\nPour les fichiers, je ne peux rien vous dire tant que je "
                        "n'ai pas vu l'état des disques.\n\nPaul"},
                       "fr"),
            std::vector<std::string>{"Est-ce qu'on risque d'avoir perdu des fichiers ?"});
  EXPECT_EQ(open_after(*plugin_, {"Is there a risk the ceramic crown cracks?",
                                  "ME:Hi,\n\nDr Patel will go over the ceramic crown with you at "
                                  "the check-up tomorrow.\n\nThe practice"}),
            std::vector<std::string>{"Is there a risk the ceramic crown cracks?"});
  EXPECT_EQ(open_after(*plugin_, {"One person has a severe nut allergy, can you cater for that "
                                  "safely?",
                                  "ME:Dear Daniel,\n\nOur kitchen isn't a nut-free site, though, "
                                  "so for the allergy I'd like to check with our head chef first. "
                                  "Chef is in tomorrow, I'll have an answer for you before "
                                  "Friday.\n\nLucy"}),
            std::vector<std::string>{
                "One person has a severe nut allergy, can you cater for that safely?"});
  EXPECT_EQ(open_after(*plugin_, {"Have we lost any files?",
                                  "ME:Hi,\n\nI can't say anything about the files until I've "
                                  "seen the disks.\n\nPaul"}),
            std::vector<std::string>{"Have we lost any files?"});
}

// A short follow-up ("How much would it be?") is answered by the sentence that answered the
// question before it, when that sentence gives the price; a question after a blank line is a
// question of its own.
TEST_F(ThreadsTest, AFollowUpAnsweredWithTheQuestionBefore) {
  EXPECT_EQ(open_after(*plugin_, {"Do you do small printed albums? How much would it be? Will "
                                  "there be a second photographer?",
                                  "ME:Hi Megan,\n\nFor the albums, yes: I offer 8x8 parent albums "
                                  "with 20 pages, they're £180 each.\n\nElla"}),
            std::vector<std::string>{"Will there be a second photographer?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce qu'on peut y ajouter un album ? Quel serait le prix ? Les photos "
                        "sont-elles livrées sans filigrane ?",
                        "ME:Bonjour,\n\nPour l'album, oui : un album en lin de 40 pages, à 490 € "
                        "en supplément.\n\nCamille"},
                       "fr"),
            std::vector<std::string>{"Les photos sont-elles livrées sans filigrane ?"});
  EXPECT_EQ(open_after(*plugin_, {"Can I drop the documents off on Saturday?\n\nWhen could I "
                                  "start? Do you pick up from home?",
                                  "ME:Hi,\n\nOn Saturday the office is closed at 1pm, so drop "
                                  "them off before then.\n\nVera"})
                .size(),
            2u);
}

// A time offered with a check after a dash ("Sunday between 10 and 12 – does that work?") is
// an answer, as it is after a comma; "You're in the diary for Wednesday 25 March" books the slot
// asked for.
TEST_F(ThreadsTest, ACheckAfterADashAndTheDiary) {
  EXPECT_EQ(
      open_after(*plugin_,
                 {"And the boxes - Saturday or Sunday drop off? Do you take the old bed frame "
                  "away too?",
                  "ME:Morning Aisha,\n\nBoxes: our van's in Chelmsford on Saturday, so "
                  "Sunday between 10 and 12 – does that work?\n\nGary"},
                 "en", deadlines_),
      std::vector<std::string>{"Do you take the old bed frame away too?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Great thank you, please book me in for the 25th. Do you take the old bed "
                        "frame away too?",
                        "ME:Morning Aisha,\n\nYou're in the diary for Wednesday 25 March, crew "
                        "arriving at 8am in Leyton.\n\nGary"},
                       "en", deadlines_),
            std::vector<std::string>{"Do you take the old bed frame away too?"});
}

// A confirmation asked for is given by a sentence that opens by confirming, whatever it names.
TEST_F(ThreadsTest, AConfirmationAskedAndGiven) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Contrat signé ci-joint et virement de l'acompte effectué ce matin. "
                        "Pouvez-vous nous confirmer la bonne réception ? Et est-ce qu'on peut "
                        "faire la séance au lac Kir ?",
                        "ME:Bonjour à vous deux,\n\nJe vous confirme avoir reçu le contrat signé "
                        "ainsi que votre virement : votre date est réservée !\n\nCamille"},
                       "fr"),
            std::vector<std::string>{"Et est-ce qu'on peut faire la séance au lac Kir ?"});
  EXPECT_EQ(open_after(*plugin_, {"Signed contract attached and deposit sent this morning. Could "
                                  "you confirm you got both? Can we do the shoot by the lake?",
                                  "ME:Hi both,\n\nI can confirm the signed contract and your "
                                  "transfer arrived safely.\n\nCamille"}),
            std::vector<std::string>{"Can we do the shoot by the lake?"});
}

// A reply written a line per answer, with no blank line between them, answers in order as one
// written a paragraph per answer; a line after one that ends in ':' goes on with it.
TEST_F(ThreadsTest, AnswersInOrderALineEach) {
  EXPECT_EQ(open_after(*plugin_,
                       {"si je rate l'exam je repaye combien ?\net est ce que je peux garder le "
                        "moniteur que j'ai eu pour l'évaluation ?",
                        "ME:Bonjour Kevin,\n\nEn cas d'échec, la nouvelle présentation est "
                        "facturée 90 €.\nOui, Mehdi reste avec vous pour tout le "
                        "stage.\n\nStéphanie"},
                       "fr"),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_, {"What's the total including delivery? And can it arrive "
                                  "before noon, as we're taking her out for lunch?",
                                  "ME:Hi Alice,\n\nThe bouquet is £55, so £61.50 with delivery. "
                                  "You can pay here:\nhttps://pay.example.com/o/40871\n\nFlora"}),
            std::vector<std::string>{
                "And can it arrive before noon, as we're taking her out for lunch?"});
}

// A closing promise after the answers given in order holds no question's rank.
TEST_F(ThreadsTest, AClosingPromiseAfterAnswersInOrder) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce que je peux tout déduire cette année ? Autre question : j'ai payé "
                        "la taxe foncière en octobre, je vous envoie l'avis ou pas besoin ?",
                        "ME:Bonjour,\n\nLe mobilier s'amortit sur 5 à 7 ans selon les "
                        "éléments.\n\nOui, envoyez-moi cela, il nous faut le "
                        "justificatif.\n\nJe reviens vers vous d'ici fin mars avec le projet de "
                        "liasse.\n\nJulien"},
                       "fr"),
            std::vector<std::string>{});
}

// A remote look asked for ("Could you remote in today and have a look?") is a visit: a time to
// connect offered answers it.
TEST_F(ThreadsTest, ARemoteVisitAskedAndOffered) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you remote in today and have a look? Also, is the "
                        "nightly backup of the NAS still running?",
                        "ME:Hi Helen,\n\nLogged as ticket #48213. I can connect at 12:45 "
                        "while reception is quieter, if someone can leave the PC logged "
                        "in.\n\nRavi"},
                       "en", deadlines_),
            std::vector<std::string>{"Also, is the nightly backup of the NAS still running?"});
}

// Below the sign-off that ends its line, the lines are the signature: under a quoted question
// whose answer is put off ("I'll give you a better idea after his first few lessons"), "Road
// Ready Driving School" answers nothing.
TEST_F(ThreadsTest, TheSignatureAnswersNothing) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Do you teach in automatic or manual?\nRoughly how many lessons do "
                        "learners need before they're ready for the test?",
                        "ME:Hi Jo,\n\n> Do you teach in automatic or manual?\n\nManual only, "
                        "Ford Fiesta.\n\n> Roughly how many lessons do learners need before "
                        "they're ready for the test?\n\nDepends a lot on the learner, I'll give "
                        "you a better idea after his first few lessons.\n\nOakline\nRoad Ready "
                        "Driving School\nDVSA Approved Driving Instructor"}),
            std::vector<std::string>{"Roughly how many lessons do learners need before they're "
                                     "ready for the test?"});
}

// A document promised for a later day in the present tense (« Je vous envoie le projet de liasse
// en fin de semaine ») answers nothing else.
TEST_F(ThreadsTest, APromiseInThePresentTense) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Et est-ce que vous vous occupez de la CFE ou c'est à moi de la payer ?",
                        "ME:Bonjour,\n\nJe vous envoie le projet de liasse en fin de semaine "
                        "pour validation.\n\nJulien"},
                       "fr"),
            std::vector<std::string>{
                "Et est-ce que vous vous occupez de la CFE ou c'est à moi de la payer ?"});
  EXPECT_EQ(open_after(*plugin_, {"Do you handle the council tax or do I pay it myself?",
                                  "ME:Hi,\n\nI'm sending the draft return over on Friday for your "
                                  "approval.\n\nJulian"}),
            std::vector<std::string>{"Do you handle the council tax or do I pay it myself?"});
}

// An apology holds no rank among answers in order (« Toutes nos excuses pour ce silence »), and a
// request that points back to the sentence before it (« Merci de me la transmettre ») is about
// what that sentence names: the invoice handed over answers it, not the order still chased.
TEST_F(ThreadsTest, AnApologyAnswersNothingAndARequestPointsBack) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous m'indiquer où en est ma commande ?\nPar ailleurs, ma "
                        "mutuelle me demande une facture détaillée avec le code LPP des verres. "
                        "Merci de me la transmettre par courriel.",
                        "ME:Bonjour Madame Perrin,\n\nToutes nos excuses pour ce silence. Je me "
                        "renseigne auprès du laboratoire, et je vous recontacte dès que j'ai une "
                        "réponse.\n\nVous trouverez ci-joint votre facture détaillée, avec les "
                        "codes LPP des deux verres et de la monture.\n\nCamille Roux"},
                       "fr"),
            std::vector<std::string>{"Pourriez-vous m'indiquer où en est ma commande ?"});
}

// A second message of ours after our reply brings news of its own: the only question left of
// the client's message is not answered by whatever it says first.
TEST_F(ThreadsTest, OurSecondMessageIsNoReplyToTheLastQuestion) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Saturday at 10 is perfect. Do you take cheques?", "ME:Noted for Saturday.",
                        "ME:Hello Mr Giraud,\n\nFollowing my visit on Saturday, please find the "
                        "quote for the terrace and the hedge below.\n\nAntoine"}),
            std::vector<std::string>{"Do you take cheques?"});
}

// A day and an hour offered with a short check (« Dimanche 17 mai à 15 h, ça vous irait ? »)
// answer a visit asked for; the price of a thing said to cost a sum (« La grange se loue
// 2 400 € ») answers "how much".
TEST_F(ThreadsTest, AVisitOfferedAsAQuestionAndAThingThatCostsASum) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce qu'on peut visiter ce week-end ? Et avez-vous des tables rondes ?",
                        "ME:Bonjour,\n\nDimanche 17 mai à 15 h, ça vous irait ?\n\nSandrine"},
                       "fr", deadlines_),
            std::vector<std::string>{"Et avez-vous des tables rondes ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Bonjour,\n\n- la salle est-elle libre le samedi 12 septembre ?\n- quel "
                        "est le tarif pour la soirée ?\n- jusqu'à quelle heure peut-on faire de "
                        "la musique ?",
                        "ME:Bonjour,\n\nLe 12 septembre n'est pas encore réservé.\nLa grange "
                        "(capacité 120 personnes) se loue 2 400 € du samedi 14 h au dimanche "
                        "11 h.\n\nSandrine"},
                       "fr", deadlines_),
            std::vector<std::string>{"- jusqu'à quelle heure peut-on faire de la musique ?"});
}

// A question put off ("I'll come back to you on that") and asking for a date waits for a date:
// a later sentence that merely names its topic does not answer it; the sentence that gives
// the day does.
TEST_F(ThreadsTest, AQuestionPutOffWaitsForWhatItAsks) {
  const std::vector<std::string> thread = {
      "When could the deed be signed? And are my 2023 surveys still valid?",
      "ME:Hello,\n\nThe surveys are valid for ten years.\n\nAs for the signing, we are "
      "waiting for the buyer's solicitor; I'll come back to you on that.\n\nJulian",
      "Thank you. Should I book the electrical check myself?",
      "ME:Hello,\n\nYes, please book it yourself before the signing.\n\nJulian"};
  EXPECT_EQ(open_after(*plugin_, thread, "en", deadlines_),
            std::vector<std::string>{"When could the deed be signed?"});
  std::vector<std::string> later = thread;
  later.push_back(
      "ME:Hello,\n\nGood news: the buyer's solicitor has agreed to Thursday 26 "
      "March at 2.30 pm in our office.\n\nJulian");
  EXPECT_EQ(open_after(*plugin_, later, "en", deadlines_), std::vector<std::string>{});
}

// "How much?" is answered by a sum: a sentence that names the oak asked about but prices
// nothing leaves it open. « Je vous donne une réponse précise sur le délai demain » puts the
// lead time off; the next day's message answers both.
TEST_F(ThreadsTest, HowMuchWaitsForASumAndAFirmAnswerLaterPutsOff) {
  const std::vector<std::string> thread = {
      "Quelques questions :\n- Quel serait l'ordre de prix en chêne massif ?\n- Quel est votre "
      "délai de fabrication actuellement ?",
      "ME:Bonjour,\n\nJe travaille principalement le chêne, le noyer et le frêne, en massif ou "
      "en plaqué.\n\nL'atelier est assez chargé ; je vous donne une réponse précise sur le "
      "délai demain.\n\nJulien"};
  EXPECT_EQ(open_after(*plugin_, thread, "fr", deadlines_),
            (std::vector<std::string>{"- Quel serait l'ordre de prix en chêne massif ?",
                                      "- Quel est votre délai de fabrication actuellement ?"}));
  std::vector<std::string> later = thread;
  later.push_back(
      "ME:Bonjour,\n\nSuite à mon message d'hier : nous pourrions lancer la fabrication début "
      "mai.\n\nEn chêne massif, il faut plutôt partir sur 8 000 à 9 500 €.\n\nJulien");
  EXPECT_EQ(open_after(*plugin_, later, "fr", deadlines_), std::vector<std::string>{});
}

// "For the price, ... I'll come back to you on that" puts off the question that asks how much,
// though it shares no word with it (kind_nouns.txt); the sum given later answers it.
// « Concernant le calendrier ..., je ne peux pas vous donner de date à ce stade » answers
// nothing.
TEST_F(ThreadsTest, ATopicMarkerNamesAQuestionByTheKindItAsks) {
  const std::vector<std::string> thread = {
      "Could you give me a rough idea of the cost?",
      "ME:Dear Helen,\n\nFor the price, it depends on how many extractions are needed. I'll come "
      "back to you on that.\n\nSophie",
      "Thanks. Also, will he need a blood test before the anaesthetic?",
      "ME:Hi Helen,\n\nEstimate attached: £380–£520 depending on the number of "
      "extractions.\n\nWe do recommend a blood test before the anaesthetic; it's £65.\n\nSophie"};
  EXPECT_EQ(open_after(*plugin_, thread, "en", deadlines_), std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Quand auront lieu les vraies réparations ?",
                        "ME:Bonjour,\n\nConcernant le calendrier des travaux, il dépend de "
                        "l'entreprise ; je ne peux pas vous donner de date à ce stade.\n\nMarc"},
                       "fr", deadlines_),
            std::vector<std::string>{"Quand auront lieu les vraies réparations ?"});
}

// « Dans l'attente de votre réponse » after the last question waits for that question's own
// answer; « je dois interroger l'hôtel, les tarifs ne sont pas encore publiés » puts the single
// room off until the hotel's price comes.
TEST_F(ThreadsTest, AClosingFormulaWaitsAndAskingSomeoneElsePutsOff) {
  const std::vector<std::string> thread = {
      "Madame,\n\n1) Pouvez-vous nous proposer un programme ?\n2) Le supplément chambre "
      "individuelle est de combien ?\n3) Quelles sont les conditions d'annulation ?\n\nDans "
      "l'attente de votre réponse,\nGérard Lemoine",
      "ME:Bonjour,\n\nPour votre premier point, oui : je vous joins un programme de 8 "
      "jours.\n\nPour les chambres seules, je dois interroger l'hôtel, les tarifs d'octobre ne "
      "sont pas encore publiés.\n\nNadia"};
  EXPECT_EQ(open_after(*plugin_, thread, "fr", deadlines_),
            (std::vector<std::string>{"2) Le supplément chambre individuelle est de combien ?",
                                      "3) Quelles sont les conditions d'annulation ?"}));
  std::vector<std::string> later = thread;
  later.push_back(
      "ME:Bonjour,\n\nL'hôtel m'a enfin répondu : il faut ajouter 245 € par personne seule pour "
      "les 7 nuits.\n\nNadia");
  EXPECT_EQ(open_after(*plugin_, later, "fr", deadlines_),
            std::vector<std::string>{"3) Quelles sont les conditions d'annulation ?"});
}

// « Pouvez-vous faire intervenir un couvreur ? » asks for a visit, and « L'entreprise passera
// demain matin » gives one; « je préfère ne rien vous promettre » answers nothing.
TEST_F(ThreadsTest, AVisitByAThirdPartyAndARefusalToPromise) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pouvez-vous faire intervenir un couvreur en urgence ?\nQui doit "
                        "déclarer le sinistre à l'assurance ?",
                        "ME:Monsieur,\n\nL'entreprise Rhône Étanchéité passera sur la toiture "
                        "demain matin pour un constat.\n\nAgnès Roux"},
                       "fr", deadlines_),
            std::vector<std::string>{"Qui doit déclarer le sinistre à l'assurance ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Nous partons le 30 mai pour dix jours ; pourriez-vous poser avant ?",
                        "ME:Bonjour,\n\nPour la pose, je préfère ne rien vous promettre : je "
                        "verrai après le relevé si l'on peut gagner une semaine.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Nous partons le 30 mai pour dix jours ; pourriez-vous poser avant ?"});
}

// A choice ("by card or does it need to be BACS?") is answered by a short sentence that opens
// with one of the two ("Card is fine."); a sentence that names one further on ("Prochain stage
// : du 2 au 13 février") does not choose.
TEST_F(ThreadsTest, AShortAnswerChoosesBetweenTwo) {
  EXPECT_EQ(
      open_after(*plugin_, {"And can we pay by card or does it need to be BACS? Also, will the "
                            "technician stay on for the drinks reception?",
                            "ME:Hi Claire,\n\nCard is fine.\n\nTom"}),
      std::vector<std::string>{"Also, will the technician stay on for the drinks reception?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"la date d'exam elle est garantie à la fin du stage ou faut attendre ?\n"
                        "c'est quand la prochaine session ?",
                        "ME:Kevin,\n\nProchain stage : du 2 au 13 février.\n\nStéphanie"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "la date d'exam elle est garantie à la fin du stage ou faut attendre ?"});
}

// Below a quoted question, a block that opens by putting it off and goes on with another
// paragraph (the tutors' qualifications, asked separately) leaves the question waiting.
TEST_F(ThreadsTest, AnInlineBlockThatOpensByPuttingOff) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Do you have tutors who can cover both subjects?\nWhen could he start?\n"
                        "I'd also be grateful if you could tell me what the tutors' "
                        "qualifications are - are they teachers or university students?",
                        "ME:Dear Mr Okafor,\n\n> Do you have tutors who can cover both "
                        "subjects?\n\nUsually two tutors, one for each subject.\n\n> When "
                        "could he start?\n\nI need to check with the two tutors I have in mind "
                        "and will come back to you by Wednesday.\n\nEveryone on our books holds "
                        "an enhanced DBS check; most are qualified secondary teachers, and a few "
                        "are PhD students at Leeds.\n\nHelen"},
                       "en", deadlines_),
            std::vector<std::string>{"When could he start?"});
}

// Four questions on three lines, three paragraphs in the reply: a paragraph for each line. The
// paragraph speaks of the first question of its line; the one after it on that line follows it.
TEST_F(ThreadsTest, AnswersInOrderALineOfQuestionsEach) {
  EXPECT_EQ(open_after(*plugin_,
                       {"c'est garanti combien d'années le composite ?\non peut faire la haie "
                        "avant, genre fin mars ?\net pour le paiement, je peux payer par cheque ou "
                        "pas ? il faut un acompte ?",
                        "ME:Bonjour,\n\nFiberon couvre ses lames 25 ans contre les taches et la "
                        "décoloration.\n\nPour la haie, je peux vous la faire le mardi 24 "
                        "mars.\n\nConcernant le règlement : chèque accepté, avec 30 % à la "
                        "commande et le solde à la fin du chantier.\n\nAntoine"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  // The paragraph of a line must speak of its first question.
  EXPECT_EQ(open_after(*plugin_,
                       {"Will it be the same fitters as before?\nWhy can't the plumber come the "
                        "same day?\nWhat are you prepared to offer? And could you email me the "
                        "guarantee documents for the appliances?",
                        "ME:Dear Priya,\n\nIt'll be the same fitters, Tom and Karl.\n\nOur "
                        "plumber is on another job on the 14th.\n\nThe appliance guarantees "
                        "are attached.\n\nGareth"}),
            std::vector<std::string>{"What are you prepared to offer?"});
}

// The clause after the last comma asks yes or no (« ..., est-ce que vous serez là ? »): the
// "Oui" of the reply answers that question, not the next one.
TEST_F(ThreadsTest, AYesNoClauseAfterAComma) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Je passerai mercredi vers 10 heures, est-ce que vous serez là vous-même "
                        "?\n\nEt ma petite-fille voudrait des lunettes de soleil, faites-vous "
                        "des remises pour les familles ?",
                        "ME:Bonjour,\n\nOui, je travaille toute la journée mercredi, je vous "
                        "attendrai.\n\nCamille"},
                       "fr", deadlines_),
            std::vector<std::string>{"Et ma petite-fille voudrait des lunettes de soleil, "
                                     "faites-vous des remises pour les familles ?"});
}

// A question that asks what the client should do is answered by our instruction, though
// the instruction asks the client to do something.
TEST_F(ThreadsTest, AnInstructionAnswersWhatTheClientShouldDo) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Our dishwasher is leaking onto the kitchen floor. Could you send "
                        "someone this week? Should I switch the dishwasher off at the wall "
                        "until then?",
                        "ME:Hello Emma,\n\nA technician can come on Thursday morning.\n\nKeep "
                        "the dishwasher unplugged and leave its door open so the seal dries "
                        "out.\n\nBest regards"},
                       "en", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Bonjour, le technicien passe jeudi. Faut-il que je vide le congélateur "
                        "avant son passage ?",
                        "ME:Bonjour,\n\nMerci de débrancher le congélateur la veille au soir "
                        "et de laisser la porte ouverte.\n\nCordialement"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  // Not an answer to a question that asks something of us.
  EXPECT_EQ(
      open_after(*plugin_,
                 {"Could you check whether the dishwasher warranty covers the seal?",
                  "ME:Hello Emma,\n\nPlease send us a photo of the dishwasher label "
                  "when you can.\n\nBest regards"},
                 "en", deadlines_),
      std::vector<std::string>{"Could you check whether the dishwasher warranty covers the seal?"});
}

// "though" names no topic: "You didn't say about Saturdays though - can you do a
// Saturday?" asks about the day alone, and a sentence about Saturdays answers it.
TEST_F(ThreadsTest, ThoughNamesNoTopic) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Thanks. You didn't say about Saturdays though - can you do a "
                        "Saturday?\n\nAnd do you take the old sofa away when you deliver?",
                        "ME:We take the old sofa away at no charge.\n\nSorry, I should have "
                        "said: we only work from Monday to Friday, as Saturday is our "
                        "workshop day."},
                       "en", deadlines_),
            std::vector<std::string>{});
}

// Twelfth round. A reply that leaves the answer to the quote, or checks first and will pass it
// on, answers nothing yet.
TEST_F(ThreadsTest, AnswerLeftToTheQuoteOrCheckedFirst) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Would a battery be worth it for a retired couple at home all day?",
                        "ME:Hello Mr Hale,\n\nWe'll go into the battery question properly in your "
                        "quotation, since it depends on your usage.\n\nBest regards"}),
            std::vector<std::string>{
                "Would a battery be worth it for a retired couple at home all day?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Quelles sont vos conditions d'annulation ?",
                        "ME:Bonjour,\n\nL'hôtel vient de changer ses conditions, je les vérifie "
                        "et je vous les transmets.\n\nCordialement"},
                       "fr", deadlines_),
            std::vector<std::string>{"Quelles sont vos conditions d'annulation ?"});
  EXPECT_EQ(
      open_after(*plugin_,
                 {"Pourriez-vous nous proposer deux ou trois salles de réunion ?",
                  "ME:Bonjour,\n\nPour les salles, je dois d'abord interroger les hôtels ; "
                  "je vous donnerai tout cela dans la proposition.\n\nCordialement"},
                 "fr", deadlines_),
      std::vector<std::string>{"Pourriez-vous nous proposer deux ou trois salles de réunion ?"});
}

// "Glad to hear the £200 has come through" takes note of the client's news: the sum in it
// answers no question.
TEST_F(ThreadsTest, GladToHearAnswersNothing) {
  EXPECT_EQ(open_after(*plugin_, {"Can you confirm the undisputed £200 will be returned now?",
                                  "ME:Hello Mr Okafor,\n\nGlad to hear the £200 has come "
                                  "through.\n\nBest regards"}),
            std::vector<std::string>{"Can you confirm the undisputed £200 will be returned now?"});
}

// "I've asked two customers whether they're happy to be contacted": the reply waits on someone
// else; the question is not answered yet.
TEST_F(ThreadsTest, AskedSomeoneElseWhetherPutsItOff) {
  EXPECT_EQ(open_after(*plugin_, {"Could you give me the contact details of two customers in the "
                                  "area who would give a reference?",
                                  "ME:Dear Mr Hughes,\n\nI've asked two customers in Harrogate "
                                  "whether they're happy for me to pass on their details.\n\n"
                                  "Kind regards"}),
            std::vector<std::string>{"Could you give me the contact details of two customers in "
                                     "the area who would give a reference?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous me donner les coordonnées de deux clients de la "
                        "région ?",
                        "ME:Bonjour,\n\nJ'ai demandé à deux clients de la région s'ils "
                        "acceptent que je vous transmette leurs coordonnées.\n\nPaul"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Pourriez-vous me donner les coordonnées de deux clients de la région ?"});
}

// A sentence that names its duration as the wait ("Current turnaround is 10-12 weeks", « Le
// délai est actuellement de trois semaines ») answers "how long" or "when", without a word of
// the question.
TEST_F(ThreadsTest, ATurnaroundNamedAnswersHowLong) {
  EXPECT_EQ(open_after(*plugin_, {"How long after the wedding do we get the film?",
                                  "ME:Hi Sophie,\n\nCurrent turnaround is 10-12 weeks.\n\nTom"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Quand pourrai-je récupérer mes lunettes ?",
                        "ME:Bonjour,\n\nLe délai est actuellement de trois semaines.\n\nAnne"},
                       "fr", deadlines_),
            std::vector<std::string>{});
}

// "What do they cost?" asks how much; a price list ("- Full Day (prep to first dance): £2,200",
// « Formule journée : 1 450 € ») answers it without a word of the question.
TEST_F(ThreadsTest, APriceListAnswersWhatTheyCost) {
  EXPECT_EQ(
      open_after(*plugin_,
                 {"Are you free on the 20th? What packages do you have and what do they cost?",
                  "ME:Hi Sophie,\n\nIn short:\n- Essentials (ceremony and "
                  "speeches): £1,450\n- Full Day (prep to first dance): "
                  "£2,200\n\nTom"}),
      std::vector<std::string>{"Are you free on the 20th?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Êtes-vous libre le 20 ? Quelles formules proposez-vous et à quel prix ?",
                        "ME:Bonjour,\n\nEn bref :\n- Formule cérémonie : 1 450 €\n- Formule "
                        "journée complète : 2 200 €\n\nAnne"},
                       "fr", deadlines_),
            std::vector<std::string>{"Êtes-vous libre le 20 ?"});
}

// A figure of three digits or more, not a year, named by the question and by a reply sentence
// ("the £640", « la facture 4471 ») names the same thing: with one more word, or alone among
// few, it carries the answer.
TEST_F(ThreadsTest, ASharedFigureNamesTheSameThing) {
  EXPECT_EQ(open_after(*plugin_, {"Please send me the report. I also want an itemised breakdown "
                                  "of the £640. Which scheme is my deposit registered with?",
                                  "ME:Dear Mr Okafor,\n\nI've asked our clerk for the report, so "
                                  "I'll come back to you properly by Friday.\n\nIn the meantime, "
                                  "your deposit is protected with the DPS.\n\nKind regards",
                                  "Where is the report? And how long does the landlord have to "
                                  "raise a dispute?",
                                  "ME:Dear Mr Okafor,\n\nPlease find attached the report.\n\n"
                                  "The £640 is made up as follows:\n- Carpet replacement: £420\n"
                                  "- Oven deep clean: £95\n\nKind regards"}),
            std::vector<std::string>{"And how long does the landlord have to raise a dispute?"});
}

// A line that prices something says neither when nor how long, whatever words it shares with
// the question.
TEST_F(ThreadsTest, APriceSaysNotHowLong) {
  auto open =
      open_after(*plugin_, {"What packages do you offer? How long is the edited film usually?",
                            "ME:Hi Sophie,\n\nIn short:\n- Basic (ceremony, plus an edited film): "
                            "£900\n- Full day (prep to first dance, edited film): £1,600\n\nTom"});
  EXPECT_NE(std::find(open.begin(), open.end(), "How long is the edited film usually?"),
            open.end());
}

// A paragraph that answers a question of an earlier message ("As for the parking, ...") holds
// its rank among the answers in order: it does not answer the question of that rank.
TEST_F(ThreadsTest, AParagraphForAnEarlierQuestionHoldsItsRank) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Is there parking near your training field?",
                        "ME:Hi Hannah,\n\nI'll check with the farmer and let you know.\n\nPriya",
                        "Can we book Thursday 12th? Do I pay up front or per session?\nAlso, "
                        "what's your cancellation policy if he's unwell?",
                        "ME:Hi Hannah,\n\nThursday 12th at 6:30pm is booked in.\n\nThe package "
                        "is paid in full before the first session.\n\nAs for the parking, "
                        "there's a lay-by next to the gate with room for six cars.\n\nPriya"}),
            std::vector<std::string>{"Also, what's your cancellation policy if he's unwell?"});
}

// « après-midi » is one word: its « après » is no topic shared with « Après l'aide de la CAF ».
TEST_F(ThreadsTest, ApresMidiIsOneWord) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Quels sont vos tarifs ? Est-ce qu'on pourrait visiter un mercredi "
                        "après-midi ?",
                        "ME:Bonjour,\n\nNos tarifs suivent le barème de la CAF. Après l'aide de "
                        "la CAF, votre reste à charge serait d'environ 420 € par mois.\n\nAnne"},
                       "fr", deadlines_),
            std::vector<std::string>{"Est-ce qu'on pourrait visiter un mercredi après-midi ?"});
}

// Below a quoted question, the first paragraph answers it; a later paragraph of the same block
// may answer another question by its topic, but not by a bare date or price.
TEST_F(ThreadsTest, ALaterParagraphOfAnInLineBlockAnswersByTopic) {
  EXPECT_EQ(
      open_after(*plugin_, {"Can you keep the Saturday for us?",
                            "sorry one more, would you be able to film the evening too, we've "
                            "got a band from 8 til 11",
                            "ME:Hi Sophie,\n\n> Can you keep the Saturday for us?\n\nOf "
                            "course, until Friday.\n\nI'd love to stay on for the band! "
                            "Evening coverage is £150 per extra hour.\n\nTom"}),
      std::vector<std::string>{});
  EXPECT_EQ(open_after(
                *plugin_,
                {"Quand aura lieu la réparation ?",
                 "ME:Bonjour,\n\nConcernant le calendrier des travaux, il dépend de l'entreprise ; "
                 "je ne peux pas vous donner de date à ce stade.\n\nPaul",
                 "Le conseil syndical est-il au courant ?",
                 "ME:Bonjour,\n\n> Le conseil syndical est-il au courant ?\n\nOui."
                 "\n\nL'expert passera chez vous le mercredi 8 avril à 14 h.\n\nPaul"},
                "fr", deadlines_),
            std::vector<std::string>{"Quand aura lieu la réparation ?"});
}

TEST_P(ThreadsTest, AnsweredByThroughTheEngine) {
  LoadedThread t = load(GetParam());
  EngineOptions options;
  options.rules_dir = fs::path(COURTOIS_SOURCE_DIR) / "rules";
  options.local_rules_dir = std::nullopt;
  options.me = t.expect["me"].get<std::vector<std::string>>();
  // One engine per set of identities: creating one compiles every plugin's patterns.
  static std::map<std::vector<std::string>, std::unique_ptr<Engine>> engines;
  auto& engine = engines[options.me];
  if (!engine) engine = Engine::create(options);
  bool enabled = false;
  for (const PluginStatus& s : engine->status())
    if (s.name == "questions") {
      enabled = s.enabled;
      for (const RuleError& e : s.errors) ADD_FAILURE() << e.to_string();
    }
  ASSERT_TRUE(enabled) << "the questions plugin must be built in and enabled";
  ThreadOptions thread_options;
  thread_options.me = options.me;
  std::vector<ThreadAnalysis> threads = engine->threads(t.messages, t.analyses, thread_options);
  ASSERT_EQ(threads.size(), 1u) << GetParam() << ": one thread expected";
  std::vector<const Analysis*> analyses;
  for (const ThreadMessage& m : threads[0].messages) analyses.push_back(m.analysis);
  check(GetParam(), t.expect, analyses, threads[0].open_questions);
}

INSTANTIATE_TEST_SUITE_P(Threads, ThreadsTest, ::testing::ValuesIn(thread_names()),
                         [](const auto& info) {
                           std::string s = info.param;
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });

TEST(ThreadCoverage, AtLeastTwentyThreadsInBothLanguages) {
  int fr = 0, en = 0;
  for (const std::string& name : thread_names()) {
    auto expect = nlohmann::json::parse(read_file(kThreads / (name + ".expect.json")));
    (expect["lang"] == "fr" ? fr : en)++;
  }
  EXPECT_GE(fr + en, 20);
  EXPECT_GE(fr, 8);
  EXPECT_GE(en, 8);
}

// A rhetorical complaint belongs to tone, not to questions: the questions plugin leaves it out
// and the tone plugin flags it as contempt, in both languages. The two rule files list such
// phrases separately (requests_*.json N_*_RHETORI*, tone/*.json TONE_CONTEMPT); this keeps
// them from drifting apart.
TEST(RhetoricalComplaints, ToneFlagsWhatQuestionsLeavesOut) {
  EngineOptions options;
  options.rules_dir = fs::path(COURTOIS_SOURCE_DIR) / "rules";
  options.local_rules_dir = std::nullopt;
  auto engine = Engine::create(options);
  const std::pair<const char*, const char*> cases[] = {
      {"en", "Is that too much to ask?"},
      {"en", "Are you kidding me?"},
      {"en", "What kind of service is this?"},
      {"en", "How hard can it be?"},
      {"en", "Do you even read my emails?"},
      {"fr", "Est-ce trop demander ?"},
      {"fr", "Vous vous moquez de moi ?"},
      {"fr", "C'est comme ça que vous traitez vos clients ?"},
      {"fr", "Est-ce si difficile de répondre à un mail ?"},
      {"fr", "Vous lisez seulement mes messages ?"},
      {"en", "Is this a joke?"},
      {"en", "Who do you think you are?"},
      {"en", "Who trained your staff?"},
      {"fr", "C'est une blague ?"},
      {"fr", "Vous plaisantez ?"},
      {"fr", "Qui a formé votre personnel ?"},
  };
  for (const auto& [lang, text] : cases) {
    Message m = Message::from_text("rhetorical@test", text, std::nullopt, lang);
    Analysis a = engine->analyse(m);
    EXPECT_TRUE(a.questions.empty()) << text << ": a question for the questions plugin";
    bool contempt = std::any_of(a.tone.signals.begin(), a.tone.signals.end(),
                                [](const auto& s) { return s.category == "contempt"; });
    EXPECT_TRUE(contempt) << text << ": tone does not flag it";
  }
}

// Two questions quoted in one block, the answer written below them: the block answers the last
// one, and a sentence of it that names a word of the other answers that one too.
TEST_F(ThreadsTest, ABlockBelowTwoQuotedQuestionsAnswersBoth) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Do you have models that come with an ownership card? How many keys are "
                        "supplied?",
                        "ME:Hello,\n\n> Do you have models that come with an ownership card? How "
                        "many keys are supplied?\n\nYes: the cylinder I recommend comes with a "
                        "card, and nobody can copy a key without it. There are 5 in the "
                        "box.\n\nKarim"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce que vous avez des modèles avec carte de propriété ? Combien de "
                        "clés sont fournies avec ?",
                        "ME:Bonjour,\n\n> Est-ce que vous avez des modèles avec carte de "
                        "propriété ? Combien de clés sont fournies avec ?\n\nOui : le cylindre "
                        "que je vous propose est livré avec une carte. Il y en a 5 dans la "
                        "boîte.\n\nKarim"},
                       "fr", deadlines_),
            std::vector<std::string>{});
}

// A reply that says the answer will come later in other words than "I'll get back to you":
// "... and will come back to you with the slots", someone else asked to send it, a topic to
// discuss in person, a proposal promised for next week. The question waits; the slots offered
// in the next reply answer "which slots".
TEST_F(ThreadsTest, AnswersSaidToComeLaterWait) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you tell me which slots they still have that week?",
                        "ME:Dear Mrs Marsh,\n\nI've asked the crematorium office for their "
                        "availability that week and will come back to you with the slots.\n\n"
                        "Graham"},
                       "en", deadlines_),
            std::vector<std::string>{"Could you tell me which slots they still have that week?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you tell me which slots they still have that week?",
                        "ME:Dear Mrs Marsh,\n\nI've asked the crematorium office for their "
                        "availability that week and will come back to you with the slots.\n\n"
                        "Graham",
                        "ME:Dear Mrs Marsh,\n\nKingsbridge have offered Tuesday 17th at 11:00 "
                        "or Thursday 19th at 14:30.\n\nGraham"},
                       "en", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce qu'il y a un parking près du cabinet ?",
                        "ME:Bonjour,\n\nPour le parking, je demande à Nadia de vous envoyer le "
                        "plan d'accès.\n\nClaire"},
                       "fr", deadlines_),
            std::vector<std::string>{"Est-ce qu'il y a un parking près du cabinet ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-il intéressant pour moi de passer en société ?",
                        "ME:Bonjour,\n\nPour le passage en société, c'est un sujet qui mérite "
                        "qu'on en parle de vive voix.\n\nClaire"},
                       "fr", deadlines_),
            std::vector<std::string>{"Est-il intéressant pour moi de passer en société ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce possible de faire la cérémonie dehors ?",
                        "ME:Bonjour,\n\nPour la cérémonie, je vous fais une proposition avec "
                        "le domaine la semaine prochaine.\n\nClaire"},
                       "fr", deadlines_),
            std::vector<std::string>{"Est-ce possible de faire la cérémonie dehors ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Is the conservatory roof something you could look at too?",
                        "ME:Hello,\n\nThe conservatory roof is best discussed in person when I "
                        "come on Monday.\n\nTom"},
                       "en", deadlines_),
            std::vector<std::string>{"Is the conservatory roof something you could look at too?"});
}

// "As for clothing, most families choose..." names clothing: a word after its comma
// ("families") does not make it the answer to the estimate "for the family"; a sentence whose
// topic names no question still answers the only one its other words share.
TEST_F(ThreadsTest, ATopicMarkerNamesItsTopicUpToTheComma) {
  EXPECT_EQ(open_after(*plugin_,
                       {"I'd be grateful if you could send me an itemised estimate for a simple "
                        "service with a limousine for the family. Also, what should we bring in "
                        "for Mum to wear?",
                        "ME:Dear Mrs Marsh,\n\nAs for clothing, most families choose something "
                        "she liked to wear day to day.\n\nGraham"}),
            std::vector<std::string>{"I'd be grateful if you could send me an itemised estimate "
                                     "for a simple service with a limousine for the family."});
  EXPECT_EQ(open_after(*plugin_,
                       {"Vous ne m'avez pas dit si je devais rester avec lui pendant le bilan.",
                        "ME:Madame,\n\nPour la première séance, je vous demanderai de rester "
                        "une dizaine de minutes au début.\n\nClaire"},
                       "fr", deadlines_),
            std::vector<std::string>{});
}

// A paragraph that shares one word with one question, and with no other, while no other
// paragraph shares a word with that question, answers it ("We're not VAT registered" for
// "Is the £700 including VAT?"); a name in common does not ("with Paul on Tuesdays" for "Can
// Paul pick me up from work?").
TEST_F(ThreadsTest, OneWordSharedOnlyWithEachOtherAnswers) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Is the £700 including VAT?\nIf you find woodworm when you strip it, "
                        "would you ring me before doing anything?\nI also have a window seat "
                        "that needs a new cushion. Is that something you could do at the same "
                        "time?",
                        "ME:Hi Tom,\n\nSamples went in the post this morning.\n\nWe're not "
                        "VAT registered, so there's nothing to add to that figure.\n\n"
                        "Absolutely - if there's woodworm we treat it, but I'd still call you "
                        "before.\n\nI'll get back to you about the window seat once I've "
                        "priced up the foam.\n\nEllie"},
                       "en", deadlines_),
            std::vector<std::string>{"Is that something you could do at the same time?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Can Paul pick me up from work in the town centre? And is "
                        "there a discount for a block of ten?",
                        "ME:Hi Lucy,\n\nThere is: ten lessons are £320.\n\nYou're "
                        "booked in with Paul on Tuesdays at 6:30pm.\n\nKaren"},
                       "en", deadlines_),
            std::vector<std::string>{"Can Paul pick me up from work in the town centre?"});
}

// "Quels sont vos tarifs ?" names nothing but the kind of answer: whatever the reply prices is
// its topic. A sentence that hands over a document is no answer to another question.
TEST_F(ThreadsTest, RatesAskedAreAnsweredByAnyPriceAndAnAttachmentAnswersNoQuestion) {
  EXPECT_EQ(
      open_after(*plugin_,
                 {"Quels sont vos tarifs ? Est-ce que vous avez encore des disponibilités "
                  "pour cette date ?",
                  "ME:Bonjour Inès,\n\nÀ partir de 4 900 € pour l'organisation "
                  "complète.\n\nÉlodie"},
                 "fr", deadlines_),
      std::vector<std::string>{"Est-ce que vous avez encore des disponibilités pour cette date ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Faudra-t-il que nous soyons présents le jour du chantier ?",
                        "ME:Monsieur,\n\nVous trouverez ci-joint notre devis pour le "
                        "ravalement, avec le détail des travaux prévus.\n\nLaurent"},
                       "fr", deadlines_),
            std::vector<std::string>{"Faudra-t-il que nous soyons présents le jour du chantier ?"});
}

// « C'est fait : l'option est posée sur le château » says which request was done: the other
// request of the message waits.
TEST_F(ThreadsTest, DoneNamingOneRequestAnswersThatOne) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pouvez-vous poser une option sur le château ? Merci aussi de vérifier "
                        "que la salle est accessible en fauteuil roulant.",
                        "ME:Re-bonjour,\n\nC'est fait : l'option est posée sur le château "
                        "jusqu'au 9 février.\n\nÉlodie"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Merci aussi de vérifier que la salle est accessible en fauteuil roulant."});
  EXPECT_EQ(open_after(*plugin_,
                       {"Please move my appointment to Friday and update my phone number.",
                        "ME:Hi,\n\nDone.\n\nKate"},
                       "en", deadlines_),
            std::vector<std::string>{});
}

// Fourteenth round. A reply that will see the job before it prices it puts the price off, in
// a block below the quoted question as anywhere else.
TEST_F(ThreadsTest, SeeingTheJobFirstPutsTheQuestionOff) {
  EXPECT_EQ(open_after(*plugin_,
                       {"How much would a new worktop cost?",
                        "ME:Hello,\n\n> How much would a new worktop cost?\n\nI'd rather see "
                        "the kitchen before giving you a figure, as the walls are rarely "
                        "straight.\n\nDan"},
                       "en", deadlines_),
            std::vector<std::string>{"How much would a new worktop cost?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Combien coûterait le remplacement du parquet ?",
                        "ME:Bonjour,\n\nJe préfère passer mesurer la pièce avant de vous donner "
                        "un prix, les murs sont rarement droits.\n\nDan"},
                       "fr", deadlines_),
            std::vector<std::string>{"Combien coûterait le remplacement du parquet ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"How much would a new worktop cost?",
                        "ME:Hello,\n\n> How much would a new worktop cost?\n\nAbout £650 "
                        "fitted.\n\nDan"},
                       "en", deadlines_),
            std::vector<std::string>{});
}

// A question the reply did not quote is answered by a later paragraph of an in-line block that
// offers what it asks for: the writer answered the quotes, then the rest below the last one.
TEST_F(ThreadsTest, AnUnquotedQuestionIsAnsweredBelowTheLastQuote) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Can you fit a new lock on the shed? Let me know which days you have "
                        "free next week.",
                        "ME:Hello,\n\n> Can you fit a new lock on the shed?\n\nYes, a standard "
                        "padlock hasp is no trouble.\n\nI could come on Wednesday 14th at 10:00 "
                        "or Friday 16th in the afternoon.\n\nSam"},
                       "en", deadlines_),
            std::vector<std::string>{});
  // Quoted itself, it is that block's question, and the later paragraph does not answer it.
  EXPECT_EQ(open_after(*plugin_,
                       {"Can you fit a new lock on the shed? Let me know which days you have "
                        "free next week.",
                        "ME:Hello,\n\n> Can you fit a new lock on the shed?\n\nYes, a standard "
                        "padlock hasp is no trouble.\n\n> Let me know which days you have free "
                        "next week.\n\nI'll check my diary with the office.\n\nSam"},
                       "en", deadlines_),
            std::vector<std::string>{"Let me know which days you have free next week."});
}

// « disponibilité » and « libre » name the same thing: a reply that says what is free answers
// the question of availability.
TEST_F(ThreadsTest, FreeAnswersAvailability) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Avez-vous encore de la disponibilité du 15 au 17 mai ? Pourrait-on "
                        "passer visiter avant ?",
                        "ME:Bonjour,\n\nNous avons bien deux chambres libres du 15 au 17 "
                        "mai.\n\nAnne"},
                       "fr", deadlines_),
            std::vector<std::string>{"Pourrait-on passer visiter avant ?"});
}

// A reply that says it is preparing the answer puts the question off until it comes.
TEST_F(ThreadsTest, AnAnswerBeingPreparedWaits) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce qu'il existe une assurance contre la perte ?",
                        "ME:Bonjour,\n\nPour l'assurance, je vous prépare une documentation "
                        "complète.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{"Est-ce qu'il existe une assurance contre la perte ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Is there any insurance against loss?",
                        "ME:Hello,\n\nI'm putting together a comparison of the two insurance "
                        "plans.\n\nJulien"},
                       "en", deadlines_),
            std::vector<std::string>{"Is there any insurance against loss?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Vous pouvez nous recommander un traiteur ?",
                        "ME:Bonjour,\n\nBien sûr, je vous prépare une petite sélection de "
                        "traiteurs et je vous l'envoie d'ici vendredi.\n\nJulie"},
                       "fr", deadlines_),
            std::vector<std::string>{"Vous pouvez nous recommander un traiteur ?"});
}

// « est-ce possible un samedi matin ? » asks for a visit on a kind of day; a day offered
// answers it, even the sentence that already said when the trial starts.
TEST_F(ThreadsTest, ADayOfferedAnswersWhenAndWhichDay) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Quand peut-il commencer l'essai ? Je voudrais l'accompagner : est-ce "
                        "possible un samedi matin ?",
                        "ME:Bonjour,\n\nJe peux vous recevoir tous les deux le samedi 21 mars "
                        "à 10 h pour commencer l'essai.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"When can he start the trial? I'd like to come along: would it be "
                        "possible on a Saturday morning?",
                        "ME:Hello,\n\nI can see you both on Saturday 21 March at 10:00 to start "
                        "the trial.\n\nJulien"},
                       "en", deadlines_),
            std::vector<std::string>{});
}

// "Could you quote for that?" asks for a document: a quote promised is not the quote.
TEST_F(ThreadsTest, AQuotePromisedIsNotTheQuote) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you quote for the PA and projector, including a technician for "
                        "the day?",
                        "ME:Hi Claire,\n\nI'll put together a formal quote with a technician "
                        "included and get it over to you tomorrow.\n\nTom"},
                       "en", deadlines_),
            std::vector<std::string>{
                "Could you quote for the PA and projector, including a technician for the day?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous me chiffrer la pose du parquet, plinthes comprises ?",
                        "ME:Bonjour,\n\nJe vous enverrai le chiffrage de la pose avec les "
                        "plinthes demain.\n\nTom"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Pourriez-vous me chiffrer la pose du parquet, plinthes comprises ?"});
}

// Sessions booked in the planning answer the request for them; the question the same reply
// says it will talk over later waits, and does not keep the booking from answering.
TEST_F(ThreadsTest, ABookingNotedAnswersAndATopicForLaterWaits) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Je souhaiterais savoir quand je pourrai reprendre la course à pied. "
                        "Pouvez-vous me mettre les séances le lundi et le jeudi en fin de "
                        "journée ?",
                        "ME:Bonjour Camille,\n\nLundi 18h et jeudi 18h30 à partir du 23 mars, "
                        "c'est noté dans le planning.\n\nPour la course, on en reparle vendredi "
                        "après les tests de force.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Je souhaiterais savoir quand je pourrai reprendre la course à pied."});
  EXPECT_EQ(open_after(*plugin_,
                       {"When will I be able to start running again? Could you book my "
                        "sessions on Mondays and Thursdays after work?",
                        "ME:Hi Camille,\n\nMonday 6pm and Thursday 6.30pm from 23 March are in "
                        "the diary.\n\nWe can discuss the running at your next session, after "
                        "the strength tests.\n\nJulien"},
                       "en", deadlines_),
            std::vector<std::string>{"When will I be able to start running again?"});
  // The topic put first without a marker names the question put off as « Pour la course ».
  EXPECT_EQ(open_after(*plugin_,
                       {"Je souhaiterais savoir quand je pourrai reprendre la course à pied. "
                        "Pouvez-vous me mettre les séances le lundi et le jeudi en fin de "
                        "journée ?",
                        "ME:Bonjour Camille,\n\nLundi 18h et jeudi 18h30 à partir du 23 mars, "
                        "c'est noté dans le planning.\n\nLa course, on en reparle vendredi "
                        "après les tests de force.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Je souhaiterais savoir quand je pourrai reprendre la course à pied."});
  // The question put off asks when, as another does: that one still takes the hour given.
  EXPECT_EQ(open_after(*plugin_,
                       {"Quand pourrai-je reprendre la course ? Et à quelle heure dois-je "
                        "arriver lundi ?",
                        "ME:Bonjour,\n\nVers 17 h 45, le temps de vous changer.\n\nPour la "
                        "course, on en reparle vendredi après les tests de force.\n\nJulien"},
                       "fr", deadlines_),
            std::vector<std::string>{"Quand pourrai-je reprendre la course ?"});
}

// « C'est noté pour vendredi 20, je passerai à 9h. » acknowledges the day, then gives the
// hour asked for; a receipt's date alone still answers no "when".
TEST_F(ThreadsTest, TheHourAfterANoteTakenAnswers) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Vous pouvez venir quand ?",
                        "ME:Bonjour,\n\nJe peux passer vendredi 20 ou samedi 21 "
                        "matin.\n\nKarim",
                        "vendredi 20 matin c'est parfait. vers quelle heure ?",
                        "ME:Bonjour,\n\nC'est noté pour vendredi 20, je passerai à 9h.\n\nKarim"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"What time will you come on Friday?",
                        "ME:Hello,\n\nThank you for your payment of 12 March.\n\nKarim"},
                       "en", deadlines_),
            std::vector<std::string>{"What time will you come on Friday?"});
}

// « Bien noté. » only takes note and puts the question off; « Mercredi 9h, c'est noté. »
// takes up the slot proposed.
TEST_F(ThreadsTest, ANoteThatNamesTheSlotTakesItUp) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Bonjour,\n\nMercredi 22 avril vers 9h ça vous va ?\n\nSébastien",
                        "ME:Mercredi 22 avril 9h, c'est noté.\n\nN. Lemaire"},
                       "fr", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pouvez-vous me dire si la franchise se paie chez vous ?",
                        "ME:Bien noté.\n\nN. Lemaire"},
                       "fr", deadlines_),
            std::vector<std::string>{"Pouvez-vous me dire si la franchise se paie chez vous ?"});
}

// Seeing the job first, or talking it over later, puts the question off, with "tu" as with
// "vous".
TEST_F(ThreadsTest, SeeingItFirstOrTalkingItOverInPersonPutsOff) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous me faire un devis ?",
                        "ME:Bonjour,\n\nIl faut d'abord que je voie la voiture. Je suis à "
                        "l'atelier mardi après-midi.\n\nNathalie"},
                       "fr", deadlines_),
            std::vector<std::string>{"Pourriez-vous me faire un devis ?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you quote for a new side gate?",
                        "ME:Hi,\n\nI'll need to see it first, the posts may be rotten.\n\nDan"},
                       "en", deadlines_),
            std::vector<std::string>{"Could you quote for a new side gate?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Je me demande s'il faut passer aux fers collés, tu en penses quoi ?",
                        "ME:Salut,\n\nPour les fers collés, je préfère en parler devant le pied "
                        ": je regarde l'état de la corne lundi et je te dis.\n\nYann"},
                       "fr", deadlines_),
            std::vector<std::string>{
                "Je me demande s'il faut passer aux fers collés, tu en penses quoi ?"});
}

// In a copy of a thread that keeps no file at all, "Here it is." hands the document over; where
// the thread keeps its files, the same words without one forgot it (en22-attachment-forgotten).
TEST_F(ThreadsTest, HereItIsInAThreadWithoutFiles) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Could you send me the receipt for order 4411? My accountant needs it.",
                        "ME:Hi Grace,\n\nHere it is.\n\nTom"},
                       "en", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(
      open_after(*plugin_, {"Pouvez-vous m'envoyer votre RIB ?", "ME:RIB en pièce jointe.\n\nYann"},
                 "fr", deadlines_),
      std::vector<std::string>{});
}

// "Pour elle, six semaines maximum…" opens with its answer: a few stop words come first.
TEST_F(ThreadsTest, AFewStopWordsBeforeTheAnswer) {
  EXPECT_EQ(open_after(*plugin_,
                       {"La biotine, tu me conseilles quelle marque ?\nEt c'est toutes les "
                        "combien de semaines qu'il faut la refaire ?",
                        "ME:Pour elle, six semaines maximum entre deux passages, vu l'état de la "
                        "corne.\n\nYann"},
                       "fr", deadlines_),
            std::vector<std::string>{"La biotine, tu me conseilles quelle marque ?"});
}

// « votre avant-dernière question », "your second-to-last question".
TEST_F(ThreadsTest, TheQuestionBeforeTheLast) {
  EXPECT_EQ(open_after(*plugin_,
                       {"L'installation de gaz a été refaite en 2019, est-ce que ça change quelque "
                        "chose ?\nEst-ce que mon fils peut vous ouvrir ?\nMerci de me dire aussi "
                        "quels documents je dois préparer.\nAcceptez-vous les chèques ?",
                        "ME:Madame,\n\nJ'oubliais votre avant-dernière question : il me faudrait "
                        "les factures des travaux réalisés.\n\nJ. Morvan"},
                       "fr", deadlines_),
            (std::vector<std::string>{"L'installation de gaz a été refaite en 2019, est-ce que "
                                      "ça change quelque chose ?",
                                      "Est-ce que mon fils peut vous ouvrir ?",
                                      "Acceptez-vous les chèques ?"}));
}

// A pleasantry on the client's news ("Glad the tummy's better.") holds no answer's rank; a day
// with its hour written out offers the slot asked for.
TEST_F(ThreadsTest, APleasantryHoldsNoRankAndADayAtAnHourOffersASlot) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Have you got anything in the week of 18 May, ideally a Wednesday or "
                        "Friday?\nHis tummy cleared up within a few days, by the way.\nAnd I'm "
                        "still dying to know the name of that shampoo!\nWould it be possible to "
                        "add a teeth clean this time?",
                        "ME:Hi Hannah,\n\nGlad the tummy's better.\n\nWednesday 20 May at 9.30 "
                        "or Friday 22 May at 2pm - take your pick.\n\nProper dental scaling is "
                        "really a job for the vet, but I can brush his teeth with an enzyme paste "
                        "for £5 as part of the groom.\n\nBecky"},
                       "en", deadlines_),
            std::vector<std::string>{"And I'm still dying to know the name of that shampoo!"});
}

// "I still need the insurance certificate" asks for a document, which "I'll forward it as soon
// as it lands" promises and "Supplier form filled in and attached" does not hand over.
TEST_F(ThreadsTest, ADocumentNeededIsNotHandedOverByAnotherOrPromised) {
  EXPECT_EQ(open_after(*plugin_,
                       {"I still need the insurance certificate before I can get you set up as a "
                        "supplier.\nCould you also fill in our supplier form and return it with "
                        "your bank details?",
                        "ME:Hi Priya,\n\nSupplier form filled in and attached, with our bank "
                        "details on page 2.\nThe insurance certificate is with my broker for "
                        "renewal this week - I'll forward the new one as soon as it "
                        "lands.\n\nDean"},
                       "en", deadlines_),
            std::vector<std::string>{"I still need the insurance certificate before I can get "
                                     "you set up as a supplier."});
}

// "How often…?", « à quelle fréquence… ? » ask a time, which a period given answers.
TEST_F(ThreadsTest, HowOftenAsksATime) {
  EXPECT_EQ(open_after(*plugin_,
                       {"How often would you recommend he comes back?\nDo you sell gift "
                        "vouchers?",
                        "ME:Hi Hannah,\n\nYes, we sell gift vouchers from £20.\n\nSix to eight "
                        "weeks is about right for his coat.\n\nBecky"},
                       "en", deadlines_),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"À quelle fréquence faut-il le refaire ?\nVous vendez des bons cadeaux ?",
                        "ME:Bonjour,\n\nOui, nous vendons des bons cadeaux à partir de 20 "
                        "€.\n\nToutes les six semaines, vu l'état de la corne.\n\nYann"},
                       "fr", deadlines_),
            std::vector<std::string>{});
}

// "I'd like to know whether...", « Je souhaiterais savoir si... » asks yes or no: a bare "Yes"
// answers it, and the price said after that "Yes" answers the price alone.
TEST_F(ThreadsTest, KnowingWhetherAsksYesOrNo) {
  EXPECT_EQ(open_after(*plugin_,
                       {"I'd like to know whether you work on Saturdays. What do you charge for a "
                        "day? And how soon could you start?",
                        "ME:Hi Tom,\n\nYes, I do. A day is £240, materials included. I could "
                        "start on Saturday 21 March.\n\nAnna"}),
            std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Je souhaiterais savoir si vous intervenez le samedi. Quel est votre tarif "
                        "pour une journée ? Et où est votre atelier ?",
                        "ME:Bonjour,\n\nOui, tout à fait. La journée est à 240 €, fournitures "
                        "comprises. L'atelier est au 4 rue du Moulin, à Clisson.\n\nAnne"},
                       "fr"),
            std::vector<std::string>{});
}

// A statement before a colon, then the clause that asks: the clause's words are what an answer
// restates.
TEST_F(ThreadsTest, TheClauseAfterAColonAsks) {
  EXPECT_EQ(
      open_after(*plugin_, {"Thanks for coming round on Saturday.\nYou mentioned moving the firing "
                            "area away from the pond and the old stables: how far from the guests "
                            "will it be?\nAnd when will the quote for the guests' sparklers be "
                            "ready?",
                            "ME:Hi Thomas,\n\nThe guests will stand well back, behind the laurel "
                            "hedge.\n\nÉric"}),
      std::vector<std::string>{"And when will the quote for the guests' sparklers be ready?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Merci pour votre visite samedi.\nVous avez parlé d'éloigner la zone de "
                        "tir du bassin et des anciennes écuries : à quelle distance des invités "
                        "sera-t-elle ?\nEt quand pensez-vous envoyer le devis des cierges pour les "
                        "invités ?",
                        "ME:Bonjour Thomas,\n\nLes invités se tiendront bien en retrait, derrière "
                        "la haie de lauriers.\n\nÉric"},
                       "fr"),
            std::vector<std::string>{
                "Et quand pensez-vous envoyer le devis des cierges pour les invités ?"});
}

// Rain and the weather are one topic: "What happens if it rains?" is answered by what is said
// of the weather.
TEST_F(ThreadsTest, RainAndTheWeatherAreOneTopic) {
  EXPECT_EQ(
      open_after(*plugin_, {"Can the show be set to music? And what happens if it rains on the "
                            "day?",
                            "ME:Hi Thomas,\n\nIf the weather turns, we move the show to the next "
                            "evening at no charge.\n\nÉric"}),
      std::vector<std::string>{"Can the show be set to music?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Le spectacle peut-il être synchronisé sur une musique ? Et s'il pleut ce "
                        "jour-là, qu'est-ce qui se passe ?",
                        "ME:Bonjour Thomas,\n\nCôté météo, le matériel supporte une averse, et "
                        "nous reportons sans frais si le temps est vraiment mauvais.\n\nÉric"},
                       "fr"),
            std::vector<std::string>{"Le spectacle peut-il être synchronisé sur une musique ?"});
}

// Two requests for the same document are one request: the reply that hands it over answers
// both, whatever else the second said of it.
TEST_F(ThreadsTest, TheSameDocumentAskedForTwice) {
  EXPECT_EQ(
      open_after(*plugin_, {"Could you do me a quote?\nHow long does a bumper usually take?",
                            "ME:Hi,\n\nThree days in the workshop once the parts are in. I'll need "
                            "to see the car first.\n\nNathalie",
                            "Please email me the quote so that I can pass it on to my insurer.",
                            "ME:Hi,\n\nThe quote is attached: £1,184.60 for the rear.\n\n"
                            "Nathalie"}),
      std::vector<std::string>{});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous me faire un devis ?\nCombien de temps faut-il compter en "
                        "général ?",
                        "ME:Bonjour,\n\nTrois jours d'atelier une fois les pièces arrivées. Il "
                        "faut d'abord que je voie la voiture.\n\nNathalie",
                        "Merci de m'envoyer le devis par mail pour que je le transmette à "
                        "l'assurance.",
                        "ME:Bonjour,\n\nLe devis est en pièce jointe : 1 184,60 € TTC pour "
                        "l'arrière.\n\nNathalie"},
                       "fr"),
            std::vector<std::string>{});
}

// Saying the answer will come later puts the question off (« je vous le dirai quand j'aurai vu
// l'instrument », « je vous reviens là-dessus », "I'll tell you once I've seen it"); « réparable »
// and « se répare » are one topic.
TEST_F(ThreadsTest, SayingItWillComeLaterPutsOff) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce que c'est réparable ? Combien coûte ce genre de réparation ?\n"
                        "Faut-il prendre rendez-vous ?",
                        "ME:Bonjour,\n\nDans la grande majorité des cas, cela se répare très "
                        "bien. Pour le prix, je vous le dirai quand j'aurai vu l'instrument.\n\n"
                        "Vous pouvez passer sans rendez-vous du mardi au samedi.\n\nClaire"},
                       "fr"),
            std::vector<std::string>{"Combien coûte ce genre de réparation ?"});
  EXPECT_EQ(
      open_after(*plugin_, {"Is it repairable? How much would the repair cost?\nDo I need an "
                            "appointment?",
                            "ME:Hello,\n\nIn most cases a crack like that repairs well. As for the "
                            "price, I'll tell you once I've seen the violin.\n\nYou can drop in "
                            "without an appointment, Tuesday to Saturday.\n\nClaire"}),
      std::vector<std::string>{"How much would the repair cost?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Combien coûte un contrat de saison ? À quelle heure passez-vous après "
                        "une tempête ?",
                        "ME:Bonjour,\n\nC'est 685 $ plus taxes pour la saison. Pour l'heure de "
                        "passage, ça dépend de la tempête, je vous reviens là-dessus.\n\nSteve"},
                       "fr"),
            std::vector<std::string>{"À quelle heure passez-vous après une tempête ?"});
}

// An apology or thanks names no question by the words after its "pour": « Désolé pour le
// délai » does not answer « quand c'est glacé ».
TEST_F(ThreadsTest, AnApologyNamesNoQuestion) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Est-ce que vous épandez de l'abrasif dans l'entrée quand c'est glacé ?\n"
                        "Pouvez-vous m'envoyer le contrat ?",
                        "ME:Bonjour,\n\nDésolé pour le délai, c'est la saison des "
                        "renouvellements. Voici le contrat en pièce jointe.\n\nSteve"},
                       "fr"),
            std::vector<std::string>{
                "Est-ce que vous épandez de l'abrasif dans l'entrée quand c'est glacé ?"});
}

// The numbered lines of a quote are no numbered answers: "3. Remèche de l'archet : 55 €" does
// not answer the third question, about the case.
TEST_F(ThreadsTest, TheLinesOfANumberedQuoteAnswerByTheirWords) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous regarder l'archet ?\nVous louez des violons ?\nFaut-il que "
                        "j'apporte aussi la housse ?",
                        "ME:Bonjour,\n\nVoici le devis :\n1. Collage de la fissure : 280 €\n2. "
                        "Remplacement de l'âme : 60 €\n3. Remèche de l'archet : 55 €\nTotal : "
                        "395 €.\n\nClaire"},
                       "fr"),
            (std::vector<std::string>{"Vous louez des violons ?",
                                      "Faut-il que j'apporte aussi la housse ?"}));
}

// A document still awaited is the document asked for before; a sentence that names the total
// asked for the day before does not answer the only question of the last message.
TEST_F(ThreadsTest, AStillAwaitedDocumentAndAnotherQuestionsAnswer) {
  EXPECT_EQ(open_after(*plugin_,
                       {"Merci de me faire parvenir un contrat.\nCombien coûte la saison ?",
                        "ME:Bonjour,\n\nLa saison est à 685 $ plus taxes.\n\nSteve",
                        "J'attends toujours le contrat.\nAussi, c'est quoi le montant total avec "
                        "les taxes et les marches ?",
                        "Petite chose : est-ce que vous êtes assurés si la souffleuse brise notre "
                        "bordure ?",
                        "ME:Bonjour,\n\nVoici le contrat en pièce jointe.\nLe total : 865 $, "
                        "plus TPS et TVQ, ça fait 994,53 $.\n\nSteve"},
                       "fr"),
            std::vector<std::string>{"Petite chose : est-ce que vous êtes assurés si la "
                                     "souffleuse brise notre bordure ?"});
  EXPECT_EQ(
      open_after(*plugin_, {"Please send me the contract.\nHow much is the season?",
                            "ME:Hi,\n\nThe season is $685 plus tax.\n\nSteve",
                            "I'm still waiting for the contract.\nAlso, what is the total with tax "
                            "and the steps?",
                            "One more thing: are you insured if the blower breaks our kerb?",
                            "ME:Hi,\n\nHere is the contract, attached.\nThe total: $865 plus "
                            "tax, which makes $994.53.\n\nSteve"}),
      std::vector<std::string>{"One more thing: are you insured if the blower breaks our kerb?"});
}

// A request for a document is not answered by a yes to it or by the promise of it: « Avec
// plaisir » and "I'll have the proposal to you by Friday" leave it open.
TEST_F(ThreadsTest, AYesOrAPromiseHandsNoDocumentOver) {
  EXPECT_EQ(
      open_after(*plugin_, {"Could you put together a proposal with a breakdown?\nIs there a rush "
                            "fee given the timing?",
                            "ME:Hi Karen,\n\nI'll have the proposal to you by Friday. There's no "
                            "rush fee for a May date.\n\nPriya"}),
      std::vector<std::string>{"Could you put together a proposal with a breakdown?"});
  EXPECT_EQ(open_after(*plugin_,
                       {"Pourriez-vous m'envoyer vos tarifs associatifs ?\nCombien de fûts "
                        "faudrait-il prévoir pour 300 personnes ?",
                        "ME:Bonjour,\n\nAvec plaisir, on travaille avec pas mal de comités des "
                        "fêtes du coin.\n\nComptez six fûts de 30 litres pour 300 "
                        "personnes.\n\nYann"},
                       "fr"),
            std::vector<std::string>{"Pourriez-vous m'envoyer vos tarifs associatifs ?"});
}

}  // namespace
}  // namespace courtois::questions
