// The politeness evaluation of EVALUATION.md, for `courtois eval politeness` and
// courtois-eval-tone: for every file of shared/data/politeness, binary accuracy (top quartile
// polite vs bottom quartile impolite, predicted by the sign of tone.politeness; 0 is wrong) and
// the Spearman correlation of tone.politeness with the human score on all rows.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "courtois/rules.hpp"

namespace courtois {

struct PolitenessEvalOptions {
  std::filesystem::path rules_dir = default_rules_dir();  // shipped rules only: reproducible
  // When set, writes one line per row (file, id, split, score, binary label, features) for
  // tools/tone/fit_politeness.py.
  std::optional<std::filesystem::path> features_out;
  // When set ("hostile", "tense"), prints every row given that label with its signals: a check
  // that requests by ordinary people are not called hostile.
  std::optional<std::string> show_label;
};

// `shared_data_dir` is the shared/ folder or its data/politeness/ folder. Returns 0 on
// success, 1 when the data or the rules cannot be read (the reason is printed to `out`).
int eval_politeness(const std::filesystem::path& shared_data_dir, std::ostream& out);
int eval_politeness(const std::filesystem::path& shared_data_dir, std::ostream& out,
                    const PolitenessEvalOptions& options);

}  // namespace courtois
