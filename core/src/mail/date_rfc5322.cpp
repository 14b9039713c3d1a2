// ZonedTime::parse_rfc5322: the Date header as mailers really write it. Token based, so the
// order may vary (asctime's "Mon Mar  2 10:12:00 2026" reads too); obsolete zone names,
// missing weekday or seconds, two- and three-digit years (RFC 5322 section 4.3), comments.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/time.hpp"
#include "mail/mail_internal.hpp"

namespace courtois {

namespace {

std::optional<int> month_number(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return std::nullopt;
  std::string w = mail::lower_ascii(word.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (w == kMonths[i]) return i + 1;
  return std::nullopt;
}

std::optional<int> zone_minutes(std::string_view word) {
  std::string w = mail::lower_ascii(word);
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr Zone kZones[] = {
      {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"z", 0},      {"est", -300}, {"edt", -240},
      {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
      {"cet", 60},   {"cest", 120}, {"met", 60},   {"mest", 120}, {"bst", 60},   {"wet", 0},
      {"west", 60},  {"eet", 120},  {"eest", 180}, {"jst", 540}};
  for (const auto& z : kZones)
    if (w == z.name) return z.minutes;
  // Military zones: RFC 5322 says to read them as -0000 (unknown), i.e. UTC.
  if (w.size() == 1 && w[0] >= 'a' && w[0] <= 'z' && w[0] != 'j') return 0;
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool parse_clock(std::string_view s, int& h, int& m, int& sec) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() < 4) {
    std::size_t colon = s.find(':', start);
    parts.push_back(
        s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return false;
  std::string_view sec_part = parts.size() == 3 ? parts[2] : std::string_view("0");
  if (auto dot = sec_part.find('.'); dot != std::string_view::npos)
    sec_part = sec_part.substr(0, dot);
  if (!all_digits(parts[0]) || !all_digits(parts[1]) || !all_digits(sec_part)) return false;
  if (parts[0].size() > 2 || parts[1].size() > 2 || sec_part.size() > 2) return false;
  h = to_int(parts[0]);
  m = to_int(parts[1]);
  sec = to_int(sec_part);
  return h <= 23 && m <= 59 && sec <= 60;
}

}  // namespace

std::optional<ZonedTime> ZonedTime::parse_rfc5322(std::string_view text) {
  if (text.size() > 256) text = text.substr(0, 256);
  // Comments out, commas and dashes between date parts ("2-Mar-2026") as separators.
  std::string clean;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(') {
      ++depth;
      continue;
    }
    if (c == ')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0) continue;
    if (c == ',' || c == '\t' || c == '\r' || c == '\n') c = ' ';
    clean.push_back(c);
  }
  std::vector<std::string> tokens;
  std::size_t pos = 0;
  while (pos < clean.size()) {
    std::size_t start = clean.find_first_not_of(' ', pos);
    if (start == std::string::npos) break;
    std::size_t end = clean.find(' ', start);
    if (end == std::string::npos) end = clean.size();
    std::string tok = clean.substr(start, end - start);
    // "2-Mar-2026": split on dashes between a number and a month name.
    if (tok.size() > 4 && tok[0] != '-' && tok[0] != '+' && tok.find('-') != std::string::npos &&
        month_number(tok.substr(tok.find('-') + 1))) {
      std::size_t p = 0;
      while (p <= tok.size()) {
        std::size_t dash = tok.find('-', p);
        if (dash == std::string::npos) dash = tok.size();
        if (dash > p) tokens.push_back(tok.substr(p, dash - p));
        p = dash + 1;
      }
    } else {
      tokens.push_back(std::move(tok));
    }
    pos = end;
  }
  int day = -1, month = -1, year = -1, hour = 0, minute = 0, second = 0;
  bool have_time = false, have_zone = false, pm = false, am = false;
  int offset = 0;
  for (const std::string& tok : tokens) {
    std::string_view t = tok;
    if (!have_time && t.find(':') != std::string_view::npos) {
      if (parse_clock(t, hour, minute, second)) {
        have_time = true;
        continue;
      }
    }
    if (!have_zone && (t[0] == '+' || t[0] == '-') && t.size() >= 5 && all_digits(t.substr(1, 4))) {
      int hh = to_int(t.substr(1, 2)), mm = to_int(t.substr(3, 2));
      if (mm < 60 && hh < 24) {
        offset = (hh * 60 + mm) * (t[0] == '-' ? -1 : 1);
        have_zone = true;
      }
      continue;
    }
    if (all_digits(t)) {
      int v = to_int(t.substr(0, 6));
      if (day < 0 && t.size() <= 2 && v >= 1 && v <= 31) {
        day = v;
      } else if (year < 0 && t.size() <= 4) {
        if (t.size() == 2)
          year = v < 50 ? 2000 + v : 1900 + v;
        else if (t.size() == 3)
          year = 1900 + v;
        else
          year = v < 1000 ? 1900 + v : v;  // "0102": the year-1900 bug of old mailers
      }
      continue;
    }
    // "2002/09/14": an ISO-ordered numeric date some mailers write.
    if (t.size() == 10 && t[4] == '/' && t[7] == '/' && all_digits(t.substr(0, 4)) &&
        all_digits(t.substr(5, 2)) && all_digits(t.substr(8, 2)) && year < 0 && month < 0) {
      year = to_int(t.substr(0, 4));
      month = to_int(t.substr(5, 2));
      day = to_int(t.substr(8, 2));
      if (month < 1 || month > 12) return std::nullopt;
      continue;
    }
    std::string lower = mail::lower_ascii(t);
    if (lower == "am" || lower == "a.m.") {
      am = true;
      continue;
    }
    if (lower == "pm" || lower == "p.m.") {
      pm = true;
      continue;
    }
    if (month < 0) {
      if (auto m = month_number(t); m && t.size() <= 9) {
        month = *m;
        continue;
      }
    }
    if (!have_zone) {
      if (auto z = zone_minutes(t)) {
        offset = *z;
        have_zone = true;
        continue;
      }
    }
  }
  if (day < 0 || month < 0 || year < 0) return std::nullopt;
  if (pm && hour < 12) hour += 12;
  if (am && hour == 12) hour = 0;
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                     std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || year < 1900 || year > 9999) return std::nullopt;
  local_seconds local{local_days{ymd}.time_since_epoch() + hours{hour} + minutes{minute} +
                      seconds{second > 59 ? 59 : second}};
  return ZonedTime::from_local(local, offset);
}

}  // namespace courtois
