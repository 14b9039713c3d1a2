// write_json must print exactly what to_json(...).dump(-1, ' ', false, replace) prints: same
// key order, escapes, numbers and U+FFFD replacement of ill-formed UTF-8. Random analyses with
// every optional field, control characters, ill-formed bytes and awkward doubles.
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "courtois/analysis.hpp"

namespace courtois {
namespace {

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool coin() { return below(2) == 0; }

  std::string text() {
    static const std::string kPieces[] = {"a",
                                          "Bonjour",
                                          " ",
                                          "\n",
                                          "\r",
                                          "\t",
                                          "\"",
                                          "\\",
                                          "/",
                                          "\x01",
                                          "\x1f",
                                          "\x7f",
                                          "\b",
                                          "\f",
                                          "é",
                                          "€",
                                          "😀",
                                          "\xC3",
                                          "\xE2\x82",
                                          "\xF0\x9F",
                                          "\xFF",
                                          "\x80",
                                          "\xC0\xAF",
                                          "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80",
                                          "\xE0\x80\xAF",
                                          "\xEF\xBF\xBD",
                                          "«",
                                          std::string("\0", 1)};
    std::string out;
    std::size_t n = below(6) == 0 ? 0 : below(12);
    for (std::size_t i = 0; i < n; ++i) {
      // Mostly well-formed text, so that both the fast path and the fallback are covered.
      std::size_t k = below(std::size(kPieces));
      if (below(4) != 0 && k >= 17 && k <= 25) k = 0;
      out += kPieces[k];
    }
    return out;
  }
  double number() {
    static const double kValues[] = {0.0,
                                     -0.0,
                                     1.0,
                                     0.5,
                                     0.1,
                                     1.0 / 3,
                                     -0.25,
                                     1e-7,
                                     1e21,
                                     123.0,
                                     2.5e-300,
                                     std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::infinity()};
    if (coin()) return kValues[below(std::size(kValues))];
    return std::uniform_real_distribution<double>(-2, 2)(rng_);
  }
  std::size_t offset() { return coin() ? below(100) : below(std::size_t(1) << 40); }
  std::string maybe() { return coin() ? std::string() : text(); }

 private:
  std::mt19937 rng_;
};

Analysis random_analysis(Gen& g) {
  Analysis a;
  a.id = g.text();
  a.thread = g.text();
  a.direction = g.coin() ? "in" : "out";
  a.automatic = g.coin();
  a.lang = g.text();
  if (g.coin()) a.date = ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  a.from_name = g.text();
  a.from_address = g.text();
  a.subject = g.text();
  a.text = g.text();
  a.tone.label = g.text();
  a.tone.hostility = g.number();
  a.tone.politeness = g.number();
  for (std::size_t i = g.below(3); i-- > 0;)
    a.tone.signals.push_back(
        {g.text(), g.text(), g.text(), g.maybe(), g.maybe(), g.offset(), g.offset(), g.number()});
  for (std::size_t i = g.below(3); i-- > 0;) {
    Question q{g.text(), g.text(), g.offset(), g.offset(), g.maybe()};
    if (g.coin()) q.answered_by = g.text();
    if (g.coin()) q.withdrawn_by = g.text();
    q.answer_evidence = g.maybe();
    a.questions.push_back(q);
  }
  for (std::size_t i = g.below(3); i-- > 0;) {
    DateMention d{g.text(), g.offset(), g.offset(), g.text()};
    if (g.coin()) d.end_value = g.text();
    d.grain = g.text();
    d.role = g.text();
    a.dates.push_back(d);
  }
  for (std::size_t i = g.below(3); i-- > 0;)
    a.deadline_changes.push_back(
        {g.text(), g.offset(), g.offset(), g.maybe(), g.maybe(), g.text(), g.maybe()});
  for (std::size_t i = g.below(3); i-- > 0;)
    a.commitments.push_back(
        {g.text(), g.offset(), g.offset(), g.maybe(), g.text(), g.maybe(), g.maybe()});
  for (std::size_t i = g.below(3); i-- > 0;)
    a.findings.push_back({g.text(), g.text(), g.text(), g.text(), g.text(), g.text(), g.offset(),
                          g.offset(), g.number()});
  for (std::size_t i = g.below(3); i-- > 0;) a.skipped.push_back(g.text());
  if (g.below(4) == 0) {
    // Plugin-added keys: before, between and after the fixed ones, and one that repeats a
    // fixed key (dropped).
    static const char* kExtra[] = {"a",      "aa", "custom", "dates", "dz",
                                   "thread", "zz", "\x01",   "\xC3",  "é"};
    for (std::size_t i = g.below(4); i-- > 0;) {
      std::string key = kExtra[g.below(std::size(kExtra))];
      if (g.coin())
        a.extra[key] = g.text();
      else
        a.extra[key] = {{"n", g.offset()}, {"x", g.number()}, {"list", {1, "b", nullptr}}};
    }
  }
  return a;
}

TEST(AnalysisJson, WriterMatchesTreeDump) {
  Gen g(20260302);
  for (int i = 0; i < 5000; ++i) {
    Analysis a = random_analysis(g);
    for (bool with_answers : {false, true}) {
      std::string expected =
          to_json(a, with_answers).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      ASSERT_EQ(to_json_string(a, with_answers), expected) << "case " << i;
    }
  }
}

TEST(AnalysisJson, WriteAppends) {
  Analysis a;
  a.text = "x";
  std::string out = "prefix";
  write_json(a, out);
  EXPECT_EQ(out, "prefix" + to_json(a).dump());
}

}  // namespace
}  // namespace courtois

namespace courtois {
namespace {

// Shared texts: equal texts are one interned copy, readable like strings, from any thread.
TEST(SharedText, EqualTextsShareOneCopyAndReadLikeStrings) {
  SharedText a = std::string("TONE_INSULT"), b = std::string_view("TONE_INSULT"), c = "TONE_X";
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_TRUE(a == "TONE_INSULT");
  EXPECT_TRUE(a == std::string("TONE_INSULT"));
  EXPECT_EQ(a.view(), "TONE_INSULT");
  EXPECT_TRUE(SharedText().empty());
  EXPECT_EQ(&SharedText().str(), &SharedText("").str());
  EXPECT_EQ(nlohmann::json(a), "TONE_INSULT");
  std::vector<std::thread> threads;
  std::vector<const std::string*> seen(8);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&seen, t] {
      for (int k = 0; k < 1000; ++k) SharedText("text " + std::to_string(k));
      seen[t] = &SharedText("text 999").str();
    });
  for (auto& th : threads) th.join();
  for (const std::string* s : seen) EXPECT_EQ(s, seen[0]);
}

}  // namespace
}  // namespace courtois
