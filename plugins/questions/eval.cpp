// Scores the questions detector on the Parakweet email-intent sentences. Each row is analysed
// exactly as `courtois analyze --input text-jsonl` would: the sentence is the new text of a
// message; Yes when at least one question or request is found.
#include "questions/eval.hpp"

#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <string>

#include "courtois/analysis.hpp"
#include "courtois/message.hpp"
#include "courtois/rules.hpp"
#include "questions/questions.hpp"

namespace courtois::questions {

std::uint64_t split_hash(std::string_view sentence) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : sentence) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

namespace {

struct Counts {
  int tp = 0, fp = 0, tn = 0, fn = 0;
  void add(bool truth, bool predicted) {
    if (truth && predicted)
      ++tp;
    else if (!truth && predicted)
      ++fp;
    else if (!truth && !predicted)
      ++tn;
    else
      ++fn;
  }
  Counts& operator+=(const Counts& o) {
    tp += o.tp, fp += o.fp, tn += o.tn, fn += o.fn;
    return *this;
  }
  int total() const { return tp + fp + tn + fn; }
  void print(std::ostream& out, const std::string& name) const {
    double accuracy = total() ? static_cast<double>(tp + tn) / total() : 0;
    double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
    double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    int majority = std::max(tp + fn, tn + fp);
    out << std::fixed << std::setprecision(1) << name << ": rows " << total() << "  accuracy "
        << 100 * accuracy << "%  F1(Yes) " << 100 * f1 << "%  precision " << 100 * precision
        << "%  recall " << 100 * recall << "%  (majority class "
        << (total() ? 100.0 * majority / total() : 0) << "%)\n";
  }
};

// The questions plugin on the shipped rules; nullopt (and the errors written) when they do not
// load.
std::unique_ptr<QuestionsPlugin> load_plugin(std::ostream& out) {
  std::vector<RuleError> errors;
  RuleSet rules = load_rule_set("questions", default_rules_dir(), std::nullopt, errors);
  auto plugin = std::make_unique<QuestionsPlugin>();
  auto configure_errors = plugin->configure(rules);
  errors.insert(errors.end(), configure_errors.begin(), configure_errors.end());
  if (errors.empty()) return plugin;
  for (const RuleError& e : errors) out << e.to_string() << "\n";
  return nullptr;
}

// Each `Yes|No TAB sentence` row of `file`, analysed as the new text of a message in `lang`
// ("" when unknown): `row(truth, analysis, sentence)`. A row without a valid label is named
// on `out` (the first three) and skipped. False when the file cannot be read.
template <typename Row>
bool score_rows(const std::filesystem::path& file, std::string_view lang,
                const QuestionsPlugin& plugin, std::ostream& out, Row row) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out << "eval requests: cannot read " << file.string() << "\n";
    return false;
  }
  std::string line;
  int line_number = 0, bad = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::size_t tab = line.find('\t');
    std::string label = tab == std::string::npos ? "" : line.substr(0, tab);
    if (label != "Yes" && label != "No") {
      if (bad++ < 3)
        out << file.filename().string() << ":" << line_number << ": label: expected Yes or No\n";
      continue;
    }
    std::string sentence = line.substr(tab + 1);
    Message message;
    message.message_id = file.stem().string() + "-" + std::to_string(line_number);
    message.new_text = sentence;
    message.body_text = sentence;
    Analysis analysis;
    analysis.id = message.message_id;
    analysis.text = sentence;
    analysis.lang = std::string(lang);
    plugin.analyse(message, analysis);
    row(label == "Yes", analysis, sentence);
  }
  return true;
}

}  // namespace

}  // namespace courtois::questions

namespace courtois {

int eval_requests(const std::filesystem::path& shared_data_dir, std::ostream& out) {
  using namespace questions;
  // Accept the data folder itself or the shared/ folder above it.
  std::filesystem::path file = shared_data_dir / "requests" / "parakweet_train.tsv";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec) &&
      std::filesystem::exists(shared_data_dir / "data" / "requests" / "parakweet_train.tsv", ec))
    file = shared_data_dir / "data" / "requests" / "parakweet_train.tsv";
  auto plugin = load_plugin(out);
  if (!plugin) return 1;
  Counts held_out, fitted, all;
  if (!score_rows(file, "", *plugin, out,
                  [&](bool truth, const Analysis& analysis, const std::string& sentence) {
                    bool predicted = !analysis.questions.empty();
                    (is_held_out(sentence) ? held_out : fitted).add(truth, predicted);
                    all.add(truth, predicted);
                  }))
    return 1;
  out << "requests (Parakweet email intent, " << file.string() << ")\n";
  held_out.print(out, "held out (hash mod 3 == 0)");
  fitted.print(out, "used to write rules     ");
  all.print(out, "all rows                ");
  return 0;
}

int eval_client_requests(const std::filesystem::path& dir, std::ostream& out,
                         bool errors_of_fitting_rows) {
  using namespace questions;
  for (const char* name : {"fit_en.tsv", "fit_fr.tsv", "held_en.tsv", "held_fr.tsv"}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dir / name, ec)) {
      out << "eval client-requests: " << (dir / name).string()
          << ": no such file (the folder must hold fit_en.tsv, fit_fr.tsv, held_en.tsv and "
             "held_fr.tsv)\n";
      return 1;
    }
  }
  auto plugin = load_plugin(out);
  if (!plugin) return 1;
  if (!errors_of_fitting_rows)
    out << "requests in client mail (" << dir.string()
        << "; fit_*: used to write rules, held_*: only scored)\n";
  Counts totals[2];
  for (const char* part : {"fit", "held"})
    for (const char* lang : {"en", "fr"}) {
      const bool held = std::string_view(part) == "held";
      if (held && errors_of_fitting_rows) continue;
      std::filesystem::path file = dir / (std::string(part) + "_" + lang + ".tsv");
      Counts counts;
      if (!score_rows(file, lang, *plugin, out,
                      [&](bool truth, const Analysis& analysis, const std::string& sentence) {
                        bool predicted = !analysis.questions.empty();
                        counts.add(truth, predicted);
                        if (errors_of_fitting_rows && truth != predicted)
                          print_error_row(out, analysis, sentence);
                      }))
        return 1;
      if (!errors_of_fitting_rows) counts.print(out, file.filename().string());
      totals[held] += counts;
    }
  if (!errors_of_fitting_rows) {
    totals[0].print(out, "fit, both languages ");
    totals[1].print(out, "held, both languages");
  }
  return 0;
}

}  // namespace courtois
