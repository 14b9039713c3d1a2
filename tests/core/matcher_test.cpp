#include <gtest/gtest.h>

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
