// The waiting-time clock: business hours in a time zone (weekly hours, holidays), the
// waiting-time policy of rules/waiting/ (targets, per-client overrides, early warning, paused
// clock) and the waiting state of one thread. Shared by the waiting plugin (`courtois
// threads`) and the thread store (the service's GET /v1/waiting): one arithmetic, one policy.
//
// Who owes the next message (compute_waiting):
//   - automatic mail (auto-replies, out-of-office, lists, bounces, no-reply) is ignored;
//   - the last person-written message is the client's: "us", since the first client message
//     after our last reply (an earlier reply of ours does not stop a new wait); the target is
//     the first-response target when we never wrote in the thread, else the follow-up target;
//   - the last message is ours and asks the client something (a question or request): "client";
//     our clock is paused while the client owes the next message;
//   - the last message is ours and asks nothing: it closes the exchange, "nobody";
//   - a client message that only acknowledges ("merci", "thanks", see acknowledgements in the
//     policy) after our reply does not reopen the wait.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/result.hpp"
#include "courtois/rules.hpp"
#include "courtois/time.hpp"

namespace courtois {

// Minutes since local midnight, [start, end); end may be 1440 (midnight of the next day).
struct OpeningHours {
  int start = 0, end = 0;
};

// Business hours in one IANA time zone. Arithmetic is done on real elapsed time: a business
// interval that spans a DST change counts the hours that really passed.
class BusinessCalendar {
 public:
  // Fails when the zone is unknown to the system tz database.
  static Result<BusinessCalendar> create(std::string time_zone);

  const std::string& time_zone() const { return zone_name_; }
  // weekday: 0 = Sunday … 6 = Saturday (C tm_wday). Overlapping intervals are merged.
  void set_hours(int weekday, std::vector<OpeningHours> hours);
  const std::vector<OpeningHours>& hours(int weekday) const { return week_[weekday]; }
  // A local calendar date ("YYYY-MM-DD") with no business hours.
  void add_holiday(std::chrono::sys_days local_date) { holidays_.insert(local_date); }
  bool is_holiday(std::chrono::sys_days local_date) const { return holidays_.count(local_date); }

  // Seconds of business time in [from, to); 0 when to <= from.
  std::chrono::seconds business_time(std::chrono::sys_seconds from,
                                     std::chrono::sys_seconds to) const;
  // The instant when `amount` of business time has passed since `from`; nullopt when the
  // calendar has no business hours within ten years.
  std::optional<std::chrono::sys_seconds> add_business_time(std::chrono::sys_seconds from,
                                                            std::chrono::seconds amount) const;
  // Whether this instant falls in business hours (what the brute-force tests count).
  bool in_business_hours(std::chrono::sys_seconds t) const;
  // UTC offset in minutes at this instant in the calendar's zone (to write local times).
  int offset_minutes(std::chrono::sys_seconds t) const;
  ZonedTime zoned(std::chrono::sys_seconds t) const { return ZonedTime{t, offset_minutes(t)}; }

 private:
  std::string zone_name_;
  const void* zone_ = nullptr;  // const date::time_zone*, kept out of this header
  std::vector<OpeningHours> week_[7];
  std::set<std::chrono::sys_days> holidays_;
};

// A per-client target (VIP lists, domains, addresses).
struct WaitingOverride {
  std::string name;                 // for the reason: "vip", "acme.fr"
  std::set<std::string> addresses;  // lower case
  std::set<std::string> domains;    // lower case, without '@'
  std::optional<double> first_response_hours, follow_up_hours;
  std::string rule;  // "waiting/policy.json:42"

  bool matches(std::string_view address) const;
};

struct WaitingPolicy {
  BusinessCalendar calendar;
  std::vector<std::string> calendars;  // holiday calendars selected (names)
  double first_response_hours = 8;
  double follow_up_hours = 16;
  // Early warning: when business hours waited reach target * fraction, or target - hours.
  std::optional<double> warning_fraction;
  std::optional<double> warning_hours_before;
  bool pause_while_client_owes = true;
  std::vector<WaitingOverride> overrides;  // first match wins (file order)
  // Lower-case phrases; a short client message made only of these does not reopen a wait.
  std::vector<std::string> acknowledgements;
  std::string source;  // the file it came from

  const WaitingOverride* override_for(std::string_view address) const;
  double warning_threshold(double target_hours) const;
};

// Loads the policy from the rule set of the waiting plugin: one file with a "policy" object
// (policy.json) and any number of files with "calendars" (holidays by calendar name).
// Errors are "file:line: field: problem"; a policy is returned only when there are none.
std::optional<WaitingPolicy> load_waiting_policy(const RuleSet& rules,
                                                 std::vector<RuleError>& errors);
// Loads a policy file given on the command line (--policy FILE). Its calendars may be defined
// in the file itself; calendars it names but does not define are taken from `shipped`
// (the waiting plugin's rule set), when given.
std::optional<WaitingPolicy> load_waiting_policy_file(const std::filesystem::path& file,
                                                      const RuleSet* shipped,
                                                      std::vector<RuleError>& errors);

// One message of a thread as the clock sees it.
struct WaitingEvent {
  std::string id;
  std::optional<ZonedTime> date;
  bool outgoing = false;
  bool automatic = false;
  std::string from_address;  // lower case
  bool asks = false;         // carries a question or request
  std::string text;          // new text (to recognise a bare acknowledgement)
  // From thread analysis: every question of the message was settled (a later message of the
  // client took it back, or a reply answered it); the message took back a question of the
  // client's ("Never mind about the invoice, I found it"); its tone is tense or hostile.
  bool settled = false;
  bool takes_back = false;
  bool tense = false;
};

struct WaitingState {
  std::string on = "nobody";  // us | client | nobody
  std::optional<ZonedTime> since;
  double business_hours = 0;
  std::optional<double> target_hours;
  std::optional<ZonedTime> due;
  bool breached = false;
  bool warning = false;
  bool paused = false;        // our clock is paused (the client owes the next message)
  std::string kind;           // first_response | follow_up (when on us)
  std::string message_id;     // the message that started the wait
  std::string client;         // the client address the target was chosen for
  std::string override_name;  // the override that set the target, if any
  std::string reason;         // for people

  nlohmann::json to_json() const;
};

// Events in date order (undated ones are ignored). `now` defaults to the system clock.
WaitingState compute_waiting(const WaitingPolicy& policy, const std::vector<WaitingEvent>& events,
                             std::optional<ZonedTime> now);
// The part of the state that depends on `now` (business hours waited, breach, warning),
// for a stored state whose on/since/target/due are known.
void refresh_waiting(const WaitingPolicy& policy, WaitingState& state, ZonedTime now);

// "HH:MM-HH:MM" -> OpeningHours; nullopt when malformed.
std::optional<OpeningHours> parse_opening_hours(std::string_view text);

}  // namespace courtois
