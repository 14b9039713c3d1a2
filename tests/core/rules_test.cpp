#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "courtois/rules.hpp"

using namespace courtois;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("courtois-rules-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST(RuleJson, CommentsAreAllowedAndEveryValueHasItsLine) {
  auto f = parse_rule_json("tone/en.json", R"({
  // a comment
  "rules": [
    /* first */
    {"symbol": "TONE_A", "weight": 0.5},
    {
      "symbol": "TONE_B",
      "weight": 2
    }
  ]
})");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->doc["rules"][1]["symbol"], "TONE_B");
  EXPECT_EQ(f->line_of("/rules/0/symbol"), 5);
  EXPECT_EQ(f->line_of("/rules/1"), 6);
  EXPECT_EQ(f->line_of("/rules/1/symbol"), 7);
  EXPECT_EQ(f->line_of("/rules/1/weight"), 8);
  EXPECT_EQ(f->line_of("/rules/1/missing"), 6);  // nearest ancestor
}

TEST(RuleJson, SyntaxErrorNamesFileAndLine) {
  auto f = parse_rule_json("x/bad.json", "{\n  \"rules\": [\n    {\"a\": 1,}\n  ]\n}\n");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message.rfind("x/bad.json:3: invalid JSON", 0), 0u) << f.error().message;
}

TEST(RuleReader, ReportsFileLineFieldProblem) {
  auto f = parse_rule_json("tone/en.json", R"({"rules": [
  {"symbol": "TONE_OK", "weight": 0.5, "category": "threat"},
  {"symbol": "bad symbol", "weight": 9, "category": "nope"},
  {"weight": "high"},
  3
]})");
  ASSERT_TRUE(f);
  std::vector<RuleError> errors;
  RuleReader r(*f, errors);
  auto recs = r.records("/rules");
  ASSERT_EQ(recs.size(), 3u);
  int good = 0;
  for (const auto& rec : recs) {
    auto sym = r.string(rec, "symbol", {.pattern = "[A-Z][A-Z0-9_]*"});
    auto w = r.number(rec, "weight", {.min = -5, .max = 5});
    auto c = r.string(rec, "category", {.required = false, .one_of = {"threat", "insult"}});
    if (sym && w) ++good;
  }
  EXPECT_EQ(good, 1);
  std::vector<std::string> got;
  for (const auto& e : errors) got.push_back(e.to_string());
  std::vector<std::string> want = {
      "tone/en.json:5: /rules/3: expected an object, found number",
      "tone/en.json:3: /rules/1/symbol: \"bad symbol\" does not match [A-Z][A-Z0-9_]*",
      "tone/en.json:3: /rules/1/weight: 9 is out of range [-5, 5]",
      "tone/en.json:3: /rules/1/category: \"nope\" is not one of: threat, insult",
      "tone/en.json:4: /rules/2/symbol: missing (a string is required)",
      "tone/en.json:4: /rules/2/weight: expected a number, found string",
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(r.rule_id(recs[0]), "tone/en.json:2");
}

TEST(RuleList, HashCommentsAndBlankLinesAreSkipped) {
  auto l = parse_rule_list("tone/insults.txt", "# header\n\nidiot\n  incapable  # inline\n#x\n");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0], (std::pair<int, std::string>{3, "idiot"}));
  EXPECT_EQ(l.entries[1], (std::pair<int, std::string>{4, "incapable"}));
}

TEST(RuleSet, LocalFileReplacesShippedAndAddsNewOnes) {
  fs::path shipped = temp_dir("shipped"), local = temp_dir("local");
  write(shipped / "tone/en.json", R"({"rules": []})");
  write(shipped / "tone/words.txt", "a\nb\n");
  write(local / "tone/words.txt", "c\n");
  write(local / "tone/extra.json", R"({"rules": [{"symbol": "X"}]})");
  write(shipped / "other/o.json", R"({})");
  std::vector<RuleError> errors;
  RuleSet set = load_rule_set("tone", shipped, local, errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(set.json.size(), 2u);
  EXPECT_EQ(set.json[0].name(), "en.json");
  EXPECT_EQ(set.json[1].name(), "extra.json");
  ASSERT_NE(set.list("words.txt"), nullptr);
  EXPECT_EQ(set.list("words.txt")->entries.size(), 1u);
  EXPECT_EQ(set.list("words.txt")->entries[0].second, "c");
}

TEST(RuleSet, BrokenFileIsReportedAndLeftOut) {
  fs::path shipped = temp_dir("broken");
  write(shipped / "tone/ok.json", R"({"rules": []})");
  write(shipped / "tone/bad.json", "{\n\n  \"rules\": [,]\n}");
  std::vector<RuleError> errors;
  RuleSet set = load_rule_set("tone", shipped, std::nullopt, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_NE(errors[0].file.find("bad.json"), std::string::npos);
  EXPECT_EQ(set.json.size(), 1u);
}
