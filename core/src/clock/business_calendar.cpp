// Business-hours arithmetic on the system tz database (howardhinnant date, USE_OS_TZDB).
// Each local business interval of a day is converted to UTC on its own, so a day with a DST
// change counts the hours that really passed; the brute-force tests count UTC minutes whose
// local time falls inside business hours, and the two must agree.
#include <algorithm>
#include <exception>

#include <date/tz.h>

#include "courtois/clock.hpp"

namespace courtois {

namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

const date::time_zone* zone_of(const void* p) {
  return static_cast<const date::time_zone*>(p);
}

// Local calendar day (as a sys_days count) of an instant.
sys_days local_day(const date::time_zone* zone, sys_seconds t) {
  auto local = zone->to_local(date::sys_seconds{t.time_since_epoch()});
  return sys_days{date::floor<date::days>(local).time_since_epoch()};
}

// UTC instant of a local time of day on a local day. In a DST gap the local time does not
// exist and maps to the transition; an ambiguous time takes its first occurrence.
sys_seconds to_utc(const date::time_zone* zone, sys_days day, int minute_of_day) {
  auto local = date::local_seconds{day.time_since_epoch() + minutes{minute_of_day}};
  auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return sys_seconds{info.second.begin.time_since_epoch()};
  }
  return sys_seconds{local.time_since_epoch() - info.first.offset};
}

int weekday_of(sys_days day) {
  return static_cast<int>(date::weekday{date::sys_days{day.time_since_epoch()}}.c_encoding());
}

constexpr int max_days_searched = 3660;  // ten years

}  // namespace

Result<BusinessCalendar> BusinessCalendar::create(std::string time_zone) {
  BusinessCalendar calendar;
  try {
    calendar.zone_ = date::locate_zone(time_zone);
  } catch (const std::exception& e) {
    return make_error(Errc::bad_input, "unknown time zone \"" + time_zone +
                                           "\" (expected an IANA name such as Europe/Paris)");
  }
  calendar.zone_name_ = std::move(time_zone);
  return calendar;
}

void BusinessCalendar::set_hours(int weekday, std::vector<OpeningHours> hours) {
  std::sort(hours.begin(), hours.end(),
            [](const OpeningHours& a, const OpeningHours& b) { return a.start < b.start; });
  std::vector<OpeningHours> merged;
  for (const auto& h : hours) {
    if (h.end <= h.start) continue;
    if (!merged.empty() && h.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, h.end);
    } else {
      merged.push_back(h);
    }
  }
  week_[weekday] = std::move(merged);
}

namespace {

// Local-to-UTC conversion for consecutive days: one tz lookup per offset period instead of one
// per opening span (a wait of months is refreshed on every GET /v1/waiting). A day that holds a
// transition falls back to to_utc for each span.
class DayConverter {
 public:
  explicit DayConverter(const date::time_zone* zone) : zone_(zone) {}
  // Whether the whole local day [day, day + 1) maps to UTC with one offset; sets offset().
  bool uniform(sys_days day) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (valid_) {
        auto start = sys_seconds{day.time_since_epoch()} - info_.offset;
        auto end = start + days{1};
        if (start >= sys_seconds{info_.begin.time_since_epoch()} &&
            end <= sys_seconds{info_.end.time_since_epoch()}) {
          return true;
        }
      }
      auto guess = sys_seconds{day.time_since_epoch()} - (valid_ ? info_.offset : seconds{0});
      info_ = zone_->get_info(date::sys_seconds{guess.time_since_epoch()});
      valid_ = true;
    }
    return false;
  }
  seconds offset() const { return info_.offset; }

 private:
  const date::time_zone* zone_;
  date::sys_info info_{};
  bool valid_ = false;
};

}  // namespace

seconds BusinessCalendar::business_time(sys_seconds from, sys_seconds to) const {
  if (to <= from || !zone_) return seconds{0};
  const auto* zone = zone_of(zone_);
  seconds total{0};
  DayConverter convert(zone);
  const sys_days last = local_day(zone, to);
  for (sys_days day = local_day(zone, from); day <= last; day += days{1}) {
    if (holidays_.count(day)) continue;
    const auto& spans = week_[weekday_of(day)];
    if (spans.empty()) continue;
    const bool uniform = convert.uniform(day);
    for (const auto& h : spans) {
      sys_seconds span_start, span_end;
      if (uniform && h.end < 24 * 60) {
        span_start = sys_seconds{day.time_since_epoch() + minutes{h.start}} - convert.offset();
        span_end = sys_seconds{day.time_since_epoch() + minutes{h.end}} - convert.offset();
      } else {
        span_start = to_utc(zone, day, h.start);
        span_end = to_utc(zone, day, h.end);
      }
      const auto start = std::max(from, span_start);
      const auto end = std::min(to, span_end);
      if (end > start) total += end - start;
    }
  }
  return total;
}

std::optional<sys_seconds> BusinessCalendar::add_business_time(sys_seconds from,
                                                               seconds amount) const {
  if (!zone_) return std::nullopt;
  if (amount <= seconds{0}) return from;
  const auto* zone = zone_of(zone_);
  seconds left = amount;
  sys_days day = local_day(zone, from);
  for (int i = 0; i < max_days_searched; ++i, day += days{1}) {
    if (holidays_.count(day)) continue;
    for (const auto& h : week_[weekday_of(day)]) {
      const auto start = std::max(from, to_utc(zone, day, h.start));
      const auto end = to_utc(zone, day, h.end);
      if (end <= start) continue;
      if (end - start >= left) return start + left;
      left -= end - start;
    }
  }
  return std::nullopt;
}

bool BusinessCalendar::in_business_hours(sys_seconds t) const {
  if (!zone_) return false;
  const auto* zone = zone_of(zone_);
  auto local = zone->to_local(date::sys_seconds{t.time_since_epoch()});
  auto day_start = date::floor<date::days>(local);
  sys_days day{day_start.time_since_epoch()};
  if (holidays_.count(day)) return false;
  const int minute =
      static_cast<int>(std::chrono::duration_cast<minutes>(local - day_start).count());
  for (const auto& h : week_[weekday_of(day)]) {
    if (minute >= h.start && minute < h.end) return true;
  }
  return false;
}

int BusinessCalendar::offset_minutes(sys_seconds t) const {
  if (!zone_) return 0;
  auto info = zone_of(zone_)->get_info(date::sys_seconds{t.time_since_epoch()});
  return static_cast<int>(std::chrono::duration_cast<minutes>(info.offset).count());
}

std::optional<OpeningHours> parse_opening_hours(std::string_view text) {
  // "HH:MM-HH:MM", 24:00 allowed as an end.
  auto parse_time = [](std::string_view t) -> std::optional<int> {
    if (t.size() != 5 || t[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4}) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
    }
    int h = (t[0] - '0') * 10 + (t[1] - '0');
    int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
  };
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto start = parse_time(text.substr(0, dash));
  auto end = parse_time(text.substr(dash + 1));
  if (!start || !end || *end <= *start || *start >= 24 * 60) return std::nullopt;
  return OpeningHours{*start, *end};
}

}  // namespace courtois
