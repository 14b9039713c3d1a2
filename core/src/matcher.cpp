// The one file that includes Hyperscan: all patterns of a rule set compiled into one database,
// matched in one pass.
#include "courtois/matcher.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <map>

namespace courtois {

struct PatternSet::Impl {
  hs_database_t* db = nullptr;
  std::vector<PatternSpec> specs;  // indexed by position; Hyperscan ids are positions
  ~Impl() {
    if (db) hs_free_database(db);
  }
};

PatternSet::PatternSet() = default;
PatternSet::~PatternSet() = default;
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;

bool PatternSet::empty() const {
  return !impl_ || !impl_->db;
}

Result<PatternSet> PatternSet::compile(const std::vector<PatternSpec>& specs) {
  PatternSet set;
  set.impl_ = std::make_unique<Impl>();
  set.impl_->specs = specs;
  if (specs.empty()) return set;
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    expressions.push_back(specs[i].regex.c_str());
    flags.push_back(HS_FLAG_SOM_LEFTMOST | (specs[i].caseless ? HS_FLAG_CASELESS : 0u));
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  hs_error_t rc = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                   static_cast<unsigned>(specs.size()), HS_MODE_BLOCK, nullptr,
                                   &set.impl_->db, &error);
  if (rc != HS_SUCCESS) {
    std::string message = error && error->message ? error->message : "compile failed";
    int index = error ? error->expression : -1;
    if (error) hs_free_compile_error(error);
    return make_error(Errc::rule, "pattern #" + std::to_string(index) + ": " + message);
  }
  return set;
}

int PatternSet::failing_index(const Error& e) {
  const std::string prefix = "pattern #";
  if (e.message.rfind(prefix, 0) != 0) return -1;
  try {
    return std::stoi(e.message.substr(prefix.size()));
  } catch (...) {
    return -1;
  }
}

namespace {

// One scratch per thread, grown to fit every database it is used with.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  ~ThreadScratch() {
    if (scratch) hs_free_scratch(scratch);
  }
};

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

struct Collector {
  std::vector<Match>* out;
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* ctx) {
  static_cast<Collector*>(ctx)->out->push_back(
      Match{id, static_cast<std::size_t>(from), static_cast<std::size_t>(to)});
  return 0;
}

}  // namespace

std::vector<Match> PatternSet::scan(std::string_view text) const {
  std::vector<Match> raw;
  if (empty()) return raw;
  thread_local ThreadScratch local;
  if (hs_alloc_scratch(impl_->db, &local.scratch) != HS_SUCCESS) return raw;
  Collector collector{&raw};
  hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch, on_match,
          &collector);
  // Keep, per (pattern, start), the longest match that respects word boundaries.
  std::map<std::pair<unsigned, std::size_t>, std::size_t> longest;
  for (const Match& m : raw) {
    const PatternSpec& spec = impl_->specs[m.id];
    if (spec.word_bounded && m.end > m.start) {
      auto first = static_cast<unsigned char>(text[m.start]);
      auto last = static_cast<unsigned char>(text[m.end - 1]);
      if (m.start > 0 && is_word_byte(first) &&
          is_word_byte(static_cast<unsigned char>(text[m.start - 1])))
        continue;
      if (m.end < text.size() && is_word_byte(last) &&
          is_word_byte(static_cast<unsigned char>(text[m.end])))
        continue;
    }
    auto key = std::make_pair(m.id, m.start);
    auto [it, inserted] = longest.emplace(key, m.end);
    if (!inserted) it->second = std::max(it->second, m.end);
  }
  std::vector<Match> out;
  out.reserve(longest.size());
  for (const auto& [key, end] : longest)
    out.push_back(Match{impl_->specs[key.first].id, key.second, end});
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.id < b.id;
  });
  return out;
}

}  // namespace courtois
