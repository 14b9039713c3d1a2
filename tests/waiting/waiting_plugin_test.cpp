// The waiting plugin on threads as the engine hands them over: analyses with direction,
// automatic flag, questions; the shipped policy or a --policy file.
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "courtois/plugin.hpp"

namespace courtois {
std::unique_ptr<Plugin> make_waiting_plugin();
}

using namespace courtois;
namespace fs = std::filesystem;

namespace {

struct ThreadFixture {
  std::vector<Message> messages;
  std::vector<Analysis> analyses;

  void add(const char* id, const char* date, const char* direction, const char* from,
           bool automatic = false, bool asks = false) {
    Message m;
    m.message_id = id;
    m.date = ZonedTime::parse_rfc3339(date);
    m.from.address = from;
    if (automatic) m.auto_submitted = "auto-replied";
    messages.push_back(m);
    Analysis a;
    a.id = id;
    a.date = m.date;
    a.direction = direction;
    a.automatic = automatic;
    a.from_address = from;
    a.text = asks ? "Pourriez-vous confirmer ?" : "Voici le document.";
    if (asks) a.questions.push_back(Question{"Pourriez-vous confirmer ?", "request", 0, 25});
    analyses.push_back(a);
  }

  ThreadAnalysis thread(const char* now, std::optional<std::string> policy = std::nullopt) {
    ThreadAnalysis t;
    t.key = messages.empty() ? "" : messages.front().message_id;
    for (size_t i = 0; i < messages.size(); ++i) t.messages.push_back({&messages[i], &analyses[i]});
    t.options.now = ZonedTime::parse_rfc3339(now);
    t.options.policy_file = policy;
    return t;
  }
};

std::unique_ptr<Plugin> configured_plugin() {
  auto plugin = make_waiting_plugin();
  std::vector<RuleError> errors;
  auto rules =
      load_rule_set("waiting", fs::path(COURTOIS_SOURCE_DIR) / "rules", std::nullopt, errors);
  auto more = plugin->configure(rules);
  errors.insert(errors.end(), more.begin(), more.end());
  for (const auto& e : errors) ADD_FAILURE() << e.to_string();
  return plugin;
}

}  // namespace

TEST(WaitingPlugin, ShippedPolicyOnAThread) {
  auto plugin = configured_plugin();
  EXPECT_EQ(plugin->name(), "waiting");
  ThreadFixture f;
  f.add("q1@client", "2026-03-02T10:00:00+01:00", "in", "client@example.com", false, true);
  f.add("r1@me", "2026-03-02T11:00:00+01:00", "out", "me@office.fr");
  f.add("auto@client", "2026-03-02T11:01:00+01:00", "in", "client@example.com", true);
  f.add("q2@client", "2026-03-03T09:30:00+01:00", "in", "client@example.com", false, true);
  auto t = f.thread("2026-03-03T15:00:00+01:00");
  plugin->analyse_thread(t);
  ASSERT_TRUE(t.waiting.is_object());
  EXPECT_EQ(t.waiting["on"], "us");
  EXPECT_EQ(t.waiting["since"], "2026-03-03T09:30:00+01:00");
  // Shipped hours: 9:00-12:30 and 14:00-18:00 -> 3 h + 1 h.
  EXPECT_EQ(t.waiting["business_hours"], 4);
  EXPECT_EQ(t.waiting["target_hours"], 16);
  EXPECT_EQ(t.waiting["breached"], false);
  EXPECT_EQ(t.waiting["kind"], "follow_up");
  EXPECT_TRUE(t.waiting["due"].is_string());
}

TEST(WaitingPlugin, PolicyFileReplacesTheShippedOne) {
  auto plugin = configured_plugin();
  auto path =
      fs::temp_directory_path() / ("courtois-policy-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({
    // a strict help desk in New York
    "policy": {
      "time_zone": "America/New_York",
      "business_hours": {"monday": ["08:00-20:00"], "tuesday": ["08:00-20:00"]},
      "first_response_hours": 1, "follow_up_hours": 2,
      "early_warning": {"hours_before": 0.5}
    }
  })";
  ThreadFixture f;
  f.add("q1@client", "2026-03-02T09:00:00-05:00", "in", "client@example.com");
  auto t = f.thread("2026-03-02T10:30:00-05:00", path.string());
  plugin->analyse_thread(t);
  EXPECT_EQ(t.waiting["on"], "us");
  EXPECT_EQ(t.waiting["target_hours"], 1);
  EXPECT_EQ(t.waiting["breached"], true);
  EXPECT_EQ(t.waiting["due"], "2026-03-02T10:00:00-05:00");

  auto bad =
      fs::temp_directory_path() / ("courtois-policy-bad-" + std::to_string(::getpid()) + ".json");
  std::ofstream(bad) << "{\"policy\": {\"time_zone\": 3}}";
  auto t2 = f.thread("2026-03-02T10:30:00-05:00", bad.string());
  plugin->analyse_thread(t2);
  ASSERT_TRUE(t2.waiting.contains("error"));
  EXPECT_NE(t2.waiting["error"].get<std::string>().find("time_zone"), std::string::npos);
}

TEST(WaitingPlugin, OnlyAutomaticMail) {
  auto plugin = configured_plugin();
  ThreadFixture f;
  f.add("news@list", "2026-03-02T09:00:00+01:00", "in", "noreply@shop.example", true);
  auto t = f.thread("2026-03-12T10:30:00+01:00");
  plugin->analyse_thread(t);
  EXPECT_EQ(t.waiting["on"], "nobody");
  EXPECT_EQ(t.waiting["breached"], false);
}
