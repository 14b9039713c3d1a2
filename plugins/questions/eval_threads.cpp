// `courtois eval threads`: answer tracking scored on annotated threads, as EVALUATION.md
// describes it: each annotated question of a client message is matched to an extracted question
// by overlap; its `answered_by` must name the later outgoing message that answers it, or null.
// A folder holds NAME.mbox (one thread) beside NAME.expect.json (the format of
// tests/questions/data/threads, README there).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "courtois/engine.hpp"
#include "courtois/mailbox.hpp"
#include "courtois/message.hpp"
#include "questions/eval.hpp"

namespace courtois {

namespace {

struct ThreadCounts {
  int questions = 0;       // annotated questions of client messages
  int not_extracted = 0;   // no extracted question overlaps the annotated text
  int right = 0;           // answered_by as annotated (a message, or null)
  int answered = 0;        // annotated as answered
  int answered_right = 0;  // ... and named right
  int missed = 0;          // annotated as answered, left open
  int wrong_message = 0;   // annotated as answered, another message named
  int false_answer = 0;    // annotated open, an answer named
  int not_questions = 0;   // sentences annotated as no question
  int flagged = 0;         // ... that were extracted all the same
  int threads = 0, threads_all_right = 0;

  ThreadCounts& operator+=(const ThreadCounts& o) {
    questions += o.questions, not_extracted += o.not_extracted, right += o.right;
    answered += o.answered, answered_right += o.answered_right, missed += o.missed;
    wrong_message += o.wrong_message, false_answer += o.false_answer;
    not_questions += o.not_questions, flagged += o.flagged;
    threads += o.threads, threads_all_right += o.threads_all_right;
    return *this;
  }
  void print(std::ostream& out, const std::string& name) const {
    auto pct = [](int a, int b) { return b ? 100.0 * a / b : 0.0; };
    out << std::fixed << std::setprecision(1) << name << ": threads " << threads
        << " (every answered_by right in " << threads_all_right << ")  questions " << questions
        << "  answered_by right " << right << " (" << pct(right, questions) << "%)"
        << "  answers found " << answered_right << " of " << answered << "  left open " << missed
        << "  wrong message " << wrong_message << "  answer named for an open one " << false_answer
        << "  not extracted " << not_extracted << "  not-questions flagged " << flagged << " of "
        << not_questions << "\n";
  }
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int eval_threads(const std::filesystem::path& dir, std::ostream& out, bool list_errors) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".mbox") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  if (names.empty()) {
    out << "eval threads: " << dir.string()
        << ": no NAME.mbox with its NAME.expect.json in this folder\n";
    return 1;
  }
  std::map<std::vector<std::string>, std::unique_ptr<Engine>> engines;  // one per --me
  std::map<std::string, ThreadCounts> by_lang;
  int unreadable = 0;
  for (const std::string& name : names) {
    const std::filesystem::path expect_path = dir / (name + ".expect.json");
    nlohmann::json expect;
    if (!std::filesystem::is_regular_file(expect_path, ec)) {
      out << "eval threads: " << expect_path.string() << ": no such file (each NAME.mbox needs "
          << "its NAME.expect.json; thread skipped)\n";
      ++unreadable;
      continue;
    }
    try {
      expect = nlohmann::json::parse(read_text(expect_path));
      for (const char* key : {"me", "questions"})
        if (!expect.contains(key) || !expect[key].is_array())
          throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    } catch (const std::exception& e) {
      out << "eval threads: " << expect_path.string() << ": " << e.what() << " (thread skipped)\n";
      ++unreadable;
      continue;
    }
    std::vector<Message> messages;
    auto reader = MailboxReader::open(dir / (name + ".mbox"));
    if (!reader.ok()) {
      out << "eval threads: " << name << ".mbox: " << reader.error().to_string()
          << " (thread skipped)\n";
      ++unreadable;
      continue;
    }
    while (auto raw = (*reader)->next()) {
      if (!raw->error.empty()) {
        out << "eval threads: " << raw->source << ": " << raw->error << "\n";
        continue;
      }
      auto parsed = Message::from_raw(raw->bytes);
      if (parsed.ok())
        messages.push_back(std::move(*parsed));
      else
        out << "eval threads: " << raw->source << ": " << parsed.error().to_string() << "\n";
    }
    std::vector<std::string> me;
    for (const auto& m : expect["me"])
      if (m.is_string()) me.push_back(m.get<std::string>());
    auto& engine = engines[me];
    if (!engine) {
      EngineOptions options;
      options.local_rules_dir = std::nullopt;
      options.me = me;
      engine = Engine::create(options);
    }
    std::vector<Analysis> analyses(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) analyses[i] = engine->analyse(messages[i]);
    ThreadOptions thread_options;
    thread_options.me = me;
    std::vector<ThreadAnalysis> threads = engine->threads(messages, analyses, thread_options);
    auto by_id = [&](const std::string& id) -> const Analysis* {
      for (const Analysis& a : analyses)
        if (a.id == id) return &a;
      return nullptr;
    };
    ThreadCounts c;
    c.threads = 1;
    auto error = [&](const std::string& what, const std::string& text) {
      if (list_errors) out << name << "\t" << what << "\t" << text << "\n";
    };
    for (const auto& e : expect["questions"]) {
      const std::string text = e.value("text", std::string());
      const std::string expected = e.contains("answered_by") && e["answered_by"].is_string()
                                       ? e["answered_by"].get<std::string>()
                                       : std::string();
      ++c.questions;
      if (!expected.empty()) ++c.answered;
      const Analysis* a = by_id(e.value("message", std::string()));
      const Question* q = a ? questions::question_overlapping(*a, text) : nullptr;
      if (!q) {
        ++c.not_extracted;
        error("not extracted", text);
        continue;
      }
      const std::string got = q->answered_by.value_or("");
      if (got == expected) {
        ++c.right;
        if (!expected.empty()) ++c.answered_right;
      } else if (expected.empty()) {
        ++c.false_answer;
        error("answered, expected open", q->text + "\t<- " + q->answer_evidence);
      } else if (got.empty()) {
        ++c.missed;
        error("left open, expected " + expected, q->text);
      } else {
        ++c.wrong_message;
        error("answered by " + got + ", expected " + expected,
              q->text + "\t<- " + q->answer_evidence);
      }
    }
    if (expect.contains("not_questions") && expect["not_questions"].is_array())
      for (const auto& e : expect["not_questions"]) {
        const Analysis* a = by_id(e.value("message", std::string()));
        const std::string text = e.value("text", std::string());
        ++c.not_questions;
        if (const Question* q = a ? questions::question_overlapping(*a, text) : nullptr) {
          ++c.flagged;
          error("not a question, flagged", q->text);
        }
      }
    if (threads.size() != 1)
      error("messages fell into " + std::to_string(threads.size()) + " threads", "");
    if (c.right == c.questions) ++c.threads_all_right;
    by_lang[expect.value("lang", std::string("?"))] += c;
  }
  ThreadCounts total;
  out << "answer tracking on annotated threads (" << dir.string() << ")\n";
  for (const auto& [lang, counts] : by_lang) {
    counts.print(out, lang);
    total += counts;
  }
  if (by_lang.size() > 1) total.print(out, "all");
  if (unreadable) out << unreadable << " thread(s) could not be read\n";
  return unreadable ? 1 : 0;
}

}  // namespace courtois
