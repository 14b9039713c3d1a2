// Business-hours arithmetic checked against a brute-force count: every UTC minute whose local
// time falls in business hours, on random intervals across weekends, holidays, DST changes
// (Europe/Paris, America/New_York, Africa/Casablanca's Ramadan offset) and time zones.
#include <random>

#include <gtest/gtest.h>

#include "courtois/clock.hpp"

using namespace courtois;
using namespace std::chrono;

namespace {

sys_seconds at(const char* rfc3339) {
  return ZonedTime::parse_rfc3339(rfc3339).value().utc;
}
sys_days ymd(int y, unsigned m, unsigned d) {
  return sys_days{year{y} / month{m} / std::chrono::day{d}};
}

BusinessCalendar office(const char* zone) {
  auto c = BusinessCalendar::create(zone);
  EXPECT_TRUE(c.ok()) << c.error().message;
  auto cal = std::move(c.value());
  for (int wd = 1; wd <= 5; ++wd) cal.set_hours(wd, {{9 * 60, 12 * 60}, {14 * 60, 18 * 60}});
  return cal;
}

long brute_force_minutes(const BusinessCalendar& cal, sys_seconds from, sys_seconds to) {
  long n = 0;
  for (auto t = from; t < to; t += minutes{1}) n += cal.in_business_hours(t);
  return n;
}

void check_random_intervals(const BusinessCalendar& cal, sys_seconds lo, sys_seconds hi, int count,
                            unsigned seed) {
  std::mt19937_64 rng(seed);
  const auto span = duration_cast<minutes>(hi - lo).count();
  std::uniform_int_distribution<long> pick(0, span);
  std::uniform_int_distribution<long> length(0, 60 * 24 * 20);  // up to 20 days
  for (int i = 0; i < count; ++i) {
    auto from = lo + minutes{pick(rng)};
    auto to = from + minutes{length(rng)};
    auto expected = brute_force_minutes(cal, from, to);
    auto got = duration_cast<minutes>(cal.business_time(from, to)).count();
    ASSERT_EQ(got, expected) << cal.time_zone() << " from " << ZonedTime{from, 0}.rfc3339()
                             << " to " << ZonedTime{to, 0}.rfc3339();
    // Adding back the business time counted reaches the last business minute of the span.
    if (expected > 0) {
      auto due = cal.add_business_time(from, minutes{expected});
      ASSERT_TRUE(due.has_value());
      EXPECT_LE(*due, to);
      EXPECT_EQ(brute_force_minutes(cal, from, *due), expected);
    }
  }
}

}  // namespace

TEST(BusinessCalendar, UnknownZoneIsAnError) {
  auto c = BusinessCalendar::create("Europe/Atlantis");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("Europe/Atlantis"), std::string::npos);
}

TEST(BusinessCalendar, SplitDayAndWeekend) {
  auto cal = office("Europe/Paris");
  // Friday 2026-03-06 17:00 (+01:00) to Monday 10:30: 1 h Friday (17-18) + 1.5 h Monday.
  auto got = cal.business_time(at("2026-03-06T17:00:00+01:00"), at("2026-03-09T10:30:00+01:00"));
  EXPECT_EQ(got, minutes{150});
  // The lunch break does not count.
  EXPECT_EQ(cal.business_time(at("2026-03-09T11:00:00+01:00"), at("2026-03-09T15:00:00+01:00")),
            minutes{120});
  EXPECT_EQ(cal.business_time(at("2026-03-09T15:00:00+01:00"), at("2026-03-09T11:00:00+01:00")),
            seconds{0});
}

TEST(BusinessCalendar, HolidayIsClosed) {
  auto cal = office("Europe/Paris");
  cal.add_holiday(ymd(2026, 5, 1));  // Friday, Fête du Travail
  // Thursday 30 April 17:00 to Monday 4 May 10:00: 1 h + 1 h.
  EXPECT_EQ(cal.business_time(at("2026-04-30T17:00:00+02:00"), at("2026-05-04T10:00:00+02:00")),
            hours{2});
  auto due = cal.add_business_time(at("2026-04-30T17:00:00+02:00"), hours{2});
  ASSERT_TRUE(due);
  EXPECT_EQ(cal.zoned(*due).rfc3339(), "2026-05-04T10:00:00+02:00");
}

TEST(BusinessCalendar, DueTimeCarriesAcrossDaysInLocalTime) {
  auto cal = office("Europe/Paris");
  // 8 business hours from Friday 2026-03-27 16:00: 2 h Friday, then Monday 30 March (after the
  // switch to summer time) 9-12 and 14-17.
  auto due = cal.add_business_time(at("2026-03-27T16:00:00+01:00"), hours{8});
  ASSERT_TRUE(due);
  EXPECT_EQ(cal.zoned(*due).rfc3339(), "2026-03-30T17:00:00+02:00");
}

TEST(BusinessCalendar, DstDaysAroundTheClock) {
  // A 24 h calendar counts the real length of the DST days: 23 h in March, 25 h in October.
  auto c = BusinessCalendar::create("Europe/Paris");
  ASSERT_TRUE(c.ok());
  auto cal = std::move(c.value());
  for (int wd = 0; wd < 7; ++wd) cal.set_hours(wd, {{0, 24 * 60}});
  EXPECT_EQ(cal.business_time(at("2026-03-29T00:00:00+01:00"), at("2026-03-30T00:00:00+02:00")),
            hours{23});
  EXPECT_EQ(cal.business_time(at("2026-10-25T00:00:00+02:00"), at("2026-10-26T00:00:00+01:00")),
            hours{25});
  check_random_intervals(cal, at("2026-03-20T00:00:00Z"), at("2026-04-05T00:00:00Z"), 40, 7);
  check_random_intervals(cal, at("2026-10-15T00:00:00Z"), at("2026-11-01T00:00:00Z"), 40, 8);
}

TEST(BusinessCalendar, NightShiftAcrossDstGap) {
  // Opening spans that contain the missing (March) and the repeated (October) hour.
  auto c = BusinessCalendar::create("Europe/Paris");
  ASSERT_TRUE(c.ok());
  auto cal = std::move(c.value());
  for (int wd = 0; wd < 7; ++wd) cal.set_hours(wd, {{60, 5 * 60}, {22 * 60, 24 * 60}});
  check_random_intervals(cal, at("2026-03-25T00:00:00Z"), at("2026-04-02T00:00:00Z"), 40, 11);
  check_random_intervals(cal, at("2026-10-21T00:00:00Z"), at("2026-10-30T00:00:00Z"), 40, 12);
}

TEST(BusinessCalendar, BruteForceParisWithHolidays) {
  auto cal = office("Europe/Paris");
  for (auto d : {ymd(2026, 4, 6), ymd(2026, 5, 1), ymd(2026, 5, 8), ymd(2026, 5, 14),
                 ymd(2026, 5, 25), ymd(2026, 11, 1), ymd(2026, 11, 11), ymd(2026, 12, 25)}) {
    cal.add_holiday(d);
  }
  check_random_intervals(cal, at("2026-03-01T00:00:00Z"), at("2026-06-01T00:00:00Z"), 60, 1);
  check_random_intervals(cal, at("2026-10-01T00:00:00Z"), at("2027-01-05T00:00:00Z"), 60, 2);
}

TEST(BusinessCalendar, BruteForceOtherZones) {
  // New York changes on other dates (8 March, 1 November 2026); Casablanca drops to +00:00
  // during Ramadan; Tokyo has no DST; Kolkata has a half-hour offset.
  for (const char* zone : {"America/New_York", "Africa/Casablanca", "Asia/Tokyo", "Asia/Kolkata"}) {
    auto cal = office(zone);
    check_random_intervals(cal, at("2026-02-01T00:00:00Z"), at("2026-04-15T00:00:00Z"), 25, 3);
    check_random_intervals(cal, at("2026-10-15T00:00:00Z"), at("2026-11-15T00:00:00Z"), 25, 4);
  }
}

TEST(BusinessCalendar, NoBusinessHoursHasNoDueTime) {
  auto c = BusinessCalendar::create("UTC");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->add_business_time(at("2026-03-02T10:00:00+00:00"), hours{1}).has_value());
  EXPECT_EQ(c->business_time(at("2026-03-02T10:00:00+00:00"), at("2026-03-09T10:00:00+00:00")),
            seconds{0});
}

TEST(OpeningHours, Parse) {
  auto h = parse_opening_hours("09:00-12:30");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->start, 540);
  EXPECT_EQ(h->end, 750);
  EXPECT_TRUE(parse_opening_hours("22:00-24:00"));
  EXPECT_FALSE(parse_opening_hours("12:00-09:00"));
  EXPECT_FALSE(parse_opening_hours("9:00-12:00"));
  EXPECT_FALSE(parse_opening_hours("09:00-25:00"));
  EXPECT_FALSE(parse_opening_hours("09:60-10:00"));
  EXPECT_FALSE(parse_opening_hours("0900-1000"));
}
