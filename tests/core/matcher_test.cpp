#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "courtois/matcher.hpp"

using namespace courtois;

TEST(PatternSet, FindsAllPatternsInOnePassWithWordBoundaries) {
  auto set =
      PatternSet::compile({{1, "avocats?"}, {2, "mise en demeure"}, {3, "!{3,}", true, false}});
  ASSERT_TRUE(set) << set.error().message;
  std::string text = "mon avocat recevra la mise en demeure!!!! (avocats, pas avocatier)";
  auto m = set->scan(text);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].id, 1u);
  EXPECT_EQ(text.substr(m[0].start, m[0].end - m[0].start), "avocat");
  EXPECT_EQ(text.substr(m[1].start, m[1].end - m[1].start), "mise en demeure");
  EXPECT_EQ(text.substr(m[2].start, m[2].end - m[2].start), "!!!!");  // longest only
  EXPECT_EQ(text.substr(m[3].start, m[3].end - m[3].start), "avocats");
}

TEST(PatternSet, CompileErrorNamesThePattern) {
  auto set = PatternSet::compile({{7, "ok"}, {8, "(unclosed"}});
  ASSERT_FALSE(set);
  EXPECT_EQ(PatternSet::failing_index(set.error()), 1);
  EXPECT_NE(set.error().message.find("pattern #1"), std::string::npos);
}

TEST(PatternSet, EmptySetMatchesNothing) {
  auto set = PatternSet::compile({});
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->scan("anything").empty());
}

TEST(PatternSet, CompiledDatabaseIsCachedAndACorruptCacheIsReplaced) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "courtois-pattern-cache-test";
  fs::remove_all(dir);
  setenv("COURTOIS_PATTERN_CACHE", dir.c_str(), 1);
  std::vector<PatternSpec> specs = {{1, "livraison (prevue|repoussee)"}, {2, "by (friday|monday)"}};
  std::string text = "la livraison repoussee, by friday";
  auto first = PatternSet::compile(specs);
  ASSERT_TRUE(first);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  auto second = PatternSet::compile(specs);  // from the cache
  ASSERT_TRUE(second);
  auto a = first->scan(text), b = second->scan(text);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].start, a[1].start);
  EXPECT_EQ(b[1].end, a[1].end);
  std::ofstream(files[0], std::ios::binary | std::ios::trunc) << "garbage";
  auto third = PatternSet::compile(specs);  // corrupt file: compiled again, file replaced
  ASSERT_TRUE(third);
  EXPECT_EQ(third->scan(text).size(), 2u);
  EXPECT_GT(fs::file_size(files[0]), 100u);
  unsetenv("COURTOIS_PATTERN_CACHE");
}
