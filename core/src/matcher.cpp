// The one file that includes Hyperscan: all patterns of a rule set compiled into one database,
// matched in one pass.
#include "courtois/matcher.hpp"

#include <hs/hs.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace courtois {

namespace {
std::atomic<std::uint64_t> next_serial{1};
}  // namespace

struct PatternSet::Impl {
  hs_database_t* db = nullptr;
  std::uint64_t serial = next_serial++;  // identifies the database for per-thread scratch
  std::vector<PatternSpec> specs;        // indexed by position; Hyperscan ids are positions
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

namespace {

// Compiling a large rule set with start-of-match tracking costs seconds; every process start
// (CLI, service, tests) would pay it. The compiled database is kept in the user's cache
// folder under a hash of the patterns, flags and Hyperscan version, and reused when it
// deserialises; anything wrong with a cached file means a fresh compile that replaces it.
// COURTOIS_PATTERN_CACHE=off disables the cache; COURTOIS_PATTERN_CACHE=DIR moves it.
std::optional<std::filesystem::path> cache_dir() {
  const char* env = std::getenv("COURTOIS_PATTERN_CACHE");
  if (env && std::string_view(env) == "off") return std::nullopt;
  if (env && *env) return std::filesystem::path(env);
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute())
    return std::filesystem::path(xdg) / "courtois" / "patterns";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::filesystem::path(home) / ".cache" / "courtois" / "patterns";
  return std::nullopt;
}

std::string cache_key(const std::vector<const char*>& expressions,
                      const std::vector<unsigned>& flags) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bits
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  mix(hs_version());
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    mix(expressions[i]);
    mix(std::to_string(flags[i]));
  }
  std::ostringstream out;
  out << std::hex << h << "-" << expressions.size();
  return out.str();
}

hs_database_t* load_cached(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void store_cached(const std::filesystem::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::filesystem::path temp = file;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary);
    out.write(bytes, static_cast<std::streamsize>(length));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  std::free(bytes);
  if (!ec) std::filesystem::rename(temp, file, ec);  // atomic: readers never see half a file
  if (ec) std::filesystem::remove(temp, ec);
}

}  // namespace

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
  std::optional<std::filesystem::path> cached;
  if (auto dir = cache_dir()) {
    cached = *dir / (cache_key(expressions, flags) + ".hsdb");
    if ((set.impl_->db = load_cached(*cached))) return set;
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
  if (cached) store_cached(*cached, set.impl_->db);
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
  std::vector<std::uint64_t> fits;  // databases the scratch was grown for (it only grows)
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
  if (std::find(local.fits.begin(), local.fits.end(), impl_->serial) == local.fits.end()) {
    if (hs_alloc_scratch(impl_->db, &local.scratch) != HS_SUCCESS) return raw;
    local.fits.push_back(impl_->serial);
  }
  Collector collector{&raw};
  hs_scan(impl_->db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch, on_match,
          &collector);
  // Keep, per (pattern, start), the longest match that respects word boundaries.
  std::vector<Match> out;
  out.reserve(raw.size());
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
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.id != b.id) return a.id < b.id;
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  out.erase(std::unique(
                out.begin(), out.end(),
                [](const Match& a, const Match& b) { return a.id == b.id && a.start == b.start; }),
            out.end());
  for (auto& m : out) m.id = impl_->specs[m.id].id;
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.id < b.id;
  });
  return out;
}

}  // namespace courtois
