// The tone analyser: one Hyperscan pass per language over the folded text, then modifiers
// (negation, intensifiers, downtoners), overlap resolution, shouting on the original case, and
// two scores: hostility (hand-set evidence points, rules/tone/model.json) and politeness (a
// logistic model over politeness strategies, rules/tone/politeness_weights.json).
#include "tone_analyser.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <set>
#include <unordered_map>

#include "courtois/matcher.hpp"
#include "courtois/text.hpp"

namespace courtois::tone {

namespace {

enum class Anchor { anywhere, sentence_start };

struct Rule {
  std::string symbol, category, description, id;
  double hostility = 0;  // evidence points when the category is aggressive
  bool aggressive = false;
  bool strong = false;
  Anchor anchor = Anchor::anywhere;
  bool negatable = false;
  bool personal = false;  // aimed at a person: dropped when the writer speaks of themself
  std::string negated_symbol;
  int negated = -1;     // rule index a negated match turns into
  std::string feature;  // politeness feature: the symbol, or "@category" when aggressive
  double politeness_weight = 0;
  std::size_t feature_slot = 0;
  bool silent = false;     // counted in the politeness model, not listed as evidence
  bool contextual = true;  // negation, intensity or self-reference can change it
  // The texts every signal of this rule carries, interned once at configure time.
  SharedText shared_symbol, shared_category, shared_description, shared_id;
};

struct Modifiers {
  // std::less<> lets the analysis look words up as string_views, without copies.
  std::set<std::string, std::less<>> negators, intensifiers, downtoners, self_references;
  std::vector<std::string> negator_suffixes, negator_prefixes;

  // What the analysis asks of every word before every match, in one hash lookup: the sets
  // above folded into one table word -> kinds (built by index()).
  enum Kind : std::uint8_t {
    negator = 1,
    intensifier = 2,
    downtoner = 4,
    self_reference = 8,
    // the first word of a two-word intensifier or downtoner ("un peu")
    bigram_head = 16
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint8_t, Hash, std::equal_to<>> kinds;

  void index() {
    kinds.clear();
    auto mark = [&](const std::set<std::string, std::less<>>& words, Kind kind) {
      for (const auto& w : words) kinds[w] |= kind;
    };
    mark(negators, negator);
    mark(intensifiers, intensifier);
    mark(downtoners, downtoner);
    mark(self_references, self_reference);
    std::vector<std::string> heads;
    for (const auto* set : {&intensifiers, &downtoners})
      for (const auto& w : *set)
        if (auto space = w.find(' '); space != std::string::npos)
          heads.push_back(w.substr(0, space));
    for (const auto& h : heads) kinds[h] |= bigram_head;
  }
  std::uint8_t kind_of(std::string_view word) const {
    auto it = kinds.find(word);
    return it == kinds.end() ? 0 : it->second;
  }
};

struct Language {
  std::string lang;
  std::string file;
  std::vector<Rule> rules;
  std::vector<PatternSpec> specs;
  std::vector<std::size_t> spec_rule;  // spec index -> rule index
  struct Origin {
    std::string path, field;
    int line = 0;
  };
  std::vector<Origin> spec_origin;  // spec index -> where its pattern or list entry is written
  Modifiers modifiers;
  PatternSet set;
  // Politeness features of this language: rules point at a slot; the last slot is shouting.
  std::vector<std::string> feature_names;
  std::vector<double> feature_weights;
};

struct Shouting {
  std::string symbol = "TONE_SHOUTING", description, id;
  SharedText shared_symbol, shared_category, shared_description, shared_id;  // as for Rule
  double points = 0.8;
  int single_word_min_letters = 7;
  int run_min_words = 2;
  int run_min_letters = 8;
};

struct Model {
  std::set<std::string> aggressive, strong, polite;  // categories
  double repeat_decay = 0.5;
  double hostility_scale = 4;
  double hostile_min_points = 3;
  int hostile_min_categories = 3;
  int hostile_min_symbols = 4;
  double several_max_politeness = 0;
  double strong_alone_max_politeness = 1;
  double hostile_any_points = 5;
  double tense_min_points = 1;
  double tense_max_politeness = -0.6;
  double intensifier_factor = 1.5;
  double downtoner_factor = 0.5;
  double negation_factor = 0.5;
  std::set<std::string> silent;        // politeness categories counted but not listed as signals
  std::set<std::string> context_free;  // politeness categories no modifier changes
  int modifier_window_words = 3;
  Shouting shouting;
  double bias = 0;
  std::map<std::string, double> weights;  // feature -> log-odds of polite
};

struct Candidate {
  std::size_t rule;        // the rule that matched (its id is reported)
  std::size_t effective;   // the rule it counts as (differs when negated)
  std::size_t start, end;  // folded offsets
  double factor = 1;
  bool negated = false, intensified = false, softened = false;
};

bool is_word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80 || c == '\'';
}

bool is_clause_end(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' ||
         c == '(' || c == ')';
}

std::string escape_literal(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80) {
      out += c;
    } else if (c == ' ') {
      out += "\\s+";
    } else if (c == '-') {
      out += "[- ]?";  // "fermez-la", "fermez la", "fermezla"
    } else {
      out += '\\';
      out += c;
    }
  }
  return out;
}

// A list entry (already folded) as a regex: a literal phrase; a trailing '*' allows any word
// ending ("stupid*" matches "stupidity").
std::string list_entry_regex(std::string entry) {
  bool prefix = !entry.empty() && entry.back() == '*';
  if (prefix) entry.pop_back();
  std::string re = escape_literal(trim(entry));
  if (prefix) re += "[a-z0-9]*";
  return re;
}

bool is_upper_start(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  UChar32 c;
  auto i = static_cast<int32_t>(pos);
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  return c > 0 && u_isupper(c);
}

// Whether folded offset `pos` opens a sentence: the start of the text, after . ! ? : ;, or at
// the start of a line that follows a blank line, a line ending in punctuation, or that begins
// with a capital in the original (a hard-wrapped line continuing a sentence does not).
bool opens_sentence(const FoldedText& folded, std::string_view original, std::size_t pos) {
  const std::string& t = folded.text;
  std::size_t i = pos;
  auto skippable = [](char c) {
    return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '*' || c == '-' ||
           c == '[' || c == '>' || c == '\r';
  };
  while (i > 0 && skippable(t[i - 1])) --i;
  if (i == 0) return true;
  char c = t[i - 1];
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
  if (c != '\n') return false;
  std::size_t j = i - 1;
  while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' || t[j - 1] == '\r')) --j;
  if (j == 0 || t[j - 1] == '\n') return true;
  char before = t[j - 1];
  if (before == '.' || before == '!' || before == '?' || before == ':' || before == ';' ||
      before == ',')
    return true;
  return is_upper_start(original, folded.source_span(pos, pos + 1).start);
}

// Up to `window` words before `pos`, in the same clause, nearest last. Views into `t`.
int words_before(std::string_view t, std::size_t pos, int window, std::string_view* out) {
  int n = 0;
  std::size_t i = pos;
  while (i > 0 && n < window) {
    while (i > 0 && !is_word_char(t[i - 1]) && !is_clause_end(t[i - 1])) --i;
    if (i == 0 || is_clause_end(t[i - 1])) break;
    std::size_t end = i;
    while (i > 0 && is_word_char(t[i - 1])) --i;
    out[n++] = t.substr(i, end - i);
  }
  std::reverse(out, out + n);
  return n;
}

bool has_prefix(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool has_suffix(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

struct ToneAnalyser::Impl {
  Model model;
  std::vector<Language> languages;
  bool ready = false;

  void read_model(const RuleSet& rules, std::vector<RuleError>& errors);
  void read_weights(const RuleSet& rules, std::vector<RuleError>& errors);
  void read_language(const JsonRuleFile& file, const RuleSet& rules,
                     std::vector<RuleError>& errors);

  std::vector<Candidate> match(const Language& language, const FoldedText& folded,
                               std::string_view original) const;
  // Adds shouting signals; true when there was any.
  bool shouting(std::string_view original, std::vector<ToneSignal>& signals) const;
  ToneResult score(const Language& language, std::string_view original, const FoldedText& folded,
                   const std::vector<Candidate>& candidates, bool with_features) const;
};

ToneAnalyser::ToneAnalyser() : impl_(std::make_unique<Impl>()) {}
ToneAnalyser::~ToneAnalyser() = default;
ToneAnalyser::ToneAnalyser(ToneAnalyser&&) noexcept = default;
ToneAnalyser& ToneAnalyser::operator=(ToneAnalyser&&) noexcept = default;

bool ToneAnalyser::ready() const {
  return impl_->ready;
}

std::vector<std::string> ToneAnalyser::languages() const {
  std::vector<std::string> out;
  for (const auto& l : impl_->languages) out.push_back(l.lang);
  return out;
}

// ---- configuration ---------------------------------------------------------------------------

void ToneAnalyser::Impl::read_model(const RuleSet& rules, std::vector<RuleError>& errors) {
  const JsonRuleFile* file = rules.json_file("model.json");
  if (!file) {
    errors.push_back({"tone/model.json", 0, "", "missing: the tone model parameters"});
    return;
  }
  RuleReader r(*file, errors);
  if (!file->doc.is_object() || !file->doc.contains("model") || !file->doc["model"].is_object()) {
    r.error("", "model", "required: an object of model parameters");
    return;
  }
  RuleReader::Record m{"/model", &file->doc["model"]};
  auto categories = [&](const char* field, std::set<std::string>& out) {
    if (auto v = r.strings(m, field, true)) out = std::set<std::string>(v->begin(), v->end());
  };
  categories("aggressive_categories", model.aggressive);
  categories("strong_categories", model.strong);
  categories("politeness_categories", model.polite);
  for (const auto& s : model.strong)
    if (!model.aggressive.count(s))
      r.error("/model", "strong_categories", "'" + s + "' is not an aggressive category");
  auto number = [&](const char* field, double& out, double lo, double hi) {
    if (auto v = r.number(m, field, {.min = lo, .max = hi})) out = *v;
  };
  number("repeat_decay", model.repeat_decay, 0, 1);
  number("hostility_scale", model.hostility_scale, 0.1, 100);
  number("hostile_min_points", model.hostile_min_points, 0, 100);
  double min_categories = model.hostile_min_categories;
  number("hostile_min_categories", min_categories, 1, 20);
  model.hostile_min_categories = static_cast<int>(min_categories);
  double min_symbols = model.hostile_min_symbols;
  number("hostile_min_symbols", min_symbols, 1, 50);
  model.hostile_min_symbols = static_cast<int>(min_symbols);
  number("several_max_politeness", model.several_max_politeness, -1, 1);
  number("strong_alone_max_politeness", model.strong_alone_max_politeness, -1, 1);
  number("hostile_any_points", model.hostile_any_points, 0, 100);
  number("tense_min_points", model.tense_min_points, 0, 100);
  number("tense_max_politeness", model.tense_max_politeness, -1, 1);
  number("intensifier_factor", model.intensifier_factor, 1, 5);
  number("downtoner_factor", model.downtoner_factor, 0, 1);
  number("negation_factor", model.negation_factor, 0, 1);
  categories("silent_categories", model.silent);
  categories("context_free_categories", model.context_free);
  for (const auto& c : model.silent)
    if (!model.polite.count(c))
      r.error("/model", "silent_categories", "'" + c + "' is not a politeness category");
  double window = model.modifier_window_words;
  number("modifier_window_words", window, 0, 10);
  model.modifier_window_words = static_cast<int>(window);
  if (!file->doc["model"].contains("shouting") || !file->doc["model"]["shouting"].is_object()) {
    r.error("/model", "shouting", "required: an object (symbol, points, lengths)");
    return;
  }
  RuleReader::Record s{"/model/shouting", &file->doc["model"]["shouting"]};
  Shouting& sh = model.shouting;
  if (auto v = r.string(s, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"})) sh.symbol = *v;
  if (auto v = r.string(s, "description")) sh.description = *v;
  sh.id = r.rule_id(s);
  if (auto v = r.number(s, "points", {.min = 0, .max = 10})) sh.points = *v;
  auto integer = [&](const char* field, int& out) {
    if (auto v = r.number(s, field, {.min = 1, .max = 100})) out = static_cast<int>(*v);
  };
  integer("single_word_min_letters", sh.single_word_min_letters);
  integer("run_min_words", sh.run_min_words);
  integer("run_min_letters", sh.run_min_letters);
}

void ToneAnalyser::Impl::read_weights(const RuleSet& rules, std::vector<RuleError>& errors) {
  const JsonRuleFile* file = rules.json_file("politeness_weights.json");
  if (!file) {
    errors.push_back({"tone/politeness_weights.json", 0, "", "missing: the politeness model"});
    return;
  }
  RuleReader r(*file, errors);
  RuleReader::Record root{"", &file->doc};
  if (!file->doc.is_object()) {
    r.error("", "", "must be an object with bias and weights");
    return;
  }
  if (auto v = r.number(root, "bias", {.min = -10, .max = 10})) model.bias = *v;
  if (!file->doc.contains("weights") || !file->doc["weights"].is_object()) {
    r.error("", "weights", "required: an object feature -> weight");
    return;
  }
  for (const auto& [key, value] : file->doc["weights"].items()) {
    if (!value.is_number()) {
      r.error("/weights", key, "must be a number");
      continue;
    }
    double w = value.get<double>();
    if (w < -10 || w > 10) {
      r.error("/weights", key, "must be between -10 and 10");
      continue;
    }
    model.weights[key] = w;
  }
}

void ToneAnalyser::Impl::read_language(const JsonRuleFile& file, const RuleSet& rules,
                                       std::vector<RuleError>& errors) {
  RuleReader r(file, errors);
  RuleReader::Record root{"", &file.doc};
  Language language;
  language.file = file.name();
  if (auto v = r.string(root, "lang", {.pattern = "^[a-z]{2,3}$"})) language.lang = *v;
  if (file.doc.contains("modifiers")) {
    if (!file.doc["modifiers"].is_object()) {
      r.error("", "modifiers", "must be an object");
    } else {
      RuleReader::Record m{"/modifiers", &file.doc["modifiers"]};
      auto words = [&](const char* field, auto& out) {
        if (auto v = r.strings(m, field))
          for (const auto& w : *v) out.insert(out.end(), fold_string(w));
      };
      words("negators", language.modifiers.negators);
      words("intensifiers", language.modifiers.intensifiers);
      words("downtoners", language.modifiers.downtoners);
      words("negator_suffixes", language.modifiers.negator_suffixes);
      words("negator_prefixes", language.modifiers.negator_prefixes);
      words("self_references", language.modifiers.self_references);
    }
  }
  for (const auto& rec : r.records("/rules")) {
    Rule rule;
    rule.id = r.rule_id(rec);
    auto symbol = r.string(rec, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"});
    std::set<std::string> known;
    known.insert(model.aggressive.begin(), model.aggressive.end());
    known.insert(model.polite.begin(), model.polite.end());
    std::vector<std::string> categories(known.begin(), known.end());
    auto category = r.string(rec, "category", {.one_of = categories});
    auto description = r.string(rec, "description");
    auto hostility = r.number(rec, "hostility", {.required = false, .min = 0, .max = 10});
    auto at = r.string(rec, "at", {.required = false, .one_of = {"anywhere", "sentence_start"}});
    auto negatable = r.boolean(rec, "negatable");
    auto negated = r.string(rec, "negated", {.required = false, .pattern = "^[A-Z][A-Z0-9_]*$"});
    auto word_bounded = r.boolean(rec, "word_bounded");
    auto personal = r.boolean(rec, "personal");
    auto pattern = r.string(rec, "pattern", {.required = false});
    auto list = r.string(rec, "list", {.required = false});
    if (!symbol || !category || !description) continue;
    rule.symbol = *symbol;
    rule.category = *category;
    rule.description = *description;
    rule.aggressive = model.aggressive.count(rule.category) > 0;
    rule.strong = model.strong.count(rule.category) > 0;
    rule.hostility = hostility.value_or(0);
    if (rule.aggressive && rule.hostility <= 0)
      r.error(rec.pointer, "hostility",
              "required (> 0) for the aggressive category '" + rule.category + "'");
    if (!rule.aggressive && hostility)
      r.error(rec.pointer, "hostility",
              "only aggressive categories carry hostility; '" + rule.category + "' is not one");
    rule.anchor =
        at.value_or("anywhere") == "sentence_start" ? Anchor::sentence_start : Anchor::anywhere;
    rule.negatable = negatable.value_or(false) || negated.has_value();
    rule.negated_symbol = negated.value_or("");
    rule.personal = personal.value_or(false);
    if (pattern.has_value() == list.has_value()) {
      r.error(rec.pointer, "pattern", "give exactly one of 'pattern' (a regex) or 'list' (a file)");
      continue;
    }
    std::size_t index = language.rules.size();
    PatternSpec spec;
    spec.word_bounded = word_bounded.value_or(true);
    if (pattern) {
      if (pattern->empty()) {
        r.error(rec.pointer, "pattern", "must not be empty");
        continue;
      }
      if (fold_string(*pattern) != *pattern) {
        r.error(rec.pointer, "pattern", "must be written folded (lower case, no accents)");
        continue;
      }
      spec.regex = *pattern;
      spec.id = static_cast<unsigned>(language.specs.size());
      language.specs.push_back(spec);
      language.spec_rule.push_back(index);
      language.spec_origin.push_back(
          {file.path.string(), rec.pointer + "/pattern", r.line(rec.pointer + "/pattern")});
    } else {
      const ListFile* lf = rules.list(*list);
      if (!lf) {
        r.error(rec.pointer, "list", "no list file '" + *list + "' in rules/tone/");
        continue;
      }
      for (const auto& [line, entry] : lf->entries) {
        spec.regex = list_entry_regex(fold_string(entry));
        if (spec.regex.empty() || spec.regex == "[a-z0-9]*") {
          errors.push_back({lf->path.string(), line, "entry", "empty entry"});
          continue;
        }
        spec.id = static_cast<unsigned>(language.specs.size());
        language.specs.push_back(spec);
        language.spec_rule.push_back(index);
        language.spec_origin.push_back({lf->path.string(), "entry", line});
      }
    }
    language.rules.push_back(std::move(rule));
  }
  // Negated forms must name a rule of the same file.
  for (auto& rule : language.rules) {
    if (rule.negated_symbol.empty()) continue;
    for (std::size_t i = 0; i < language.rules.size(); ++i)
      if (language.rules[i].symbol == rule.negated_symbol) {
        rule.negated = static_cast<int>(i);
        break;
      }
    if (rule.negated < 0)
      errors.push_back({file.path.string(), std::stoi(rule.id.substr(rule.id.rfind(':') + 1)),
                        "negated", "no rule with symbol " + rule.negated_symbol + " in this file"});
  }
  if (language.lang.empty()) return;
  // Several files of one language (a local addition beside the shipped file) form one rule
  // set, matched in one pass.
  Language* target = nullptr;
  for (auto& l : languages)
    if (l.lang == language.lang) target = &l;
  if (!target) {
    languages.push_back(std::move(language));
    target = &languages.back();
  } else {
    std::size_t offset = target->rules.size();
    for (auto& rule : language.rules) {
      if (rule.negated >= 0) rule.negated += static_cast<int>(offset);
      target->rules.push_back(std::move(rule));
    }
    for (std::size_t k = 0; k < language.specs.size(); ++k) {
      language.specs[k].id = static_cast<unsigned>(target->specs.size());
      target->specs.push_back(language.specs[k]);
      target->spec_rule.push_back(language.spec_rule[k] + offset);
      target->spec_origin.push_back(language.spec_origin[k]);
    }
    auto& to = target->modifiers;
    auto& from = language.modifiers;
    to.negators.insert(from.negators.begin(), from.negators.end());
    to.intensifiers.insert(from.intensifiers.begin(), from.intensifiers.end());
    to.downtoners.insert(from.downtoners.begin(), from.downtoners.end());
    to.self_references.insert(from.self_references.begin(), from.self_references.end());
    to.negator_suffixes.insert(to.negator_suffixes.end(), from.negator_suffixes.begin(),
                               from.negator_suffixes.end());
    to.negator_prefixes.insert(to.negator_prefixes.end(), from.negator_prefixes.begin(),
                               from.negator_prefixes.end());
  }
  auto compiled = PatternSet::compile(target->specs);
  if (!compiled) {
    int index = PatternSet::failing_index(compiled.error());
    std::string problem = "does not compile: " + compiled.error().message;
    if (index >= 0 && index < static_cast<int>(target->spec_origin.size())) {
      const auto& o = target->spec_origin[static_cast<std::size_t>(index)];
      errors.push_back({o.path, o.line, o.field, problem});
    } else {
      r.error("/rules", "", problem);
    }
    return;
  }
  target->set = std::move(compiled.value());
}

std::vector<RuleError> ToneAnalyser::configure(const RuleSet& rules) {
  std::vector<RuleError> errors;
  impl_->model = Model{};
  impl_->languages.clear();
  impl_->ready = false;
  impl_->read_model(rules, errors);
  impl_->read_weights(rules, errors);
  for (const auto& file : rules.json)
    if (file.doc.is_object() && file.doc.contains("lang"))
      impl_->read_language(file, rules, errors);
  if (impl_->languages.empty())
    errors.push_back({"tone", 0, "", "no language rule file (a JSON file with \"lang\")"});
  // Every weight must name a feature some rule can produce: a typo would silently do nothing.
  std::set<std::string> features;
  for (const auto& l : impl_->languages)
    for (const auto& rule : l.rules)
      features.insert(rule.aggressive ? "@" + rule.category : rule.symbol);
  features.insert("@shouting");
  if (const JsonRuleFile* wf = rules.json_file("politeness_weights.json"))
    for (const auto& [key, w] : impl_->model.weights)
      if (!features.count(key))
        errors.push_back({wf->path.string(), wf->line_of("/weights/" + key), "/weights/" + key,
                          "no rule produces this feature"});
  auto weight_of = [&](const std::string& feature) {
    auto w = impl_->model.weights.find(feature);
    return w == impl_->model.weights.end() ? 0.0 : w->second;
  };
  for (auto& l : impl_->languages) {
    l.modifiers.index();
    std::map<std::string, std::size_t> slots;
    for (auto& rule : l.rules) {
      rule.feature = rule.aggressive ? "@" + rule.category : rule.symbol;
      auto [it, added] = slots.emplace(rule.feature, l.feature_names.size());
      if (added) {
        l.feature_names.push_back(rule.feature);
        l.feature_weights.push_back(weight_of(rule.feature));
      }
      rule.feature_slot = it->second;
      rule.politeness_weight = weight_of(rule.feature);
      rule.silent = impl_->model.silent.count(rule.category) > 0;
      rule.contextual = rule.aggressive || rule.negatable || rule.personal ||
                        !impl_->model.context_free.count(rule.category);
      rule.shared_symbol = rule.symbol;
      rule.shared_category = rule.category;
      rule.shared_description = rule.description;
      rule.shared_id = rule.id;
    }
    l.feature_names.push_back("@shouting");
    l.feature_weights.push_back(weight_of("@shouting"));
  }
  Shouting& sh = impl_->model.shouting;
  sh.shared_symbol = sh.symbol;
  sh.shared_category = "shouting";
  sh.shared_description = sh.description;
  sh.shared_id = sh.id;
  impl_->ready = errors.empty();
  return errors;
}

// ---- analysis --------------------------------------------------------------------------------

// Whether the sentence around folded offset `at` speaks to the reader: a second-person word
// (`second_person`: where the language's second-person rules matched, TONE_SECOND_PERSON...,
// sorted), a French verb in the "vous" form, an elided "tu" or a vocative, between the
// sentence's bounds, at most 120 bytes either side.
static bool addressed(std::string_view folded, std::size_t at,
                      const std::vector<std::size_t>& second_person) {
  auto bound = [](char ch) {
    return ch == '.' || ch == '!' || ch == '?' || ch == '\n' || ch == ';';
  };
  std::size_t b = at, e = at;
  while (b > 0 && at - b < 120 && !bound(folded[b - 1])) --b;
  while (e < folded.size() && e - at < 120 && !bound(folded[e])) ++e;
  // `second_person` is sorted: the first start at or after b, if before e.
  if (auto it = std::lower_bound(second_person.begin(), second_person.end(), b);
      it != second_person.end() && *it < e)
    return true;
  std::size_t i = b;
  while (i < e) {
    while (i < e && !std::isalpha(static_cast<unsigned char>(folded[i]))) ++i;
    std::size_t j = i;
    while (j < e && (std::isalpha(static_cast<unsigned char>(folded[j])) || folded[j] == '\'')) ++j;
    std::string_view w = folded.substr(i, j - i);
    // A French verb in the "vous" form ("lisez", "renvoyez"), a vocative ("bande d'abrutis",
    // "espèce d'idiot", "bunch of idiots").
    if (w.size() >= 4 && w.substr(w.size() - 2) == "ez") return true;
    if (w == "bande" || w == "espece" || w == "bunch" || w == "pack") return true;
    // "t'as", "t'es": the elided "tu".
    if (j > i + 1 && folded[i] == 't' && folded[i + 1] == '\'') return true;
    i = j;
  }
  return false;
}

std::vector<Candidate> ToneAnalyser::Impl::match(const Language& language, const FoldedText& folded,
                                                 std::string_view original) const {
  std::vector<Candidate> out;
  const std::string& t = folded.text;
  const std::vector<Match> matches = language.set.scan(t);
  out.reserve(matches.size());
  for (const Match& m : matches) {
    std::size_t ri = language.spec_rule[m.id];
    const Rule& rule = language.rules[ri];
    if (rule.anchor == Anchor::sentence_start && !opens_sentence(folded, original, m.start))
      continue;
    Candidate c{ri, ri, m.start, m.end};
    if (!rule.contextual) {  // pronouns, openers: no modifier changes them
      out.push_back(std::move(c));
      continue;
    }
    std::string_view before[10];
    int n = words_before(t, m.start, std::min(model.modifier_window_words, 10), before);
    bool negated = false, intensified = false, downtoned = false, about_self = false;
    const Modifiers& mods = language.modifiers;
    std::string bigram;
    for (int k = 0; k < n; ++k) {
      std::string_view w = before[k];
      std::uint8_t kind = mods.kind_of(w);
      // Only a word that opens a two-word modifier can form one with the next.
      if ((kind & Modifiers::bigram_head) && k + 1 < n) {
        bigram.assign(w);
        bigram += ' ';
        bigram.append(before[k + 1]);
        kind |= mods.kind_of(bigram) & (Modifiers::intensifier | Modifiers::downtoner);
      }
      if (kind & Modifiers::negator) negated = true;
      if (kind & Modifiers::self_reference) about_self = true;
      for (const auto& s : mods.negator_suffixes)
        if (has_suffix(w, s)) negated = true;
      for (const auto& p : mods.negator_prefixes)
        if (has_prefix(w, p)) negated = true;
      if (kind & Modifiers::intensifier) intensified = true;
      if (kind & Modifiers::downtoner) downtoned = true;
    }
    // "I feel ignorant", "forgive my stupidity": self-deprecation insults nobody.
    if (about_self && rule.personal) continue;
    if (negated && rule.negatable) {
      if (rule.negated < 0) continue;  // "we will not cancel": the threat is withdrawn
      c.effective = static_cast<std::size_t>(rule.negated);
      c.factor *= model.negation_factor;
      c.negated = true;
    }
    if (intensified) {
      c.factor *= model.intensifier_factor;
      c.intensified = true;
    }
    if (downtoned) {
      c.factor *= model.downtoner_factor;
      c.softened = true;
    }
    out.push_back(std::move(c));
  }
  // Same rule: keep leftmost-longest, non-overlapping.
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  std::vector<Candidate> kept;
  kept.reserve(out.size());
  // effective rule -> end of its last kept match (0: none yet; a match never ends at 0)
  std::vector<std::size_t> last_end(language.rules.size(), 0);
  for (auto& c : out) {
    if (last_end[c.effective] != 0 && c.start < last_end[c.effective]) continue;
    last_end[c.effective] = c.end;
    kept.push_back(std::move(c));
  }
  // Across rules: an aggressive reading beats a polite one on the same words ("thanks for
  // nothing" is not gratitude); two aggressive rules of one category on the same words count
  // once (the heavier).
  std::vector<bool> drop(kept.size(), false);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    for (std::size_t j = i + 1; j < kept.size() && kept[j].start < kept[i].end; ++j) {
      const Rule& a = language.rules[kept[i].effective];
      const Rule& b = language.rules[kept[j].effective];
      if (a.aggressive != b.aggressive) {
        drop[a.aggressive ? j : i] = true;
      } else if (a.aggressive && a.category == b.category) {
        double wa = a.hostility * kept[i].factor, wb = b.hostility * kept[j].factor;
        drop[wa >= wb ? j : i] = true;
      }
    }
  }
  std::vector<Candidate> result;
  result.reserve(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (!drop[i]) result.push_back(std::move(kept[i]));
  return result;
}

// Shouting: runs of words written entirely in capitals in the original text. No acronym list:
// acronyms are short and rarely stand in runs, so a run must hold several capitalised words
// and enough letters, or one long capitalised word; words touching digits are codes. One pass,
// no allocation unless a run is found.
bool ToneAnalyser::Impl::shouting(std::string_view original,
                                  std::vector<ToneSignal>& signals) const {
  const Shouting& sh = model.shouting;
  const auto* s = reinterpret_cast<const uint8_t*>(original.data());
  auto n = static_cast<int32_t>(original.size());
  // Every shouting run holds two capitals in a row; most messages have none, so look for one
  // first (non-ASCII bytes count as possible capitals).
  auto maybe_capital = [](uint8_t b) { return (b >= 'A' && b <= 'Z') || b >= 0x80; };
  bool candidate = false;
  for (int32_t i = 1; i < n && !candidate; ++i)
    candidate = maybe_capital(s[i]) && maybe_capital(s[i - 1]) &&
                !(s[i] >= 0x80 && s[i - 1] >= 0x80 && s[i] < 0xC0 && s[i - 1] >= 0xC0);
  if (!candidate) return false;
  enum Kind { other, digit, lower, upper, letter };
  // Classifies the code point at i (ASCII inline, the rest through ICU) and advances i.
  auto next = [&](int32_t& i) -> Kind {
    uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      if (b >= 'a' && b <= 'z') return lower;
      if (b >= 'A' && b <= 'Z') return upper;
      if (b >= '0' && b <= '9') return digit;
      return other;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return other;
    if (u_isupper(c)) return upper;
    if (u_islower(c)) return lower;
    if (u_isalpha(c)) return letter;
    if (u_isdigit(c)) return digit;
    return other;
  };
  struct Run {
    std::size_t start = 0, end = 0;
    int words = 0, letters = 0, longest = 0;
    bool open = false;
  } run;
  int emitted = 0;
  auto flush = [&] {
    if (!run.open) return;
    bool loud = (run.words >= sh.run_min_words && run.letters >= sh.run_min_letters) ||
                run.longest >= sh.single_word_min_letters;
    if (loud) {
      ToneSignal sig;
      sig.symbol = sh.shared_symbol;
      sig.category = sh.shared_category;
      sig.start = run.start;
      sig.end = run.end;
      sig.text = std::string(original.substr(run.start, run.end - run.start));
      sig.rule = sh.shared_id;
      sig.description = sh.shared_description;
      sig.weight = sh.points * std::pow(model.repeat_decay, emitted);
      ++emitted;
      signals.push_back(std::move(sig));
    }
    run = Run{};
  };
  // A loud run holds a word of two or more letters none of which is lower case (when a single
  // letter cannot be loud on its own), so two letter characters in a row that may both be
  // capitals: the last byte of an ASCII capital or of a multi-byte character, then an ASCII
  // capital or the lead byte of a multi-byte character. Between two such pairs the text is
  // mostly ordinary words: while no run is open, the scan jumps from where it is to the end of
  // the last word with an ASCII lower-case letter before the next pair (that word closes any
  // run and clears the digit state, so reading resumes there exactly as a full pass would).
  // Each pair is looked for once and each stretch searched backwards once: linear.
  const bool can_skip = sh.single_word_min_letters >= 2;
  // Whether any of the 8 bytes from c is an ASCII capital or a byte >= 0xC0 (no false negative).
  auto maybe_second_in = [&](int32_t c) {
    std::uint64_t w;
    std::memcpy(&w, s + c, 8);
    constexpr std::uint64_t high = 0x8080808080808080ull;
    const std::uint64_t low = w & ~high;  // each byte below 0x80: no carry between bytes
    const std::uint64_t from_a = low + 0x3F3F3F3F3F3F3F3Full;    // bit 7 set from 'A' (0x41)
    const std::uint64_t past_z = low + 0x2525252525252525ull;    // bit 7 set from '[' (0x5B)
    const std::uint64_t capital = from_a & ~past_z & ~w & high;  // ASCII 'A'..'Z'
    const std::uint64_t lead = w & (w << 1) & high;              // 0xC0 and above
    return (capital | lead) != 0;
  };
  auto pair_at = [&](int32_t c) {
    uint8_t a = s[c - 1], b = s[c];  // b first: most bytes are lower case and fail it
    return (static_cast<uint8_t>(b - 'A') < 26 || b >= 0xC0) &&
           (static_cast<uint8_t>(a - 'A') < 26 || (a >= 0x80 && a < 0xC0));
  };
  int32_t pair = 0;         // position of the next pair (second byte); 0: not searched yet
  bool pair_tried = false;  // a jump towards `pair` was already tried
  auto is_letter = [](Kind k) { return k == lower || k == upper || k == letter; };
  int32_t i = 0;
  bool after_digit = false;
  while (i < n) {
    if (can_skip && !run.open) {
      if (pair != n && pair < i + 1) {
        pair = std::max(pair + 1, i + 1);
        while (pair < n && !pair_at(pair)) {
          // Eight bytes at a time while none of them can be the second byte of a pair (an
          // ASCII capital or a lead byte): most stretches of ordinary words.
          while (pair + 8 <= n && !maybe_second_in(pair)) pair += 8;
          if (pair < n && !pair_at(pair)) ++pair;
        }
        pair_tried = false;
      }
      if (pair == n) break;  // no loud run can follow (no run is open to flush)
      if (!pair_tried) {
        pair_tried = true;
        int32_t p = pair - 2;
        while (p >= i && !(s[p] >= 'a' && s[p] <= 'z')) --p;
        if (p >= i) {
          int32_t q = p;
          while (q < n) {
            int32_t peek = q;
            if (!is_letter(next(peek))) break;
            q = peek;
          }
          i = q;
          after_digit = false;
          continue;
        }
      }
    }
    int32_t at = i;
    Kind k = next(i);
    if (k == other || k == digit) {
      after_digit = k == digit;
      if (s[at] == '\n') flush();  // a run never spans lines
      continue;
    }
    int letters = 0, lowers = 0;
    int32_t end = i;
    // Most words are plain ASCII letters: counted in a tight loop; a word with other bytes
    // is read again character by character.
    int32_t j = at;
    while (j < n && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) {
      lowers += s[j] >= 'a';
      ++j;
    }
    if (j == n || s[j] < 0x80) {
      letters = j - at;
      i = end = j;
    } else {
      lowers = 0;
      ++letters;
      if (k == lower) ++lowers;
      while (i < n) {
        int32_t here = i;
        k = next(i);
        if (k == other || k == digit) {
          i = here;
          break;
        }
        ++letters;
        if (k == lower) ++lowers;
        end = i;
      }
    }
    bool code = after_digit;
    if (i < n) {
      if (s[i] < 0x80) {
        code = code || (s[i] >= '0' && s[i] <= '9');
      } else {
        int32_t peek = i;
        if (next(peek) == digit) code = true;
      }
    }
    after_digit = false;
    // A word with a lower-case letter (or a code) ends the run; "A" or "I" neither count nor
    // break it.
    if (lowers > 0 || code) {
      flush();
      continue;
    }
    if (!run.open) {
      run.open = true;
      run.start = static_cast<std::size_t>(at);
    }
    run.end = static_cast<std::size_t>(end);
    if (letters >= 2) ++run.words;
    run.letters += letters;
    run.longest = std::max(run.longest, letters);
  }
  flush();
  return emitted > 0;
}

ToneResult ToneAnalyser::Impl::score(const Language& language, std::string_view original,
                                     const FoldedText& folded,
                                     const std::vector<Candidate>& candidates,
                                     bool with_features) const {
  ToneResult result;
  result.lang = language.lang;
  std::vector<ToneSignal>& signals = result.tone.signals;
  std::vector<std::pair<const std::string*, int>> seen;  // aggressive symbol -> times so far
  signals.reserve(candidates.size() + 4);
  std::vector<double> values(language.feature_names.size(), 0.0);  // feature slot -> value
  // Per signal, in the order of `signals`: whether its category is aggressive and strong (the
  // rule knows; a category lookup per signal costs more than the rest of the tally).
  struct Kind {
    std::size_t start, end;
    bool aggressive, strong;
    std::size_t signal;  // index in `signals` before shouting runs are merged in
  };
  std::vector<Kind> kinds;
  kinds.reserve(candidates.size() + 4);
  // Where the language's second-person rules matched: read once, when an insult first asks
  // whether it is aimed at the reader.
  std::optional<std::vector<std::size_t>> second_person;
  auto addressed_at = [&](std::size_t at) {
    if (!second_person) {
      second_person.emplace();
      for (const Candidate& o : candidates) {
        const std::string& category = language.rules[o.rule].category;
        if (category == "second_person" || category == "second_person_start")
          second_person->push_back(o.start);
      }
      std::sort(second_person->begin(), second_person->end());
    }
    return addressed(folded.text, at, *second_person);
  };
  for (const Candidate& c : candidates) {
    const Rule& matched = language.rules[c.rule];
    const Rule& rule = language.rules[c.effective];
    double& value = values[rule.feature_slot];
    value = std::max(value, c.factor);
    if (rule.silent) continue;
    ToneSignal& sig = signals.emplace_back();  // written in place; its rule texts are shared
    sig.symbol = rule.shared_symbol;
    sig.category = rule.shared_category;
    Span span = folded.source_span(c.start, c.end);
    sig.start = span.start;
    sig.end = span.end;
    sig.text.assign(original.substr(span.start, span.end - span.start));
    sig.rule = matched.shared_id;
    if (c.effective == c.rule && !c.negated && !c.intensified && !c.softened) {
      sig.description = rule.shared_description;
    } else {
      std::string description = rule.description;
      if (c.effective != c.rule) description = "negated " + matched.symbol + ": " + description;
      if (c.negated || c.intensified || c.softened) {
        std::string note = c.negated ? "negated" : "";
        if (c.intensified) note += note.empty() ? "intensified" : ", intensified";
        if (c.softened) note += note.empty() ? "softened" : ", softened";
        description += " (" + note + ")";
      }
      sig.description = description;  // a few combinations per rule: interned like the rest
    }
    if (rule.aggressive) {
      // Repeating the same phrase adds less each time.
      int times = 0;
      auto it = std::find_if(seen.begin(), seen.end(),
                             [&](const auto& e) { return *e.first == rule.symbol; });
      if (it == seen.end())
        seen.emplace_back(&rule.symbol, 1);
      else
        times = it->second++;
      // pow(x, 0) is exactly 1: the first occurrence needs no call.
      sig.weight = rule.hostility * c.factor * (times ? std::pow(model.repeat_decay, times) : 1.0);
    } else {
      sig.weight = rule.politeness_weight * c.factor;
    }
    // An insult is strong only when it is aimed at the reader: a second-person word in its
    // sentence ("you idiot", "votre système stupide"). "This stupid printer", "a dumb modem"
    // vent frustration at a thing.
    bool strong = rule.strong && (rule.category != "insult" || addressed_at(c.start));
    kinds.push_back({sig.start, sig.end, rule.aggressive, strong, signals.size() - 1});
  }
  // Candidates come sorted by start (longest first); shouting runs are merged in.
  std::size_t matched = signals.size();
  if (shouting(original, signals)) {
    values.back() = 1;
    auto by_position = [](const auto& a, const auto& b) {
      if (a.start != b.start) return a.start < b.start;
      return a.end > b.end;
    };
    bool loud_aggressive = model.aggressive.count("shouting") > 0;
    bool loud_strong = model.strong.count("shouting") > 0;
    for (std::size_t k = matched; k < signals.size(); ++k)
      kinds.push_back({signals[k].start, signals[k].end, loud_aggressive, loud_strong, k});
    // The kinds are merged (small records), then the signals put in their order: the same
    // stable merge on the same keys as merging the signals themselves, without moving every
    // signal twice.
    std::inplace_merge(kinds.begin(), kinds.begin() + static_cast<std::ptrdiff_t>(matched),
                       kinds.end(), by_position);
    std::vector<ToneSignal> merged;
    merged.reserve(signals.size());
    for (const Kind& k : kinds) merged.push_back(std::move(signals[k.signal]));
    signals = std::move(merged);
  }

  double points = 0;
  bool strong = false;
  // Distinct aggressive categories and symbols: a handful, so small vectors, not sets.
  std::vector<const std::string*> categories, symbols;
  auto add_distinct = [](std::vector<const std::string*>& seen, const std::string& s) {
    for (const std::string* e : seen)
      if (*e == s) return;
    seen.push_back(&s);
  };
  for (std::size_t k = 0; k < signals.size(); ++k) {
    if (!kinds[k].aggressive) continue;
    const ToneSignal& s = signals[k];
    points += s.weight;
    add_distinct(categories, s.category);
    add_distinct(symbols, s.symbol);
    if (kinds[k].strong) strong = true;
  }
  double logit = model.bias;
  for (std::size_t f = 0; f < values.size(); ++f) {
    if (values[f] == 0) continue;
    logit += language.feature_weights[f] * values[f];
    if (with_features) result.features.emplace(language.feature_names[f], values[f]);
  }
  Tone& tone = result.tone;
  result.hostility_points = points;
  tone.hostility = 1 - std::exp(-points / model.hostility_scale);
  tone.politeness = std::tanh(logit / 2);  // = 2 * sigmoid(logit) - 1
  // Several kinds of aggression count only when the message does not also show clear
  // politeness: a firm client who greets, thanks and says please is not hostile.
  bool several = (static_cast<int>(categories.size()) >= model.hostile_min_categories ||
                  static_cast<int>(symbols.size()) >= model.hostile_min_symbols) &&
                 tone.politeness < model.several_max_politeness;
  // One strong threat as the only aggression, in a clearly polite message ("sans règlement
  // sous huit jours, nous transmettrons le dossier à notre avocat. Cordialement"), is a firm
  // final reminder: tense. A polite message rated hostile is the costliest error.
  bool strong_counts =
      strong && (categories.size() > 1 || tone.politeness <= model.strong_alone_max_politeness);
  bool hostile = points >= model.hostile_any_points ||
                 (points >= model.hostile_min_points && (strong_counts || several));
  if (hostile)
    tone.label = "hostile";
  else if (points >= model.tense_min_points || tone.politeness <= model.tense_max_politeness)
    tone.label = "tense";
  else
    tone.label = "calm";
  return result;
}

ToneResult ToneAnalyser::analyse(std::string_view text, std::string_view lang,
                                 bool with_features) const {
  ToneResult empty;
  if (!impl_->ready || impl_->languages.empty()) return empty;
  FoldedText folded = fold(text);
  for (const Language& l : impl_->languages)
    if (l.lang == lang)
      return impl_->score(l, text, folded, impl_->match(l, folded, text), with_features);
  // Unknown language: the rule set that recognises more wins (English first on a tie).
  const Language* best = nullptr;
  std::vector<Candidate> best_candidates;
  for (const Language& l : impl_->languages) {
    auto candidates = impl_->match(l, folded, text);
    bool better = !best || candidates.size() > best_candidates.size() ||
                  (candidates.size() == best_candidates.size() && l.lang == "en");
    if (better) {
      best = &l;
      best_candidates = std::move(candidates);
    }
  }
  return impl_->score(*best, text, folded, best_candidates, with_features);
}

}  // namespace courtois::tone
