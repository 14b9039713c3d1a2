// Rules are data (STYLE.md §2-3). Each plugin reads the folder rules/<plugin>/ :
//   *.json  commented JSON (// and /* */ comments), one rule one record;
//   *.txt   line lists: one entry a line, '#' starts a comment, blank lines ignored.
// A folder of local overrides ($XDG_CONFIG_HOME/courtois/rules.local/<plugin>/) is read after
// the shipped one: a local file with the same name replaces the shipped file, other local
// files are added. Every error names file, line and field: "file:line: field: problem".
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/result.hpp"

namespace courtois {

struct RuleError {
  std::string file;
  int line = 0;
  std::string field;  // JSON pointer or field name; empty for syntax errors
  std::string problem;

  std::string to_string() const;  // "file:line: field: problem"
};

struct JsonRuleFile {
  std::filesystem::path path;
  nlohmann::json doc;
  std::map<std::string, int> lines;  // JSON pointer ("/rules/3/pattern") -> 1-based line

  // Line of the value at `pointer`, else of its nearest ancestor, else 1.
  int line_of(const std::string& pointer) const;
  std::string name() const { return path.filename().string(); }
};

struct ListFile {
  std::filesystem::path path;
  std::vector<std::pair<int, std::string>> entries;  // (line, trimmed entry)
  std::string name() const { return path.filename().string(); }
};

// The rules of one plugin.
struct RuleSet {
  std::string plugin;
  std::vector<JsonRuleFile> json;  // sorted by file name
  std::vector<ListFile> lists;     // sorted by file name

  const JsonRuleFile* json_file(std::string_view filename) const;
  const ListFile* list(std::string_view filename) const;
};

// Parses commented JSON; on failure the error names the line.
Result<JsonRuleFile> parse_rule_json(const std::filesystem::path& path, std::string_view text);
ListFile parse_rule_list(const std::filesystem::path& path, std::string_view text);

// Loads rules/<plugin>/ from `shipped` then `local` (either may be missing). Syntax errors go
// to `errors`; files that fail to parse are left out.
RuleSet load_rule_set(const std::string& plugin, const std::filesystem::path& shipped,
                      const std::optional<std::filesystem::path>& local,
                      std::vector<RuleError>& errors);

// Reads typed fields of records with positioned errors. Example:
//   RuleReader r(file, errors);
//   for (auto [i, rec] : r.records("/rules")) {
//     auto sym = r.string(rec, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"});
//     auto w = r.number(rec, "weight", {.min = -5, .max = 5});
//   }
class RuleReader {
 public:
  RuleReader(const JsonRuleFile& file, std::vector<RuleError>& errors)
      : file_(file), errors_(errors) {}

  struct Record {
    std::string pointer;  // "/rules/3"
    const nlohmann::json* value;
  };
  // The array at `pointer` (an error if missing and required, or not an array of objects).
  std::vector<Record> records(const std::string& pointer, bool required = true);

  struct StringOpts {
    bool required = true;
    std::string pattern;  // ECMAScript regex the whole value must match, if not empty
    std::vector<std::string> one_of;
  };
  std::optional<std::string> string(const Record& rec, const std::string& field, StringOpts o);
  std::optional<std::string> string(const Record& rec, const std::string& field) {
    return string(rec, field, StringOpts{});
  }
  struct NumberOpts {
    bool required = true;
    double min = -1e300, max = 1e300;
  };
  std::optional<double> number(const Record& rec, const std::string& field, NumberOpts o);
  std::optional<double> number(const Record& rec, const std::string& field) {
    return number(rec, field, NumberOpts{});
  }
  std::optional<bool> boolean(const Record& rec, const std::string& field, bool required = false);
  std::optional<std::vector<std::string>> strings(const Record& rec, const std::string& field,
                                                  bool required = false);

  void error(const std::string& pointer, const std::string& field, const std::string& problem);
  int line(const std::string& pointer) const { return file_.line_of(pointer); }
  std::string rule_id(const Record& rec) const;  // "tone/en.json:12"
  const JsonRuleFile& file() const { return file_; }

 private:
  const JsonRuleFile& file_;
  std::vector<RuleError>& errors_;
};

// Where shipped rules live: $COURTOIS_RULES, else <exe>/../share/courtois/rules, else the
// source tree's rules/ (compiled in).
std::filesystem::path default_rules_dir();
// $XDG_CONFIG_HOME/courtois/rules.local (or ~/.config/...).
std::filesystem::path default_local_rules_dir();
std::filesystem::path config_dir();  // $XDG_CONFIG_HOME/courtois
std::filesystem::path data_dir();    // $XDG_DATA_HOME/courtois

}  // namespace courtois
