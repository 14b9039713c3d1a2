// The waiting-time policy: the shipped rules load, bad files name file, line and field, and
// one thread per rule (automatic mail, VIP override, paused clock, early warning, breach,
// follow-up after an earlier reply, acknowledgement).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "courtois/clock.hpp"

using namespace courtois;
namespace fs = std::filesystem;

namespace {

ZonedTime t(const char* rfc3339) {
  return ZonedTime::parse_rfc3339(rfc3339).value();
}

RuleSet shipped_rules(std::vector<RuleError>& errors) {
  return load_rule_set("waiting", fs::path(COURTOIS_SOURCE_DIR) / "rules", std::nullopt, errors);
}

fs::path write_temp(const std::string& name, const std::string& text) {
  auto dir = fs::temp_directory_path() / ("courtois-waiting-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

// A small office: Paris, 9-12 and 14-18 on weekdays, French holidays, 8 h / 16 h targets,
// early warning at 75 %, VIP clients answered within 2 h / 4 h.
const char* test_policy = R"({
  // test policy
  "policy": {
    "time_zone": "Europe/Paris",
    "business_hours": {
      "monday": ["09:00-12:00", "14:00-18:00"], "tuesday": ["09:00-12:00", "14:00-18:00"],
      "wednesday": ["09:00-12:00", "14:00-18:00"], "thursday": ["09:00-12:00", "14:00-18:00"],
      "friday": ["09:00-12:00", "14:00-18:00"]
    },
    "calendars": ["france"],
    "first_response_hours": 8,
    "follow_up_hours": 16,
    "early_warning": {"fraction": 0.75},
    "pause_while_client_owes": true,
    "acknowledgements_list": "acknowledgements"
  },
  "overrides": [
    {"name": "vip", "list": "vip", "first_response_hours": 2, "follow_up_hours": 4},
    {"name": "acme", "domains": ["acme.fr"], "first_response_hours": 4}
  ],
  "lists": {"vip": ["boss@bigclient.com", "@vip.example"]}
})";

class WaitingRules : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<RuleError> errors;
    rules_ = shipped_rules(errors);
    ASSERT_TRUE(errors.empty()) << errors[0].to_string();
    auto p = load_waiting_policy_file(write_temp("policy.json", test_policy), &rules_, errors);
    ASSERT_TRUE(p) << (errors.empty() ? "" : errors[0].to_string());
    policy_.emplace(std::move(*p));
  }

  static WaitingEvent in(const char* id, const char* date, const char* from = "client@example.com",
                         bool asks = true, const char* text = "Pouvez-vous m'aider ?") {
    return WaitingEvent{id, t(date), false, false, from, asks, text};
  }
  static WaitingEvent out(const char* id, const char* date, bool asks = false) {
    return WaitingEvent{id, t(date), true, false, "me@office.fr", asks, "Voici la réponse."};
  }

  RuleSet rules_;
  std::optional<WaitingPolicy> policy_;
};

}  // namespace

TEST(WaitingPolicyFiles, ShippedPolicyLoads) {
  std::vector<RuleError> errors;
  auto rules = shipped_rules(errors);
  auto policy = load_waiting_policy(rules, errors);
  for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->calendar.time_zone(), "Europe/Paris");
  EXPECT_EQ(policy->first_response_hours, 8);
  // Whit Monday 2027 and Christmas 2026 are closed; a normal Monday is not.
  using namespace std::chrono;
  EXPECT_TRUE(policy->calendar.is_holiday(sys_days{2027y / May / 17}));
  EXPECT_TRUE(policy->calendar.is_holiday(sys_days{2026y / December / 25}));
  EXPECT_FALSE(policy->calendar.is_holiday(sys_days{2026y / March / 2}));
  ASSERT_FALSE(policy->overrides.empty());
  EXPECT_EQ(policy->overrides[0].name, "vip");
}

TEST(WaitingPolicyFiles, MoroccoCalendarSelectable) {
  std::vector<RuleError> errors;
  auto rules = shipped_rules(errors);
  std::string text = test_policy;
  text.replace(text.find("Europe/Paris"), 12, "Africa/Casablanca");
  text.replace(text.find("[\"france\"]"), 10, "[\"morocco\"]");
  auto policy = load_waiting_policy_file(write_temp("ma.json", text), &rules, errors);
  ASSERT_TRUE(policy) << errors[0].to_string();
  using namespace std::chrono;
  EXPECT_TRUE(policy->calendar.is_holiday(sys_days{2026y / March / 20}));  // Aïd Al Fitr
  EXPECT_TRUE(policy->calendar.is_holiday(sys_days{2027y / July / 30}));   // Fête du Trône
  EXPECT_FALSE(policy->calendar.is_holiday(sys_days{2026y / July / 14}));  // French only
}

TEST(WaitingPolicyFiles, ErrorsNameFileLineAndField) {
  std::vector<RuleError> errors;
  auto rules = shipped_rules(errors);
  auto path = write_temp("bad.json", R"({
  "policy": {
    "time_zone": "Europe/Paris",
    "business_hours": {"monday": ["09:00-12:00", "18:00-14:00"], "funday": []},
    "calendars": ["narnia"],
    "first_response_hours": -3,
    "early_warning": {"fraction": 0.5, "hours_before": 2}
  },
  "overrides": [{"name": "x", "first_response_hours": 1}]
})");
  auto policy = load_waiting_policy_file(path, &rules, errors);
  EXPECT_FALSE(policy);
  std::string all;
  for (const auto& e : errors) all += e.to_string() + "\n";
  EXPECT_NE(all.find("bad.json:4: /policy/business_hours/monday/1: \"18:00-14:00\""),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("funday"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.json:5: /policy/calendars: unknown holiday calendar \"narnia\""),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.json:6: /policy/first_response_hours"), std::string::npos) << all;
  EXPECT_NE(all.find("early_warning"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.json:9: /overrides/0/domains"), std::string::npos) << all;
}

TEST(WaitingPolicyFiles, UnknownTimeZone) {
  std::vector<RuleError> errors;
  std::string text = test_policy;
  text.replace(text.find("Europe/Paris"), 12, "Mars/Olympus");
  auto policy = load_waiting_policy_file(write_temp("tz.json", text), nullptr, errors);
  EXPECT_FALSE(policy);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].to_string().find("/policy/time_zone: unknown time zone \"Mars/Olympus\""),
            std::string::npos)
      << errors[0].to_string();
}

TEST(WaitingPolicyFiles, MissingFile) {
  std::vector<RuleError> errors;
  EXPECT_FALSE(load_waiting_policy_file("/nonexistent/policy.json", nullptr, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].to_string().find("/nonexistent/policy.json"), std::string::npos);
}

// --- one thread per rule ---------------------------------------------------------------------

TEST_F(WaitingRules, FirstResponseWaitsOnUs) {
  // Monday 2 March 2026 10:00 Paris; now Monday 16:00: 2 h + 2 h = 4 business hours.
  auto s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00")},
                           t("2026-03-02T16:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  EXPECT_EQ(s.kind, "first_response");
  EXPECT_EQ(s.since->rfc3339(), "2026-03-02T10:00:00+01:00");
  EXPECT_DOUBLE_EQ(s.business_hours, 4);
  EXPECT_EQ(*s.target_hours, 8);
  // 8 h from Monday 10:00: 2 h + 4 h Monday, 2 h Tuesday morning -> Tuesday 11:00.
  EXPECT_EQ(s.due->rfc3339(), "2026-03-03T11:00:00+01:00");
  EXPECT_FALSE(s.breached);
  EXPECT_FALSE(s.warning);
  auto j = s.to_json();
  EXPECT_EQ(j["on"], "us");
  EXPECT_EQ(j["target_hours"], 8);
  EXPECT_FALSE(j["reason"].get<std::string>().empty());
}

TEST_F(WaitingRules, EarlyWarningThenBreach) {
  std::vector<WaitingEvent> thread{in("a", "2026-03-02T10:00:00+01:00")};
  // 6 h waited (75 % of 8): warning, not breached.
  auto s = compute_waiting(*policy_, thread, t("2026-03-03T09:00:00+01:00"));
  EXPECT_DOUBLE_EQ(s.business_hours, 6);
  EXPECT_TRUE(s.warning);
  EXPECT_FALSE(s.breached);
  // Just before the due time, still a warning; at it, a breach.
  s = compute_waiting(*policy_, thread, t("2026-03-03T10:59:00+01:00"));
  EXPECT_TRUE(s.warning);
  EXPECT_FALSE(s.breached);
  s = compute_waiting(*policy_, thread, t("2026-03-03T11:00:00+01:00"));
  EXPECT_TRUE(s.breached);
  EXPECT_FALSE(s.warning);
  EXPECT_NE(s.reason.find("breached"), std::string::npos);
}

TEST_F(WaitingRules, WeekendAndHolidayDoNotCount) {
  // Thursday 30 April 2026 17:00; Friday 1 May is a holiday, then the weekend.
  auto s = compute_waiting(*policy_, {in("a", "2026-04-30T17:00:00+02:00")},
                           t("2026-05-04T09:00:00+02:00"));
  EXPECT_DOUBLE_EQ(s.business_hours, 1);
  EXPECT_EQ(s.due->rfc3339(), "2026-05-04T18:00:00+02:00");  // 1 + 3 + 4 = 8 h
}

TEST_F(WaitingRules, AutomaticMailNeverWaits) {
  auto bounce = in("a", "2026-03-02T10:00:00+01:00", "mailer-daemon@example.com");
  bounce.automatic = true;
  auto s = compute_waiting(*policy_, {bounce}, t("2026-03-10T10:00:00+01:00"));
  EXPECT_EQ(s.on, "nobody");
  EXPECT_FALSE(s.breached);
  // An out-of-office after our reply does not reopen the thread either.
  auto ooo = in("c", "2026-03-02T12:00:00+01:00", "client@example.com", false, "Je suis absent");
  ooo.automatic = true;
  s = compute_waiting(
      *policy_, {in("a", "2026-03-02T09:00:00+01:00"), out("b", "2026-03-02T11:00:00+01:00"), ooo},
      t("2026-03-10T10:00:00+01:00"));
  EXPECT_EQ(s.on, "nobody");
  EXPECT_EQ(s.message_id, "b");
}

TEST_F(WaitingRules, VipOverrideTightensTheTarget) {
  auto s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00", "Boss@BigClient.com")},
                           t("2026-03-02T11:30:00+01:00"));
  EXPECT_EQ(*s.target_hours, 2);
  EXPECT_EQ(s.override_name, "vip");
  EXPECT_TRUE(s.warning);  // 1.5 of 2 h
  EXPECT_EQ(s.due->rfc3339(), "2026-03-02T12:00:00+01:00");
  // A domain of the list covers its subdomains.
  s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00", "x@eu.vip.example")},
                      t("2026-03-02T14:30:00+01:00"));
  EXPECT_EQ(s.override_name, "vip");
  EXPECT_TRUE(s.breached);
  // A domain override; somebody else keeps the default.
  s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00", "jane@acme.fr")},
                      t("2026-03-02T11:00:00+01:00"));
  EXPECT_EQ(*s.target_hours, 4);
  s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00", "jane@notacme.fr")},
                      t("2026-03-02T11:00:00+01:00"));
  EXPECT_EQ(*s.target_hours, 8);
  EXPECT_TRUE(s.override_name.empty());
}

TEST_F(WaitingRules, PausedClockWhileTheClientOwes) {
  // We asked the client something: the client owes, our clock stops.
  std::vector<WaitingEvent> thread{in("a", "2026-03-02T10:00:00+01:00"),
                                   out("b", "2026-03-02T11:00:00+01:00", /*asks=*/true)};
  auto s = compute_waiting(*policy_, thread, t("2026-03-20T10:00:00+01:00"));
  EXPECT_EQ(s.on, "client");
  EXPECT_TRUE(s.paused);
  EXPECT_FALSE(s.breached);
  EXPECT_FALSE(s.target_hours);
  EXPECT_EQ(s.since->rfc3339(), "2026-03-02T11:00:00+01:00");
  // The client answers ten days later: a follow-up wait starts at their reply, the paused
  // days do not count against us.
  thread.push_back(in("c", "2026-03-12T10:00:00+01:00"));
  s = compute_waiting(*policy_, thread, t("2026-03-12T12:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  EXPECT_EQ(s.kind, "follow_up");
  EXPECT_DOUBLE_EQ(s.business_hours, 2);
  EXPECT_EQ(*s.target_hours, 16);
  EXPECT_EQ(s.message_id, "c");
}

TEST_F(WaitingRules, ClockRunsWhenPauseIsOff) {
  policy_->pause_while_client_owes = false;
  std::vector<WaitingEvent> thread{in("a", "2026-03-02T10:00:00+01:00"),
                                   out("b", "2026-03-02T11:00:00+01:00", /*asks=*/true),
                                   in("c", "2026-03-03T10:00:00+01:00")};
  auto s = compute_waiting(*policy_, thread, t("2026-03-03T12:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  EXPECT_EQ(s.message_id, "a");  // from the first unanswered client message
  EXPECT_EQ(s.kind, "first_response");
  EXPECT_DOUBLE_EQ(s.business_hours, 9);
  EXPECT_TRUE(s.breached);
}

TEST_F(WaitingRules, WaitsOnUsAgainAfterAnEarlierReply) {
  std::vector<WaitingEvent> thread{in("a", "2026-03-02T10:00:00+01:00"),
                                   out("b", "2026-03-02T11:00:00+01:00"),
                                   in("c", "2026-03-04T09:00:00+01:00", "client@example.com", true,
                                      "Et pour la facture, vous pouvez la renvoyer ?"),
                                   in("d", "2026-03-04T15:00:00+01:00")};
  auto s = compute_waiting(*policy_, thread, t("2026-03-05T09:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  EXPECT_EQ(s.kind, "follow_up");
  EXPECT_EQ(s.message_id, "c");  // the first client message after our reply
  EXPECT_DOUBLE_EQ(s.business_hours, 7);
}

TEST_F(WaitingRules, ClosingReplyMeansNobody) {
  auto s = compute_waiting(
      *policy_, {in("a", "2026-03-02T10:00:00+01:00"), out("b", "2026-03-02T11:00:00+01:00")},
      t("2026-03-20T10:00:00+01:00"));
  EXPECT_EQ(s.on, "nobody");
  EXPECT_FALSE(s.breached);
}

TEST_F(WaitingRules, AcknowledgementDoesNotReopen) {
  std::vector<WaitingEvent> thread{in("a", "2026-03-02T10:00:00+01:00"),
                                   out("b", "2026-03-02T11:00:00+01:00"),
                                   in("c", "2026-03-02T12:00:00+01:00", "client@example.com", false,
                                      "Merci beaucoup, bonne journée !\nMarie")};
  auto s = compute_waiting(*policy_, thread, t("2026-03-10T10:00:00+01:00"));
  EXPECT_EQ(s.on, "nobody");
  // "Merci, mais je n'ai toujours rien reçu" is not an acknowledgement.
  thread.back().text = "Merci, mais je n'ai toujours rien reçu depuis lundi.";
  s = compute_waiting(*policy_, thread, t("2026-03-03T10:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  // Case, accents and typographic apostrophes do not matter; a negation left over is no
  // first name ("Pas d'accord.", "Not OK."); "merci d'avance" expects something.
  thread.back().text = "Thank you for the quick reply, much appreciated.\nJohn";
  EXPECT_EQ(compute_waiting(*policy_, thread, t("2026-03-03T10:00:00+01:00")).on, "nobody");
  thread.back().text = "C\u2019est not\u00e9, merci !";
  EXPECT_EQ(compute_waiting(*policy_, thread, t("2026-03-03T10:00:00+01:00")).on, "nobody");
  for (const char* text : {"Pas d'accord.", "Not OK.", "Merci d\u2019avance."}) {
    thread.back().text = text;
    EXPECT_EQ(compute_waiting(*policy_, thread, t("2026-03-03T10:00:00+01:00")).on, "us") << text;
  }
  // A first message that only says thanks still waits: we never replied.
  s = compute_waiting(*policy_,
                      {in("a", "2026-03-02T10:00:00+01:00", "client@example.com", false, "Merci")},
                      t("2026-03-02T11:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
}

// The client took back every question of the wait ("Never mind about the invoice, I found it"):
// nothing is owed. Not when a question is still open, when a message of the wait says
// something else, or when one is tense.
TEST_F(WaitingRules, TakingBackEveryQuestionClosesTheWait) {
  std::vector<WaitingEvent> thread{
      in("a", "2026-03-02T10:00:00+01:00"),
      in("b", "2026-03-02T11:00:00+01:00", "client@example.com", false,
         "Never mind about the invoice, I found it. Sorry for the trouble!")};
  thread[0].settled = true;
  thread[1].takes_back = true;
  auto s = compute_waiting(*policy_, thread, t("2026-03-05T10:00:00+01:00"));
  EXPECT_EQ(s.on, "nobody");
  EXPECT_FALSE(s.breached);
  EXPECT_EQ(s.message_id, "b");
  EXPECT_NE(s.reason.find("took back"), std::string::npos) << s.reason;

  auto open = thread;
  open[0].settled = false;  // "...the Saturday question still stands though."
  EXPECT_EQ(compute_waiting(*policy_, open, t("2026-03-05T10:00:00+01:00")).on, "us");
  auto tense = thread;
  tense[0].tense = true;
  EXPECT_EQ(compute_waiting(*policy_, tense, t("2026-03-05T10:00:00+01:00")).on, "us");
  auto statement = thread;
  statement.insert(statement.begin() + 1, in("s", "2026-03-02T10:30:00+01:00", "client@example.com",
                                             false, "The chair arrived with a broken leg."));
  EXPECT_EQ(compute_waiting(*policy_, statement, t("2026-03-05T10:00:00+01:00")).on, "us");
  // A question asked again after the withdrawal waits as any other.
  auto again = thread;
  again.push_back(in("c", "2026-03-02T12:00:00+01:00"));
  EXPECT_EQ(compute_waiting(*policy_, again, t("2026-03-05T10:00:00+01:00")).on, "us");
}

// A message written after `now` is not part of the thread yet: our reply dated tomorrow does
// not answer today's question.
TEST_F(WaitingRules, MessagesAfterNowDoNotCount) {
  auto s = compute_waiting(
      *policy_, {in("a", "2026-03-02T10:00:00+01:00"), out("b", "2026-03-04T10:00:00+01:00")},
      t("2026-03-03T10:00:00+01:00"));
  EXPECT_EQ(s.on, "us");
  EXPECT_EQ(s.message_id, "a");
}

TEST_F(WaitingRules, NowBeforeTheMessage) {
  auto s = compute_waiting(*policy_, {in("a", "2026-03-02T10:00:00+01:00")},
                           t("2026-03-01T10:00:00+01:00"));
  EXPECT_EQ(s.business_hours, 0);
  EXPECT_FALSE(s.breached);
}
