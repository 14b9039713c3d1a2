// RFC 3339 formatting and parsing. (RFC 5322 dates are parsed in mail/date_rfc5322.cpp.)
#include <cctype>
#include <cstdio>

#include "courtois/time.hpp"

namespace courtois {

using namespace std::chrono;

std::string ZonedTime::rfc3339() const {
  auto local_time = local();
  auto day = floor<days>(local_time);
  year_month_day ymd{day};
  hh_mm_ss hms{local_time - day};
  int off = offset_minutes;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02d:%02d", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()), sign, off / 60, off % 60);
  return buf;
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<ZonedTime> ZonedTime::parse_rfc3339(std::string_view s) {
  int y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  int h = 0, mi = 0, se = 0, off = 0;
  std::size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
      }
    }
    if (pos >= s.size()) return std::nullopt;  // a time needs its offset
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!digits(s, mpos, 2, om)) return std::nullopt;
      off = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
      pos = mpos + 2;
    } else {
      return std::nullopt;
    }
    if (pos != s.size() || h > 23 || mi > 59 || se > 60 || off < -18 * 60 || off > 18 * 60)
      return std::nullopt;
  }
  local_seconds local = local_days{ymd} + hours{h} + minutes{mi} + seconds{se};
  return ZonedTime::from_local(local, off);
}

}  // namespace courtois
