// `courtois eval dates`: scores the deadlines plugin on chrono's own French and English test
// cases (shared/data/dates/chrono_fr_en_cases.tsv) with the "Dates" protocol of
// EVALUATION.md. docs/evaluation.md (section "Dates") explains how the expected period and
// grain are read from the TSV and which cases are scored under the deadline-forward convention.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace courtois {

struct DateCaseResult {
  int line = 0;  // line in the TSV
  std::string lang, input, ref;
  bool passed = false;
  bool skipped = false;    // no expectation usable by the protocol
  std::string convention;  // passed only under: "forward", "period", "day-first"
  std::string expected;    // what was expected, for a person
  std::string got;         // what the plugin found
};

struct DateEvalReport {
  int fr_total = 0, fr_passed = 0, en_total = 0, en_passed = 0, skipped = 0;
  std::vector<DateCaseResult> cases;
  double fr_rate() const { return fr_total ? 100.0 * fr_passed / fr_total : 0; }
  double en_rate() const { return en_total ? 100.0 * en_passed / en_total : 0; }
  double overall_rate() const {
    int t = fr_total + en_total;
    return t ? 100.0 * (fr_passed + en_passed) / t : 0;
  }
};

// Runs every case through the plugin configured from `rules_dir` (default: the shipped rules).
// Throws nothing: a file that cannot be read gives an empty report and `error`.
DateEvalReport evaluate_dates(const std::filesystem::path& tsv,
                              const std::filesystem::path& rules_dir, std::string& error);

// Prints pass rates (French, English, overall), the cases scored under the forward convention,
// and the failures. Returns 0, or 1 when the data cannot be read.
int eval_dates(const std::filesystem::path& shared_data_dir, std::ostream& out);

}  // namespace courtois
