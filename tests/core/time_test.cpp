#include <gtest/gtest.h>

#include "courtois/time.hpp"

using namespace courtois;

TEST(ZonedTime, Rfc3339RoundTripKeepsTheOffset) {
  auto t = ZonedTime::parse_rfc3339("2026-03-02T10:12:00+01:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->offset_minutes, 60);
  EXPECT_EQ(t->rfc3339(), "2026-03-02T10:12:00+01:00");
  auto z = ZonedTime::parse_rfc3339("2026-03-02T09:12:00Z");
  ASSERT_TRUE(z);
  EXPECT_EQ(*z, *t);
  EXPECT_EQ(z->rfc3339(), "2026-03-02T09:12:00+00:00");
  auto neg = ZonedTime::parse_rfc3339("2026-11-01T23:30:05.123-04:30");
  ASSERT_TRUE(neg);
  EXPECT_EQ(neg->rfc3339(), "2026-11-01T23:30:05-04:30");
}

TEST(ZonedTime, Rfc3339RejectsWhatIsNotADate) {
  EXPECT_FALSE(ZonedTime::parse_rfc3339("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ZonedTime::parse_rfc3339("2026-03-02T10:12:00"));  // no offset
  EXPECT_FALSE(ZonedTime::parse_rfc3339("tomorrow"));
  EXPECT_FALSE(ZonedTime::parse_rfc3339("2026-03-02T25:00:00Z"));
  EXPECT_TRUE(ZonedTime::parse_rfc3339("2026-03-02"));
}
