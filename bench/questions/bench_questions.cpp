// Answer matching for a 30-message client thread (15 client messages with two or three
// questions each, 15 replies: top-posted with quoted history, in-line, numbered, restating
// the topic) must take well under 1 ms. Detection per message is measured alongside.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "courtois/rules.hpp"
#include "questions/questions.hpp"

namespace {

using namespace courtois;

const std::vector<std::string> kTopics = {"invoice",    "delivery", "quote",  "brochure", "proof",
                                          "banner",     "poster",   "sample", "envelope", "catalog",
                                          "letterhead", "sticker",  "label",  "flyer",    "menu"};

questions::QuestionsPlugin& plugin() {
  static questions::QuestionsPlugin* p = [] {
    std::vector<RuleError> errors;
    RuleSet rules = load_rule_set("questions", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
    auto* q = new questions::QuestionsPlugin();
    q->configure(rules);
    return q;
  }();
  return *p;
}

std::string quote(const std::string& text) {
  std::string out = "> ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "> ";
  }
  return out;
}

struct BenchThread {
  std::vector<Message> messages;
  std::vector<Analysis> analyses;
  ThreadAnalysis thread;
};

BenchThread make_thread(int size = 30) {
  BenchThread t;
  std::string previous_id;
  for (int i = 0; i < size; ++i) {
    const std::string& topic = kTopics[static_cast<std::size_t>(i / 2) % kTopics.size()];
    const std::string& other = kTopics[static_cast<std::size_t>(i / 2 + 7) % kTopics.size()];
    Message m;
    m.message_id = "m" + std::to_string(i) + "@example.com";
    m.in_reply_to = previous_id;
    std::string client_text = "Hello,\n\nCan you send me the " + topic +
                              " for the spring campaign?\nWhen will the " + other +
                              " be ready for pickup?\nAlso, please confirm the price of the " +
                              topic + " samples.\n\nThanks,\nKaren\n";
    if (i % 2 == 0) {
      m.new_text = client_text;
      m.body_text = client_text;
    } else if (i % 4 == 1) {
      m.new_text = "Hi Karen,\n\nThe " + topic + " for the spring campaign is attached.\nThe " +
                   other + " will be ready for pickup on Friday.\n\nBest,\nTom\n";
      m.body_text = m.new_text + "\nOn Monday, Karen wrote:\n" + quote(client_text);
    } else {
      m.new_text = "Sure, attached.\n\nFriday afternoon.\n";
      m.body_text = "> Can you send me the " + topic +
                    " for the spring campaign?\n\nSure, attached.\n\n> When will the " + other +
                    " be ready for pickup?\n\nFriday afternoon.\n";
    }
    m.lang = "en";
    previous_id = m.message_id;
    t.messages.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < t.messages.size(); ++i) {
    Analysis a;
    a.id = t.messages[i].message_id;
    a.text = t.messages[i].new_text;
    a.lang = "en";
    a.direction = i % 2 == 0 ? "in" : "out";
    plugin().analyse(t.messages[i], a);
    t.analyses.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < t.messages.size(); ++i)
    t.thread.messages.push_back({&t.messages[i], &t.analyses[i]});
  return t;
}

void BM_AnswerMatching30Messages(benchmark::State& state) {
  BenchThread t = make_thread();
  for (auto _ : state) {
    plugin().analyse_thread(t.thread);
    benchmark::DoNotOptimize(t.thread.open_questions.data());
  }
  std::size_t questions = 0, answered = 0;
  for (const Analysis& a : t.analyses)
    for (const Question& q : a.questions) {
      ++questions;
      answered += q.answered_by.has_value();
    }
  state.counters["questions"] = static_cast<double>(questions);
  state.counters["answered"] = static_cast<double>(answered);
}
BENCHMARK(BM_AnswerMatching30Messages)->Unit(benchmark::kMicrosecond);

// How answer matching grows with the thread: a long-running client thread in a mailbox audit
// may hold hundreds of messages.
void BM_AnswerMatchingLongThread(benchmark::State& state) {
  BenchThread t = make_thread(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    plugin().analyse_thread(t.thread);
    benchmark::DoNotOptimize(t.thread.open_questions.data());
  }
}
BENCHMARK(BM_AnswerMatchingLongThread)
    ->Arg(60)
    ->Arg(120)
    ->Arg(240)
    ->Arg(480)
    ->Unit(benchmark::kMillisecond);

void BM_DetectOneMessage(benchmark::State& state) {
  Message m;
  m.new_text =
      "Bonjour,\n\nMerci pour votre envoi. Pourriez-vous me confirmer la date de livraison ? "
      "Par ailleurs, merci de m'envoyer la facture.\nJ'attends votre retour sur le devis.\n\n"
      "Cordialement,\nSophie";
  m.lang = "fr";
  for (auto _ : state) {
    Analysis a;
    a.text = m.new_text;
    a.lang = "fr";
    plugin().analyse(m, a);
    benchmark::DoNotOptimize(a.questions.data());
  }
}
BENCHMARK(BM_DetectOneMessage)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
