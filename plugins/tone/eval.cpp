// Politeness evaluation (EVALUATION.md, "Politeness"). The Stanford Wikipedia file is split
// by request Id: even Ids are the rows tools/tone/fit_politeness.py fits the weights on, odd
// Ids are never used for fitting; both halves are reported, and the odd half is the
// out-of-sample number. The TyDiP English rows overlap the Stanford rows (the same requests),
// so they are partly in-sample; the French rows are never fitted on.
#include "eval.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "courtois/rules.hpp"
#include "tone_analyser.hpp"

namespace courtois {

namespace {

namespace fs = std::filesystem;

// RFC 4180: quoted fields may hold commas, newlines and doubled quotes.
std::vector<std::vector<std::string>> read_csv(const std::string& data) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (quoted) {
      if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

void append_code_point(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The Stanford requests were stored HTML-escaped ("&lt;url&gt;").
std::string unescape_html(std::string_view s) {
  static const std::map<std::string, std::string, std::less<>> named = {
      {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&' && i + 2 < s.size() && s[i + 1] == '#' &&
        std::isdigit(static_cast<unsigned char>(s[i + 2]))) {
      // Decimal references, also without the closing ';' ("&#34why?&#34" in the Stanford file).
      std::size_t j = i + 2;
      unsigned long cp = 0;
      while (j < s.size() && j < i + 9 && std::isdigit(static_cast<unsigned char>(s[j])))
        cp = cp * 10 + static_cast<unsigned long>(s[j++] - '0');
      append_code_point(out, cp);
      i = (j < s.size() && s[j] == ';') ? j : j - 1;
      continue;
    }
    if (s[i] == '&') {
      auto semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view name = s.substr(i + 1, semi - i - 1);
        if (auto it = named.find(name); it != named.end()) {
          out += it->second;
          i = semi;
          continue;
        }
        if (name.size() > 1 && name[0] == '#') {
          bool hex = name[1] == 'x' || name[1] == 'X';
          std::string digits(name.substr(hex ? 2 : 1));
          char* end = nullptr;
          unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
          if (!digits.empty() && end && *end == '\0') {
            append_code_point(out, cp);
            i = semi;
            continue;
          }
        }
      }
    }
    out += s[i];
  }
  return out;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    double average = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = average;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double n = static_cast<double>(x.size());
  if (x.size() < 2) return 0;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

struct Row {
  std::string id, text, split;
  double score = 0;
  int label = 0;  // +1 top quartile (polite), -1 bottom quartile (impolite), 0 middle
  double politeness = 0;
  std::string tone_label;
};

struct Corpus {
  std::string file, lang, text_column, score_column, id_column;
  bool already_binary = false;  // TyDiP: only the quartiles, the sign of the score is the label
};

struct Tally {
  int binary = 0, correct = 0, zero = 0, hostile = 0, rows = 0;
  std::vector<double> predicted, gold;
  void add(const Row& r) {
    ++rows;
    predicted.push_back(r.politeness);
    gold.push_back(r.score);
    if (r.tone_label == "hostile") ++hostile;
    if (r.label == 0) return;
    ++binary;
    if (r.politeness == 0) ++zero;
    if ((r.label > 0 && r.politeness > 0) || (r.label < 0 && r.politeness < 0)) ++correct;
  }
  void print(std::ostream& out, const std::string& name) const {
    out << "  " << std::left << std::setw(44) << name << std::right << " rows " << std::setw(5)
        << rows << "  binary " << std::setw(5) << binary << "  accuracy " << std::fixed
        << std::setprecision(1) << std::setw(5) << (binary ? 100.0 * correct / binary : 0.0)
        << "%  spearman " << std::setprecision(3) << std::setw(6)
        << pearson(ranks(predicted), ranks(gold)) << "  zero " << zero << "  hostile " << hostile
        << "\n";
  }
};

}  // namespace

int eval_politeness(const fs::path& shared_data_dir, std::ostream& out) {
  return eval_politeness(shared_data_dir, out, PolitenessEvalOptions{});
}

int eval_politeness(const fs::path& shared_data_dir, std::ostream& out,
                    const PolitenessEvalOptions& options) {
  fs::path dir = shared_data_dir;
  for (const fs::path& candidate : {dir / "data" / "politeness", dir / "politeness", dir})
    if (fs::exists(candidate / "stanford_wikipedia.csv")) {
      dir = candidate;
      break;
    }
  std::vector<RuleError> errors;
  RuleSet rules = load_rule_set("tone", options.rules_dir, std::nullopt, errors);
  tone::ToneAnalyser analyser;
  for (auto& e : analyser.configure(rules)) errors.push_back(std::move(e));
  if (!errors.empty()) {
    out << "tone rules in " << options.rules_dir.string() << " are invalid:\n";
    for (const auto& e : errors) out << "  " << e.to_string() << "\n";
    return 1;
  }
  std::ofstream features;
  if (options.features_out) {
    features.open(*options.features_out);
    if (!features) {
      out << "cannot write " << options.features_out->string() << "\n";
      return 1;
    }
    features << "file\tid\tsplit\tscore\tlabel\tfeatures\n";
  }
  const std::vector<Corpus> corpora = {
      {"stanford_wikipedia.csv", "en", "Request", "Normalized Score", "Id", false},
      {"tydip_en_train_binary.csv", "en", "sentence", "score", "", true},
      {"tydip_fr_dev.csv", "fr", "sentence", "score", "", true},
  };
  out << "Politeness (" << dir.string() << "): binary accuracy on top vs bottom quartile "
      << "(politeness > 0 / < 0, 0 counts wrong), Spearman on all rows\n";
  int found = 0;
  for (const Corpus& corpus : corpora) {
    std::ifstream in(dir / corpus.file, std::ios::binary);
    if (!in) {
      out << corpus.file << ": missing, skipped\n";
      continue;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto table = read_csv(buffer.str());
    if (table.empty()) {
      out << corpus.file << ": empty, skipped\n";
      continue;
    }
    auto column = [&](const std::string& name) -> int {
      for (std::size_t i = 0; i < table[0].size(); ++i)
        if (table[0][i] == name) return static_cast<int>(i);
      return -1;
    };
    int text_col = column(corpus.text_column), score_col = column(corpus.score_column);
    int id_col = corpus.id_column.empty() ? -1 : column(corpus.id_column);
    if (text_col < 0 || score_col < 0) {
      out << corpus.file << ": no column '" << corpus.text_column << "' or '" << corpus.score_column
          << "', skipped\n";
      continue;
    }
    ++found;
    std::vector<Row> rows;
    for (std::size_t i = 1; i < table.size(); ++i) {
      const auto& cells = table[i];
      if (static_cast<int>(cells.size()) <= std::max(text_col, score_col)) continue;
      Row row;
      row.text = unescape_html(cells[text_col]);
      // Requests rated by more than five annotators carry extra Score/TurkId cells; the
      // normalised score is then still the last cell.
      std::size_t score_at =
          cells.size() > table[0].size() && score_col == static_cast<int>(table[0].size()) - 1
              ? cells.size() - 1
              : static_cast<std::size_t>(score_col);
      try {
        row.score = std::stod(cells[score_at]);
      } catch (...) {
        continue;
      }
      row.id = id_col >= 0 && id_col < static_cast<int>(cells.size()) ? cells[id_col]
                                                                      : std::to_string(i);
      if (id_col >= 0) {
        long long id = std::atoll(row.id.c_str());
        row.split = id % 2 == 0 ? "fit" : "held-out";
      } else {
        row.split = "all";
      }
      rows.push_back(std::move(row));
    }
    if (corpus.already_binary) {
      for (auto& r : rows) r.label = r.score > 0 ? 1 : (r.score < 0 ? -1 : 0);
    } else {
      std::vector<double> scores;
      for (const auto& r : rows) scores.push_back(r.score);
      std::sort(scores.begin(), scores.end());
      double low = scores[scores.size() / 4], high = scores[(3 * scores.size()) / 4];
      for (auto& r : rows) r.label = r.score >= high ? 1 : (r.score <= low ? -1 : 0);
    }
    Tally all, fit, held_out;
    for (auto& r : rows) {
      tone::ToneResult result = analyser.analyse(r.text, corpus.lang, features.is_open());
      r.politeness = result.tone.politeness;
      r.tone_label = result.tone.label;
      all.add(r);
      if (r.split == "fit") fit.add(r);
      if (r.split == "held-out") held_out.add(r);
      if (options.show_label && result.tone.label == *options.show_label) {
        out << "  [" << result.tone.label << " " << std::fixed << std::setprecision(2)
            << result.tone.hostility << "] " << r.text.substr(0, 300) << "\n";
        for (const auto& s : result.tone.signals)
          if (s.category != "lexicon")
            out << "      " << s.symbol << " '" << s.text << "' " << s.weight << "\n";
      }
      if (features.is_open()) {
        features << corpus.file << '\t' << r.id << '\t' << r.split << '\t' << r.score << '\t'
                 << r.label << '\t';
        bool first = true;
        for (const auto& [name, value] : result.features) {
          features << (first ? "" : ";") << name << '=' << value;
          first = false;
        }
        features << '\n';
      }
    }
    out << corpus.file << " (" << corpus.lang << ")\n";
    all.print(out, "all rows");
    if (held_out.rows) held_out.print(out, "held-out (odd Id: never used for fitting)");
    if (fit.rows) fit.print(out, "fitting half (even Id)");
  }
  if (found == 0) {
    out << "no politeness data found under " << shared_data_dir.string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace courtois
