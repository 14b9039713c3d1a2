// Questions and requests of one message: cue patterns from rules/questions/requests_*.json are
// matched in one pass over the folded text; each sentence sums the weights of its cues and is
// a question or request when the sum reaches the threshold. Negative cues (boilerplate,
// rhetorical complaints) pull a sentence back under it.
#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <utility>
#include <vector>

#include "courtois/text.hpp"
#include "questions/questions.hpp"

namespace courtois::questions {

namespace {

bool is_ascii_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Words of a folded string: runs of letters, digits, apostrophes and non-ASCII bytes.
std::vector<std::string_view> folded_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !(is_ascii_alnum(s[i]) || static_cast<unsigned char>(s[i]) >= 0x80)) ++i;
    std::size_t start = i;
    while (i < s.size() &&
           (is_ascii_alnum(s[i]) || s[i] == '\'' || static_cast<unsigned char>(s[i]) >= 0x80))
      ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::string regex_escape_phrase(std::string_view phrase) {
  std::string out;
  bool space = false;
  for (char c : phrase) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += "\\s+";
    space = false;
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// Text-message shorthand written out, as shorthand_LANG.txt lists it (« vs » -> « vous », « cb »
// -> « combien »), so that one cue reads « vous faites » and « vs faites ». A word is a run of
// ASCII letters and digits with no apostrophe, hyphen or address character beside it: « c'est »,
// « aujourd'hui », « pr@mail.fr » are left alone. Each byte of an expansion maps to the source
// of the word it replaces, so a match still reports the span of the original text. Returns
// whether anything was replaced (the text is rebuilt only then).
bool expand_shorthand(FoldedText& f, const ShorthandList& words, std::size_t longest) {
  auto joined = [](char c) {
    return c == '\'' || c == '-' || c == '@' || c == '_' || c == '/' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  const std::string& t = f.text;
  FoldedText out;
  std::size_t copied = 0;  // bytes of f already in out
  std::size_t i = 0;
  while (i < t.size()) {
    if (!is_ascii_alnum(t[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < t.size() && is_ascii_alnum(t[i])) ++i;
    if (i - start > longest || (start > 0 && (joined(t[start - 1]) || t[start - 1] == '.')) ||
        (i < t.size() &&
         (joined(t[i]) || (t[i] == '.' && i + 1 < t.size() && is_ascii_alnum(t[i + 1])))))
      continue;
    std::string_view word(t.data() + start, i - start);
    auto it = std::lower_bound(words.begin(), words.end(), word,
                               [](const auto& e, std::string_view w) { return e.first < w; });
    if (it == words.end() || it->first != word) continue;
    if (copied == 0) {
      out.text.reserve(t.size() + 16);
      out.origin.reserve(t.size() + 17);
    }
    out.text.append(t, copied, start - copied);
    out.origin.insert(out.origin.end(), f.origin.begin() + static_cast<std::ptrdiff_t>(copied),
                      f.origin.begin() + static_cast<std::ptrdiff_t>(start));
    out.text += it->second;
    out.origin.insert(out.origin.end(), it->second.size(), f.origin[start]);
    copied = i;
  }
  if (copied == 0) return false;
  out.text.append(t, copied);
  out.origin.insert(out.origin.end(), f.origin.begin() + static_cast<std::ptrdiff_t>(copied),
                    f.origin.end());
  f = std::move(out);
  return true;
}

}  // namespace

std::string expand_lists(const std::string& pattern, const RuleSet& rules, RuleReader& reader,
                         const std::string& pointer, bool& ok) {
  std::string out;
  std::size_t pos = 0;
  const std::string open = "{list:";
  while (true) {
    std::size_t at = pattern.find(open, pos);
    if (at == std::string::npos) break;
    std::size_t close = pattern.find('}', at);
    if (close == std::string::npos) {
      reader.error(pointer, "pattern", "unclosed {list:NAME}");
      ok = false;
      return {};
    }
    std::string name = pattern.substr(at + open.size(), close - at - open.size());
    const ListFile* list = rules.list(name + ".txt");
    if (!list || list->entries.empty()) {
      reader.error(pointer, "pattern", "list " + name + ".txt is missing or empty");
      ok = false;
      return {};
    }
    out += pattern.substr(pos, at - pos);
    out += "(?:";
    for (std::size_t i = 0; i < list->entries.size(); ++i) {
      if (i) out += '|';
      out += regex_escape_phrase(fold_string(list->entries[i].second));
    }
    out += ')';
    pos = close + 1;
  }
  out += pattern.substr(pos);
  return out;
}

std::vector<RuleError> RequestDetector::configure(const RuleSet& rules,
                                                  std::shared_ptr<const TopicWords> topics) {
  std::vector<RuleError> errors;
  cues_.clear();
  lead_ins_.clear();
  conditions_.clear();
  clause_openers_.clear();
  back_refs_.clear();
  shorthand_.clear();
  topics_ = std::move(topics);
  std::vector<PatternSpec> specs;
  std::vector<std::pair<const JsonRuleFile*, std::string>> where;  // per spec: file, pointer

  for (const JsonRuleFile& file : rules.json) {
    if (file.name() == "settings.json") {
      RuleReader reader(file, errors);
      const auto& doc = file.doc;
      if (!doc.is_object() || !doc.contains("threshold") || !doc["threshold"].is_number()) {
        reader.error("/threshold", "threshold", "a number is required");
      } else {
        double t = doc["threshold"].get<double>();
        if (t <= 0 || t > 10)
          reader.error("/threshold", "threshold", "must be in (0, 10]");
        else
          threshold_ = t;
      }
      continue;
    }
    if (file.name().rfind("requests_", 0) != 0) continue;
    // requests_LANG.json (two letters) holds the cues of one language; any other requests_*.json
    // (requests_all.json) cues of every language.
    std::string lang = file.name().substr(9, file.name().size() - 9 - 5);
    if (lang.size() != 2 || !std::islower(static_cast<unsigned char>(lang[0])) ||
        !std::islower(static_cast<unsigned char>(lang[1])))
      lang.clear();
    RuleReader reader(file, errors);
    for (const auto& rec : reader.records("/rules")) {
      auto symbol = reader.string(rec, "symbol", {.pattern = "^[A-Z][A-Z0-9_]*$"});
      auto kind = reader.string(rec, "kind", {.one_of = {"question", "request", "not"}});
      auto pattern = reader.string(rec, "pattern");
      auto weight = reader.number(rec, "weight", {.min = -10, .max = 10});
      auto description = reader.string(rec, "description");
      auto at =
          reader.string(rec, "at", {.required = false, .one_of = {"anywhere", "start", "end"}});
      auto bounded = reader.boolean(rec, "word_bounded");
      auto chaser = reader.boolean(rec, "chaser");
      auto unpunctuated = reader.boolean(rec, "unpunctuated");
      if (!symbol || !kind || !pattern || !weight || !description) continue;
      if ((*kind == "not") != (*weight < 0)) {
        reader.error(rec.pointer, "weight",
                     "kind \"not\" takes a negative weight, question and request a positive one");
        continue;
      }
      if (std::any_of(pattern->begin(), pattern->end(),
                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        reader.error(rec.pointer, "pattern",
                     "write patterns folded (lower case, no accents): text is folded before "
                     "matching");
        continue;
      }
      bool ok = true;
      std::string regex = expand_lists(*pattern, rules, reader, rec.pointer, ok);
      if (!ok) continue;
      Cue cue;
      cue.symbol = *symbol;
      cue.kind = *kind;
      cue.description = *description;
      cue.rule = reader.rule_id(rec);
      cue.weight = *weight;
      cue.at = !at || *at == "anywhere" ? At::anywhere : *at == "start" ? At::start : At::end;
      cue.lang = lang;
      cue.chaser = chaser.value_or(false);
      cue.unpunctuated = unpunctuated.value_or(false);
      if (cue.chaser && cue.kind == "not") {
        reader.error(rec.pointer, "chaser", "a cue of kind \"not\" chases nothing");
        continue;
      }
      specs.push_back(
          PatternSpec{static_cast<unsigned>(cues_.size()), regex, true, bounded.value_or(true)});
      where.emplace_back(&file, rec.pointer);
      cues_.push_back(std::move(cue));
    }
  }
  for (const ListFile& list : rules.lists) {
    const std::string& name = list.name();
    if (name.rfind("back_references_", 0) == 0)
      for (const auto& [line, entry] : list.entries) {
        std::vector<std::string> words;
        const std::string folded = fold_string(entry);  // folded_words views into it
        for (std::string_view w : folded_words(folded)) words.emplace_back(w);
        if (!words.empty()) back_refs_.push_back(std::move(words));
      }
    if (name.rfind("shorthand_", 0) == 0 && name.size() == 16 && name.compare(12, 4, ".txt") == 0) {
      // shorthand_LANG.txt: « vs vous », the shorthand then what it stands for.
      Shorthand& sh = shorthand_[name.substr(10, 2)];
      for (const auto& [line, entry] : list.entries) {
        const std::string folded = fold_string(entry);
        const std::size_t space = folded.find(' ');
        const std::string word = folded.substr(0, space);
        const std::size_t from = folded.find_first_not_of(' ', space);
        const std::string expansion =
            from == std::string::npos ? std::string() : folded.substr(from);
        if (word.empty() || expansion.empty() ||
            !std::all_of(word.begin(), word.end(), is_ascii_alnum)) {
          errors.push_back(RuleError{name, line, "",
                                     "write the shorthand (letters and digits), a space, then "
                                     "what it stands for: \"vs vous\""});
          continue;
        }
        sh.words.emplace_back(word, expansion);
        sh.longest = std::max(sh.longest, word.size());
      }
      std::sort(sh.words.begin(), sh.words.end());
      continue;
    }
    std::unordered_set<std::string>* words = name.rfind("lead_in_", 0) == 0      ? &lead_ins_
                                             : name.rfind("conditions_", 0) == 0 ? &conditions_
                                             : name.rfind("clause_openers_", 0) == 0
                                                 ? &clause_openers_
                                                 : nullptr;
    if (!words) continue;
    for (const auto& [line, entry] : list.entries) words->insert(fold_string(entry));
  }
  // One set per language, with the cues of every language in each: a text is scanned only for
  // the cues of its own language, and one of unknown language for all of them.
  std::vector<std::string> langs;
  for (const Cue& cue : cues_)
    if (!cue.lang.empty() && std::find(langs.begin(), langs.end(), cue.lang) == langs.end())
      langs.push_back(cue.lang);
  if (langs.empty()) langs.emplace_back();
  sets_.clear();
  for (const std::string& lang : langs) {
    std::vector<PatternSpec> part;
    for (const PatternSpec& spec : specs)
      if (cues_[spec.id].lang.empty() || cues_[spec.id].lang == lang) part.push_back(spec);
    auto compiled = PatternSet::compile(part);
    if (!compiled) {
      int index = PatternSet::failing_index(compiled.error());
      if (index >= 0 && static_cast<std::size_t>(index) < part.size()) {
        const auto& [file, pointer] = where[part[static_cast<std::size_t>(index)].id];
        RuleReader reader(*file, errors);
        reader.error(pointer, "pattern", compiled.error().message);
      } else {
        errors.push_back(RuleError{"requests", 0, "pattern", compiled.error().message});
      }
      cues_.clear();
      sets_.clear();
      return errors;
    }
    sets_.push_back(LanguageSet{lang, std::move(*compiled)});
  }
  if (cues_.empty() && errors.empty())
    errors.push_back(RuleError{"requests_*.json", 0, "rules", "no request rules found"});
  return errors;
}

bool RequestDetector::lead_in_only(std::string_view prefix) const {
  // Allowed before a sentence-start cue: nothing, lead-in words ("and", "so", "alors"), or a
  // short vocative or clause closed by a comma or colon ("Chris,", "If you can,").
  // A hyphen separates ("Chris - send...") unless it joins a word ("re-enable it"). So does
  // the end of a sentence that sentence breaking kept, as a lower-case word followed
  // ("its now tuesday. where is it").
  std::size_t sep = std::string_view::npos;
  bool sentence_end = false;
  for (std::size_t i = prefix.size(); i-- > 0;) {
    char c = prefix[i];
    if (c == ',' || c == ':' || c == ';' || c == ')' ||
        (c == '-' && (i == 0 || !is_ascii_alnum(prefix[i - 1])))) {
      sep = i;
      break;
    }
    if ((c == '.' || c == '!' || c == '?') && i + 1 < prefix.size() && prefix[i + 1] == ' ' &&
        i > 0 && is_ascii_alnum(prefix[i - 1])) {
      sep = i;
      sentence_end = true;
      break;
    }
  }
  std::string_view head =
      sep == std::string_view::npos ? std::string_view{} : prefix.substr(0, sep);
  std::string_view tail = sep == std::string_view::npos ? prefix : prefix.substr(sep + 1);
  auto head_words = folded_words(head);
  // A conditional clause may come first: "If the figures change, send me the file."
  // (conditions_*.txt).
  bool conditional = !head_words.empty() && conditions_.count(std::string(head_words.front())) > 0;
  // A semicolon joins two sentences: "I'm out next week; call Joann for the prices."; so does
  // a comma followed by a word of clause_openers_*.txt ("so", "just", "then" / « alors »):
  // "I'm out all week, just call Joann".
  auto tail_words = folded_words(tail);
  const bool new_clause =
      sep != std::string_view::npos &&
      (prefix[sep] == ';' || sentence_end ||
       (!tail_words.empty() && clause_openers_.count(std::string(tail_words.front()))));
  if (head_words.size() > 3 && !conditional && !new_clause) return false;
  for (std::string_view w : tail_words)
    if (!lead_ins_.count(std::string(w))) return false;
  return true;
}

std::vector<Match> RequestDetector::scan(std::string_view folded, std::string_view lang) const {
  for (const LanguageSet& set : sets_)
    if (set.lang == lang || sets_.size() == 1) return set.patterns.scan(folded);
  // Unknown language: every set, each language-neutral cue taken from the first only, in the
  // order one set of all the cues would give (by start, longest first, by cue).
  std::vector<Match> all;
  for (std::size_t k = 0; k < sets_.size(); ++k)
    for (const Match& m : sets_[k].patterns.scan(folded))
      if (k == 0 || !cues_[m.id].lang.empty()) all.push_back(m);
  std::sort(all.begin(), all.end(), [](const Match& a, const Match& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.id < b.id;
  });
  return all;
}

std::vector<std::pair<std::size_t, RequestDetector::Score>> RequestDetector::score_sentences(
    std::string_view text, std::string_view lang, std::vector<Span>& sents) const {
  std::vector<std::pair<std::size_t, Score>> scores;
  if (text.empty() || sets_.empty()) return scores;
  FoldedText folded = fold(text);
  if (auto sh = shorthand_.find(std::string(lang)); sh != shorthand_.end())
    expand_shorthand(folded, sh->second.words, sh->second.longest);
  sents = sentences(text, lang.empty() || lang == "unknown" ? "en" : lang);
  if (sents.empty()) return scores;
  std::vector<Match> matches = scan(folded.text, lang);

  // A sentence-start cue this far into a sentence is not at its start; the bound keeps a
  // pathological sentence (100,000 "?" or repeated cues) linear.
  constexpr std::size_t max_lead_in = 400;
  // Per sentence with a cue, by sentence: matches come by start, so the sentence is nearly
  // always the last one (a lookup otherwise).
  for (const Match& m : matches) {
    Span src = folded.source_span(m.start, m.end);
    auto it = std::upper_bound(sents.begin(), sents.end(), src.start,
                               [](std::size_t v, const Span& s) { return v < s.start; });
    if (it == sents.begin()) continue;
    --it;
    if (src.start >= it->end) continue;  // in the white space between sentences
    const Cue& cue = cues_[m.id];
    const auto si = static_cast<std::size_t>(it - sents.begin());
    if (scores.empty() || scores.back().first < si) scores.emplace_back(si, Score{});
    auto at = scores.end() - 1;
    if (at->first != si) {  // an earlier sentence: kept sorted all the same
      at = std::lower_bound(scores.begin(), scores.end(), si,
                            [](const auto& e, std::size_t v) { return e.first < v; });
      if (at->first != si) at = scores.insert(at, {si, Score{}});
    }
    Score& score = at->second;
    if (std::find(score.seen.begin(), score.seen.end(), m.id) != score.seen.end())
      continue;  // one cue counts once per sentence
    std::size_t fs = folded.folded_offset(it->start);
    if (cue.at == At::start &&
        (m.start - fs > max_lead_in ||
         !lead_in_only(std::string_view(folded.text).substr(fs, m.start - fs))))
      continue;
    // The sentence's tail, read once: where its last letter or digit ends, and whether anything
    // but white space follows it.
    auto know_tail = [&] {
      if (score.tail_known) return;
      std::size_t fe = folded.folded_offset(it->end);
      while (fe > fs && std::isspace(static_cast<unsigned char>(folded.text[fe - 1]))) --fe;
      score.unpunctuated = fe > fs && is_ascii_alnum(folded.text[fe - 1]);
      while (fe > fs && !is_ascii_alnum(folded.text[fe - 1])) --fe;
      score.last_alnum = fe;
      score.tail_known = true;
    };
    if (cue.at == At::end) {
      // A mark glued to the next word ends nothing: "v?e=1" in a link, "PM?ET".
      if (m.end < folded.text.size() && is_ascii_alnum(folded.text[m.end])) continue;
      know_tail();
      if (score.last_alnum > m.end) continue;  // words follow the cue
    }
    if (cue.unpunctuated) {
      know_tail();
      if (!score.unpunctuated) continue;
    }
    score.seen.push_back(m.id);
    score.sum += cue.weight;
    if (cue.weight > 0 && (score.best < 0 || cue.weight > cues_[score.best].weight))
      score.best = static_cast<int>(m.id);
  }
  return scores;
}

bool RequestDetector::refers_back(std::string_view chaser, std::string_view next) const {
  std::string folded = fold_string(next);
  if (holds_phrase(folded_words(folded), back_refs_)) return true;
  // A chaser that names nothing ("I still haven't received anything") chases whatever the
  // request after it names.
  std::vector<std::string> before = topics_->of(chaser);
  if (before.empty()) return true;
  for (const std::string& w : topics_->of(next))
    if (std::find(before.begin(), before.end(), w) != before.end()) return true;
  return false;
}

bool RequestDetector::carried_by_next(std::string_view text, const std::vector<Span>& sents,
                                      const std::vector<std::pair<std::size_t, Score>>& scores,
                                      std::size_t k) const {
  const auto& [index, score] = scores[k];
  if (!passes(score) || !cues_[static_cast<std::size_t>(score.best)].chaser ||
      k + 1 >= scores.size() || scores[k + 1].first != index + 1 || !passes(scores[k + 1].second))
    return false;
  const Span& a = sents[index];
  const Span& b = sents[index + 1];
  return refers_back(text.substr(a.start, a.size()), text.substr(b.start, b.size()));
}

bool RequestDetector::carried_by_previous(std::string_view text, const std::vector<Span>& sents,
                                          const std::vector<std::pair<std::size_t, Score>>& scores,
                                          std::size_t k) const {
  const auto& [index, score] = scores[k];
  if (!passes(score) || !cues_[static_cast<std::size_t>(score.best)].chaser || k == 0 ||
      scores[k - 1].first + 1 != index || !passes(scores[k - 1].second) ||
      cues_[static_cast<std::size_t>(scores[k - 1].second.best)].chaser)
    return false;
  const Span& a = sents[index - 1];
  const Span& b = sents[index];
  if (text.substr(a.end, b.start - a.end).find("\n\n") != std::string_view::npos) return false;
  return topics_->of(text.substr(b.start, b.size())).empty();
}

std::vector<Question> RequestDetector::detect(std::string_view text, std::string_view lang) const {
  std::vector<Question> out;
  std::vector<Span> sents;
  auto scores = score_sentences(text, lang, sents);
  for (std::size_t k = 0; k < scores.size(); ++k) {
    const auto& [index, score] = scores[k];
    if (!passes(score) || carried_by_next(text, sents, scores, k) ||
        carried_by_previous(text, sents, scores, k))
      continue;
    const Span& s = sents[index];
    const Cue& cue = cues_[score.best];
    Question q;
    q.text = std::string(text.substr(s.start, s.size()));
    q.kind = cue.kind;
    q.start = s.start;
    q.end = s.end;
    q.symbol = cue.symbol;
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<RequestDetector::SentenceCues> RequestDetector::cues(std::string_view text,
                                                                 std::string_view lang) const {
  std::vector<SentenceCues> out;
  std::vector<Span> sents;
  auto scores = score_sentences(text, lang, sents);
  for (std::size_t k = 0; k < scores.size(); ++k) {
    const auto& [index, score] = scores[k];
    SentenceCues c;
    c.span = sents[index];
    c.sum = score.sum;
    c.carried_by_next = carried_by_next(text, sents, scores, k);
    c.carried_by_previous = carried_by_previous(text, sents, scores, k);
    c.detected = passes(score) && !c.carried_by_next && !c.carried_by_previous;
    for (unsigned id : score.seen) c.symbols.push_back(cues_[id].symbol);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace courtois::questions
