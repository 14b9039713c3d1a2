#include "lexicon.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <set>

#include "courtois/text.hpp"

namespace courtois::deadlines {

namespace {

// Byte classes of the tokenizer: 0 other, 1 space, 2 digit, 3 letter (ASCII letters and every
// byte of a UTF-8 sequence, so that folded words with non-ASCII letters stay whole). A table,
// not <cctype>: isalpha() is an out-of-line, locale-dependent call per byte.
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c : {' ', '\n', '\t', '\r', '\f', '\v'}) t[static_cast<std::size_t>(c)] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 2;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = 3;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = 3;
  for (int c = 0x80; c <= 0xff; ++c) t[static_cast<std::size_t>(c)] = 3;
  return t;
}();

std::uint8_t byte_class(char c) {
  return kByteClass[static_cast<unsigned char>(c)];
}

std::vector<std::string> split_fields(std::string_view entry) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    auto bar = entry.find('|', from);
    auto field = trim(entry.substr(from, bar == std::string_view::npos ? bar : bar - from));
    out.emplace_back(field);
    if (bar == std::string_view::npos) break;
    from = bar + 1;
  }
  return out;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> toks;
  toks.reserve(s.size() / 4 + 8);
  const std::size_t n = s.size();
  std::size_t i = 0;
  bool space = true;
  while (i < n) {
    std::uint8_t cls = byte_class(s[i]);
    if (cls == 1) {
      space = true;
      ++i;
      continue;
    }
    Token t;
    t.start = i;
    t.space_before = space;
    if (cls == 2) {
      t.kind = Token::Kind::number;
      while (i < n && byte_class(s[i]) == 2) {
        if (t.value < 100000000) t.value = t.value * 10 + (s[i] - '0');
        ++t.digits;
        ++i;
      }
    } else if (cls == 3) {
      t.kind = Token::Kind::word;
      while (i < n && byte_class(s[i]) == 3) ++i;
    } else {
      t.kind = Token::Kind::punct;
      ++i;
    }
    t.end = i;
    t.text = s.substr(t.start, t.end - t.start);
    toks.push_back(t);
    space = false;
  }
  return toks;
}

void Lexicon::add(LexEntry entry) {
  if (entry.tokens.empty()) return;
  auto& bucket = by_first_[entry.tokens.front()];
  bucket.push_back(std::move(entry));
  std::stable_sort(bucket.begin(), bucket.end(), [](const LexEntry& a, const LexEntry& b) {
    return a.tokens.size() > b.tokens.size();
  });
  ++size_;
}

Vocabulary load_vocabulary(const RuleSet& rules, std::vector<RuleError>& errors) {
  Vocabulary v;
  struct Spec {
    const char* file;
    Lexicon* lex;
    std::set<std::string> values;  // allowed values (empty: integer)
    std::set<std::string> tags;
  };
  const std::set<std::string> unit_names{"second", "minute", "hour",    "day", "bday",
                                         "week",   "month",  "quarter", "year"};
  const std::set<std::string> roles(std::begin(kRoleNames), std::end(kRoleNames));
  std::vector<Spec> specs{
      {"months.txt", &v.months, {}, {"abbr", "modal"}},
      {"weekdays.txt", &v.weekdays, {}, {"abbr"}},
      {"numbers.txt", &v.numbers, {}, {"ord", "article"}},
      {"units.txt", &v.units, unit_names, {"plural", "ordinal"}},
      {"relative_days.txt", &v.relative_days, {}, {"*"}},
      {"dayparts.txt", &v.dayparts, {}, {"exact"}},
      {"timezones.txt", &v.timezones, {}, {"us", "eu"}},
      {"grammar_words.txt", &v.words, roles, {}},
  };
  int id = 0;
  for (auto& spec : specs) {
    spec.lex->id = id++;
    const ListFile* list = rules.list(spec.file);
    if (!list) {
      errors.push_back(
          {spec.file, 0, "", "missing rule file rules/deadlines/" + std::string(spec.file)});
      continue;
    }
    for (const auto& item : list->entries) {
      // Not a structured binding: clang 14 (the fuzz and sanitizer builds) cannot capture one.
      const int line = item.first;
      const std::string& entry = item.second;
      auto fields = split_fields(entry);
      auto fail = [&](const char* field, const std::string& problem) {
        errors.push_back({list->name(), line, field, problem});
      };
      if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
        fail("entry", "expected 'words | value [| tag]', got '" + entry + "'");
        continue;
      }
      LexEntry e;
      e.value = fields[1];
      e.tag = fields.size() > 2 ? fields[2] : "";
      e.rule = list->name() + ":" + std::to_string(line);
      if (spec.values.empty()) {
        char* endp = nullptr;
        e.number = static_cast<int>(std::strtol(e.value.c_str(), &endp, 10));
        if (!endp || *endp != '\0') {
          fail("value", "expected an integer, got '" + e.value + "'");
          continue;
        }
      } else if (!spec.values.count(e.value)) {
        fail("value", "unknown value '" + e.value + "'");
        continue;
      }
      if (!e.tag.empty() && !spec.tags.count("*")) {
        if (!spec.tags.count(e.tag)) {
          fail("tag", "unknown tag '" + e.tag + "'");
          continue;
        }
      } else if (!e.tag.empty() && e.tag != "now") {
        char* endp = nullptr;
        e.tag_number = static_cast<int>(std::strtol(e.tag.c_str(), &endp, 10));
        if (!endp || *endp != '\0') {
          fail("hour", "expected an hour, got '" + e.tag + "'");
          continue;
        }
      }
      if (spec.lex == &v.words) {
        for (std::size_t r = 0; r < std::size(kRoleNames); ++r)
          if (e.value == kRoleNames[r]) e.code = static_cast<int>(r);
      }
      std::string folded = fold_string(fields[0]);
      for (const auto& t : tokenize(folded)) e.tokens.emplace_back(t.text);
      spec.lex->add(std::move(e));
    }
  }
  return v;
}

void LexiconIndex::build(const Vocabulary& v) {
  by_first.clear();
  for (const Lexicon* lex : {&v.months, &v.weekdays, &v.numbers, &v.units, &v.relative_days,
                             &v.dayparts, &v.timezones, &v.words}) {
    lex->for_each([&](const LexEntry& e) {
      by_first[std::string_view(e.tokens.front())][static_cast<std::size_t>(lex->id)].push_back(&e);
    });
  }
  for (auto& [first, entries] : by_first) {
    for (const LexEntry* e : entries[static_cast<std::size_t>(v.words.id)]) {
      if (e->code < 0) continue;
      if (e->tokens.size() == 1)
        entries.single_roles[static_cast<std::size_t>(e->code)] = 1;
      else
        entries.multi_word = true;
    }
  }
  std::size_t size = 16;
  while (size < 2 * by_first.size()) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = size - 1;
  for (const auto& [first, entries] : by_first) {
    std::size_t h = TokenHash{}(first)&mask_;
    while (slots_[h].entries) h = (h + 1) & mask_;
    slots_[h] = {first, &entries};
  }
  for (auto& [first, entries] : by_first)
    for (auto& list : entries.lists)
      std::stable_sort(list.begin(), list.end(), [](const LexEntry* a, const LexEntry* b) {
        return a->tokens.size() > b->tokens.size();
      });
}

}  // namespace courtois::deadlines
