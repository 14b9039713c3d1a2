// A point in time with the UTC offset it was written in: message dates, deadlines, --now.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace courtois {

struct ZonedTime {
  std::chrono::sys_seconds utc{};
  int offset_minutes = 0;  // local = utc + offset

  std::chrono::local_seconds local() const {
    return std::chrono::local_seconds{utc.time_since_epoch() +
                                      std::chrono::minutes{offset_minutes}};
  }
  static ZonedTime from_local(std::chrono::local_seconds local, int offset_minutes) {
    return ZonedTime{
        std::chrono::sys_seconds{local.time_since_epoch() - std::chrono::minutes{offset_minutes}},
        offset_minutes};
  }
  // "2026-03-02T10:12:00+01:00" ("Z" for a zero offset is never written: "+00:00").
  std::string rfc3339() const;
  // Accepts "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM)", also with a space for "T";
  // a date alone "YYYY-MM-DD" is midnight with offset 0.
  static std::optional<ZonedTime> parse_rfc3339(std::string_view text);
  // RFC 5322 Date header, lenient: "Mon, 2 Mar 2026 10:12:00 +0100", obsolete zones
  // (GMT, EST, ...), missing weekday or seconds, two-digit years.
  static std::optional<ZonedTime> parse_rfc5322(std::string_view text);

  friend bool operator==(const ZonedTime& a, const ZonedTime& b) { return a.utc == b.utc; }
  friend auto operator<=>(const ZonedTime& a, const ZonedTime& b) { return a.utc <=> b.utc; }
};

}  // namespace courtois
