// Runs the requests evaluation directly (the same function as `courtois eval requests`):
//   questions_eval [SHARED_DATA_DIR]            accuracy and F1, held out and all rows
//   questions_eval --errors [SHARED_DATA_DIR]   the misclassified rows of the split used to
//                                               write the rules (never the held-out rows)
//   questions_eval --dev [SHARED_DATA_DIR]      every row of that split: label, prediction,
//                                               symbol, sentence (to study cues by phenomenon)
//   questions_eval --cues [SHARED_DATA_DIR]     every row of that split: label, prediction,
//                                               sum of the cue weights, every cue counted
//                                               (space-separated, "-" for none), sentence
//   questions_eval --client [DIR]               the same measure on the client-mail sentences
//                                               (default tests/questions/data/client)
//   questions_eval --client-errors [DIR]        the misclassified rows of their fit_* files
//   questions_eval --cues-of LANG < SENTENCES   the cues counted in each line read (to probe)
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "courtois/rules.hpp"
#include "questions/eval.hpp"
#include "questions/questions.hpp"

int main(int argc, char** argv) {
  std::string dir = COURTOIS_SHARED_DIR "/data";
  bool errors = false, dev = false, cues = false, client = false, client_errors = false;
  std::optional<std::string> cues_of;
  std::string client_dir = COURTOIS_SOURCE_DIR "/tests/questions/data/client";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--client" || arg == "--client-errors") {
      client = true;
      client_errors = arg == "--client-errors";
      if (i + 1 < argc) client_dir = argv[++i];
    } else if (arg == "--cues-of" && i + 1 < argc) {
      cues_of = argv[++i];
    } else if (arg == "--errors")
      errors = true;
    else if (arg == "--dev")
      errors = dev = true;
    else if (arg == "--cues")
      errors = cues = true;
    else
      dir = arg;
  }
  if (client) return courtois::eval_client_requests(client_dir, std::cout, client_errors);
  if (!errors && !cues_of) return courtois::eval_requests(dir, std::cout);

  using namespace courtois;
  std::vector<RuleError> rule_errors;
  RuleSet rules = load_rule_set("questions", default_rules_dir(), std::nullopt, rule_errors);
  questions::QuestionsPlugin plugin;
  for (const auto& e : plugin.configure(rules)) std::cerr << e.to_string() << "\n";
  // "<sum of the cue weights> TAB <every cue counted, space-separated, - for none>".
  auto cues_of_text = [&](const std::string& text, std::string_view lang) {
    double sum = 0;
    std::string symbols;
    for (const auto& s : plugin.detector().cues(text, lang)) {
      sum += s.sum;
      for (const auto& symbol : s.symbols) symbols += (symbols.empty() ? "" : " ") + symbol;
    }
    std::ostringstream line;
    line << sum << "\t" << (symbols.empty() ? "-" : symbols);
    return line.str();
  };
  if (cues_of) {
    std::string text;
    while (std::getline(std::cin, text))
      std::cout << cues_of_text(text, *cues_of) << "\t" << text << "\n";
    return 0;
  }
  std::ifstream in(dir + "/requests/parakweet_train.tsv");
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string label = line.substr(0, tab), sentence = line.substr(tab + 1);
    if (questions::is_held_out(sentence)) continue;
    Message m;
    m.new_text = sentence;
    Analysis a;
    a.text = sentence;
    plugin.analyse(m, a);
    bool predicted = !a.questions.empty();
    if (cues)
      std::cout << label << "\t" << (predicted ? "Yes" : "No") << "\t" << cues_of_text(sentence, "")
                << "\t" << sentence << "\n";
    else if (dev)
      std::cout << label << "\t" << (predicted ? "Yes" : "No") << "\t"
                << (predicted ? a.questions[0].symbol : "-") << "\t" << sentence << "\n";
    else if (predicted != (label == "Yes"))
      questions::print_error_row(std::cout, a, sentence);
  }
  return 0;
}
