// Rule files: commented JSON with a line for every value, '#'-headed line lists, shipped and
// local folders, and a reader that reports "file:line: field: problem".
#include "courtois/rules.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include "courtois/text.hpp"

#ifndef COURTOIS_SOURCE_RULES
#define COURTOIS_SOURCE_RULES "rules"
#endif

namespace courtois {

namespace fs = std::filesystem;
using nlohmann::json;

std::string RuleError::to_string() const {
  std::string out = file + ":" + std::to_string(line) + ": ";
  if (!field.empty()) out += field + ": ";
  return out + problem;
}

int JsonRuleFile::line_of(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = lines.find(p);
    if (it != lines.end()) return it->second;
    if (p.empty()) return 1;
    auto slash = p.rfind('/');
    p = slash == std::string::npos ? std::string() : p.substr(0, slash);
  }
}

const JsonRuleFile* RuleSet::json_file(std::string_view filename) const {
  for (const auto& f : json)
    if (f.name() == filename) return &f;
  return nullptr;
}

const ListFile* RuleSet::list(std::string_view filename) const {
  for (const auto& f : lists)
    if (f.name() == filename) return &f;
  return nullptr;
}

namespace {

// An input iterator that counts the line breaks it has consumed, so that SAX events can be
// given the line they occur on.
struct LineCountingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  struct State {
    int line = 1;
    bool last_was_newline = false;  // the last consumed character ended a line
  };
  const char* p = nullptr;
  State* state = nullptr;

  reference operator*() const { return *p; }
  LineCountingIterator& operator++() {
    state->last_was_newline = *p == '\n';
    if (state->last_was_newline) ++state->line;
    ++p;
    return *this;
  }
  LineCountingIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  friend bool operator==(const LineCountingIterator& a, const LineCountingIterator& b) {
    return a.p == b.p;
  }
};

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Builds the DOM and records the line of every value (keys: the line of the key).
class PositionedBuilder : public nlohmann::json_sax<json> {
 public:
  PositionedBuilder(json& root, std::map<std::string, int>& lines,
                    const LineCountingIterator::State& state)
      : root_(root), lines_(lines), state_(state), line_(state.line) {}

  bool null() override { return put(json(nullptr)); }
  bool boolean(bool v) override { return put(json(v)); }
  // The lexer reads one character past a number; if that was a line break, the number was on
  // the line before.
  bool number_integer(number_integer_t v) override { return put_number(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put_number(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return put_number(json(v)); }
  bool string(string_t& v) override { return put(json(v)); }
  bool binary(binary_t&) override { return put(json(nullptr)); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = k;
    key_line_ = line_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = e.what();
    error_line_ = line_;
    return false;
  }

  std::string error_;
  int error_line_ = 0;

 private:
  struct Frame {
    json* value;
    std::string pointer;
  };

  // Where the next value goes, its pointer, and the line to record for it.
  std::pair<json*, std::string> slot(int& record_line) {
    if (stack_.empty()) {
      record_line = line_;
      return {&root_, ""};
    }
    Frame& top = stack_.back();
    if (top.value->is_object()) {
      record_line = key_line_;
      json& v = (*top.value)[key_];
      return {&v, top.pointer + "/" + escape_pointer_token(key_)};
    }
    record_line = line_;
    top.value->push_back(json());
    return {&top.value->back(), top.pointer + "/" + std::to_string(top.value->size() - 1)};
  }

  bool put(json v, int line_correction = 0) {
    int record_line = 0;
    auto [target, pointer] = slot(record_line);
    *target = std::move(v);
    bool in_array = !stack_.empty() && stack_.back().value->is_array();
    lines_.emplace(pointer,
                   in_array || stack_.empty() ? record_line - line_correction : record_line);
    return true;
  }
  bool put_number(json v) { return put(std::move(v), state_.last_was_newline ? 1 : 0); }
  bool open(json v) {
    int record_line = 0;
    auto [target, pointer] = slot(record_line);
    *target = std::move(v);
    lines_.emplace(pointer, record_line);
    stack_.push_back({target, pointer});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::map<std::string, int>& lines_;
  const LineCountingIterator::State& state_;
  const int& line_;
  std::vector<Frame> stack_;
  std::string key_;
  int key_line_ = 1;
};

std::string read_file(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open the file";
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string strip_nlohmann_prefix(std::string message) {
  // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." ->
  // "syntax error ..."
  auto pos = message.find(": ");
  auto bracket = message.find(']');
  if (bracket != std::string::npos && pos != std::string::npos && pos > bracket)
    return message.substr(pos + 2);
  return message;
}

}  // namespace

Result<JsonRuleFile> parse_rule_json(const fs::path& path, std::string_view text) {
  JsonRuleFile file;
  file.path = path;
  LineCountingIterator::State state;
  const int& line = state.line;
  PositionedBuilder builder(file.doc, file.lines, state);
  LineCountingIterator first{text.data(), &state};
  LineCountingIterator last{text.data() + text.size(), &state};
  bool ok = false;
  try {
    ok = json::sax_parse(first, last, &builder, nlohmann::detail::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/true);
  } catch (const std::exception& e) {
    builder.error_ = e.what();
    builder.error_line_ = line;
  }
  if (!ok) {
    RuleError err{path.string(), builder.error_line_ ? builder.error_line_ : line, "",
                  "invalid JSON: " + strip_nlohmann_prefix(builder.error_)};
    return make_error(Errc::rule, err.to_string());
  }
  return file;
}

ListFile parse_rule_list(const fs::path& path, std::string_view text) {
  ListFile list;
  list.path = path;
  int line = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    ++line;
    std::string_view entry = text.substr(pos, nl - pos);
    if (auto hash = entry.find('#'); hash != std::string_view::npos) entry = entry.substr(0, hash);
    entry = trim(entry);
    if (!entry.empty()) list.entries.emplace_back(line, std::string(entry));
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return list;
}

RuleSet load_rule_set(const std::string& plugin, const fs::path& shipped,
                      const std::optional<fs::path>& local, std::vector<RuleError>& errors) {
  RuleSet set;
  set.plugin = plugin;
  std::map<std::string, fs::path> files;  // file name -> path; local replaces shipped
  auto scan = [&](const fs::path& dir) {
    std::error_code ec;
    fs::path folder = dir / plugin;
    if (!fs::is_directory(folder, ec)) return;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      auto ext = entry.path().extension().string();
      if (ext == ".json" || ext == ".txt") files[entry.path().filename().string()] = entry.path();
    }
  };
  scan(shipped);
  if (local) scan(*local);
  for (const auto& [name, path] : files) {
    std::string error;
    std::string text = read_file(path, error);
    if (!error.empty()) {
      errors.push_back({path.string(), 0, "", error});
      continue;
    }
    if (path.extension() == ".txt") {
      set.lists.push_back(parse_rule_list(path, text));
      continue;
    }
    auto parsed = parse_rule_json(path, text);
    if (!parsed) {
      // The message is already "file:line: problem"; split it back for the record.
      const std::string& m = parsed.error().message;
      RuleError err{path.string(), 0, "", m};
      auto first = m.find(':', path.string().size());
      auto second = first == std::string::npos ? first : m.find(": ", first + 1);
      if (first != std::string::npos && second != std::string::npos) {
        err.line = std::atoi(m.c_str() + first + 1);
        err.problem = m.substr(second + 2);
      }
      errors.push_back(err);
      continue;
    }
    set.json.push_back(std::move(parsed.value()));
  }
  return set;
}

// ---- RuleReader ------------------------------------------------------------------------------

void RuleReader::error(const std::string& pointer, const std::string& field,
                       const std::string& problem) {
  std::string at = field.empty() ? pointer : pointer + "/" + field;
  errors_.push_back({file_.path.string(), file_.line_of(at), at, problem});
}

std::string RuleReader::rule_id(const Record& rec) const {
  fs::path p = file_.path;
  std::string folder = p.parent_path().filename().string();
  return (folder.empty() ? "" : folder + "/") + p.filename().string() + ":" +
         std::to_string(file_.line_of(rec.pointer));
}

std::vector<RuleReader::Record> RuleReader::records(const std::string& pointer, bool required) {
  std::vector<Record> out;
  const json* node = nullptr;
  try {
    node = &file_.doc.at(json::json_pointer(pointer));
  } catch (const std::exception&) {
    if (required) error(pointer, "", "missing: expected an array of records");
    return out;
  }
  if (!node->is_array()) {
    error(pointer, "", std::string("expected an array of records, found ") + node->type_name());
    return out;
  }
  for (std::size_t i = 0; i < node->size(); ++i) {
    std::string p = pointer + "/" + std::to_string(i);
    if (!(*node)[i].is_object()) {
      error(p, "", std::string("expected an object, found ") + (*node)[i].type_name());
      continue;
    }
    out.push_back({p, &(*node)[i]});
  }
  return out;
}

std::optional<std::string> RuleReader::string(const Record& rec, const std::string& field,
                                              StringOpts o) {
  auto it = rec.value->find(field);
  if (it == rec.value->end()) {
    if (o.required) error(rec.pointer, field, "missing (a string is required)");
    return std::nullopt;
  }
  if (!it->is_string()) {
    error(rec.pointer, field, std::string("expected a string, found ") + it->type_name());
    return std::nullopt;
  }
  std::string v = it->get<std::string>();
  if (!o.one_of.empty() && std::find(o.one_of.begin(), o.one_of.end(), v) == o.one_of.end()) {
    std::string allowed;
    for (const auto& a : o.one_of) allowed += (allowed.empty() ? "" : ", ") + a;
    error(rec.pointer, field, "\"" + v + "\" is not one of: " + allowed);
    return std::nullopt;
  }
  if (!o.pattern.empty()) {
    try {
      // The same few validation patterns check thousands of fields at every start: each is
      // compiled once per thread (std::regex compilation was 40 % of `courtois analyze`'s
      // start-up).
      thread_local std::map<std::string, std::regex, std::less<>> compiled;
      auto found = compiled.find(o.pattern);
      if (found == compiled.end()) found = compiled.emplace(o.pattern, std::regex(o.pattern)).first;
      if (!std::regex_match(v, found->second)) {
        error(rec.pointer, field, "\"" + v + "\" does not match " + o.pattern);
        return std::nullopt;
      }
    } catch (const std::regex_error&) {
      error(rec.pointer, field, "internal: bad validation pattern " + o.pattern);
      return std::nullopt;
    }
  }
  return v;
}

std::optional<double> RuleReader::number(const Record& rec, const std::string& field,
                                         NumberOpts o) {
  auto it = rec.value->find(field);
  if (it == rec.value->end()) {
    if (o.required) error(rec.pointer, field, "missing (a number is required)");
    return std::nullopt;
  }
  if (!it->is_number()) {
    error(rec.pointer, field, std::string("expected a number, found ") + it->type_name());
    return std::nullopt;
  }
  double v = it->get<double>();
  if (v < o.min || v > o.max) {
    std::ostringstream ss;
    ss << v << " is out of range [" << o.min << ", " << o.max << "]";
    error(rec.pointer, field, ss.str());
    return std::nullopt;
  }
  return v;
}

std::optional<bool> RuleReader::boolean(const Record& rec, const std::string& field,
                                        bool required) {
  auto it = rec.value->find(field);
  if (it == rec.value->end()) {
    if (required) error(rec.pointer, field, "missing (true or false is required)");
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    error(rec.pointer, field, std::string("expected true or false, found ") + it->type_name());
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::vector<std::string>> RuleReader::strings(const Record& rec,
                                                            const std::string& field,
                                                            bool required) {
  auto it = rec.value->find(field);
  if (it == rec.value->end()) {
    if (required) error(rec.pointer, field, "missing (an array of strings is required)");
    return std::nullopt;
  }
  if (it->is_string()) return std::vector<std::string>{it->get<std::string>()};
  if (!it->is_array()) {
    error(rec.pointer, field,
          std::string("expected an array of strings, found ") + it->type_name());
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      error(rec.pointer, field + "/" + std::to_string(i),
            std::string("expected a string, found ") + (*it)[i].type_name());
      return std::nullopt;
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

// ---- Folders ---------------------------------------------------------------------------------

namespace {

fs::path home_dir() {
  const char* home = std::getenv("HOME");
  return home && *home ? fs::path(home) : fs::path("/tmp");
}

fs::path xdg(const char* var, const char* fallback) {
  const char* v = std::getenv(var);
  if (v && *v && fs::path(v).is_absolute()) return fs::path(v);
  return home_dir() / fallback;
}

}  // namespace

fs::path config_dir() {
  return xdg("XDG_CONFIG_HOME", ".config") / "courtois";
}
fs::path data_dir() {
  return xdg("XDG_DATA_HOME", ".local/share") / "courtois";
}
fs::path default_local_rules_dir() {
  return config_dir() / "rules.local";
}

fs::path default_rules_dir() {
  if (const char* env = std::getenv("COURTOIS_RULES"); env && *env) return fs::path(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "courtois" / "rules";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return fs::path(COURTOIS_SOURCE_RULES);
}

}  // namespace courtois
