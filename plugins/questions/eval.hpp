// `courtois eval requests`: the questions detector scored on the Parakweet email-intent
// sentences (shared/data/requests/parakweet_train.tsv), as EVALUATION.md describes: each
// sentence analysed as the new text of a message, predicted Yes when `questions` is not empty.
// Prints accuracy and F1 of Yes on the held-out split (never used to write the rules) and on
// all rows. The split: FNV-1a 64 of the sentence bytes, mod 3 == 0 is held out (see
// docs/evaluation.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "courtois/analysis.hpp"

namespace courtois::questions {

// A misclassified row as the `--errors` listings print it: "FP <symbol>" for a false alarm,
// "FN" for a miss, a tab, the sentence.
inline void print_error_row(std::ostream& out, const Analysis& analysis,
                            std::string_view sentence) {
  const bool predicted = !analysis.questions.empty();
  out << (predicted ? "FP " : "FN ") << (predicted ? analysis.questions[0].symbol : "") << "\t"
      << sentence << "\n";
}

// The question of `analysis` whose span overlaps the first occurrence of `snippet` in its text,
// or nullptr: how an annotated question is matched to an extracted one (EVALUATION.md).
inline const Question* question_overlapping(const Analysis& analysis, std::string_view snippet) {
  const std::size_t at = analysis.text.find(snippet);
  if (at == std::string::npos) return nullptr;
  for (const Question& q : analysis.questions)
    if (q.start < at + snippet.size() && at < q.end) return &q;
  return nullptr;
}

// FNV-1a 64-bit of the sentence; held out when it is 0 mod 3.
std::uint64_t split_hash(std::string_view sentence);
inline bool is_held_out(std::string_view sentence) {
  return split_hash(sentence) % 3 == 0;
}

}  // namespace courtois::questions

namespace courtois {

// Returns 0 on success, 1 when the data cannot be read or the rules do not load.
int eval_requests(const std::filesystem::path& shared_data_dir, std::ostream& out);

// `courtois eval client-requests`: the same measure on sentences of client mail written for
// Courtois in English and French (tests/questions/data/client: fit_en.tsv, fit_fr.tsv were used
// to write rules, held_en.tsv, held_fr.tsv are only scored), each analysed in its language.
// With errors_of_fitting_rows, prints instead the misclassified rows of the fit_* files only.
int eval_client_requests(const std::filesystem::path& dir, std::ostream& out,
                         bool errors_of_fitting_rows = false);

// `courtois eval threads`: answer tracking on a folder of annotated threads (NAME.mbox beside
// NAME.expect.json, as in tests/questions/data/threads), scored as EVALUATION.md says: each
// annotated question of a client message is matched to an extracted question by overlap, and
// its answered_by must name the annotated message, or null. Prints the counts per language;
// with list_errors, first every question scored wrong, a line each. Returns 1 when a thread
// cannot be read (the others are still scored).
int eval_threads(const std::filesystem::path& dir, std::ostream& out, bool list_errors = false);

}  // namespace courtois
