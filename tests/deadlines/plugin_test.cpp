// The plugin: changes within one message, commitments in `analyze`, findings that explain
// themselves, and rule files that name file, line and field when they are wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"

namespace {

using courtois::deadlines_test::analyse;
constexpr const char* kMonday = "2026-03-02T10:12:00+01:00";

TEST(DeadlinesPlugin, ChangesWithinOneMessage) {
  struct ChangeCase {
    const char* text;
    const char* lang;
    const char* from;
    const char* to;
    const char* direction;
  };
  for (const auto& c :
       {ChangeCase{"La livraison prévue le 12 est repoussée au 19.", "fr", "2026-03-12",
                   "2026-03-19", "later"},
        ChangeCase{"Can we move the call from Tuesday to Thursday?", "en", "2026-03-03",
                   "2026-03-05", "later"},
        ChangeCase{"The deadline of March 20 is brought forward to March 16.", "en", "2026-03-20",
                   "2026-03-16", "earlier"},
        ChangeCase{"La réunion de 14h est décalée à 16h.", "fr", "2026-03-02T14:00:00+01:00",
                   "2026-03-02T16:00:00+01:00", "later"},
        ChangeCase{"The launch is cancelled.", "en", "", "", "cancelled"},
        // "push ... from A to B", with another date after the range that is not the new one.
        ChangeCase{"We'd like to push the launch from March 27 to April 3, since our "
                   "photographer is only available next week.",
                   "en", "2026-03-27", "2026-04-03", "later"},
        ChangeCase{"We deferred the payment from March 13 to April 30.", "en", "2026-03-13",
                   "2026-04-30", "later"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_EQ(a.deadline_changes.size(), 1u) << c.text;
    const auto& ch = a.deadline_changes[0];
    EXPECT_EQ(ch.from, c.from) << c.text;
    EXPECT_EQ(ch.to, c.to) << c.text;
    EXPECT_EQ(ch.direction, c.direction) << c.text;
    EXPECT_EQ(ch.text, c.text);
  }
  // A new date with "avancer" and no old date in the message: the direction, the old date
  // is left to the thread.
  auto a = analyse("Nous devons avancer la mise en ligne au 2 avril.", kMonday, "fr");
  ASSERT_EQ(a.deadline_changes.size(), 1u);
  EXPECT_EQ(a.deadline_changes[0].to, "2026-04-02");
  EXPECT_EQ(a.deadline_changes[0].direction, "earlier");
  // "merci d'avance" is politeness, not a change.
  EXPECT_TRUE(analyse("Merci d'avance pour votre retour avant le 12.", kMonday, "fr")
                  .deadline_changes.empty());
}

TEST(DeadlinesPlugin, CommitmentsInAnalyzeWhateverTheDirection) {
  auto fr = analyse("Bonjour,\nJe vous l'envoie demain.\nCordialement", kMonday, "fr", "in");
  ASSERT_EQ(fr.commitments.size(), 1u);
  EXPECT_EQ(fr.commitments[0].due, "2026-03-03T18:00:00+01:00");
  EXPECT_EQ(fr.commitments[0].text, "Je vous l'envoie demain.");
  EXPECT_TRUE(fr.commitments[0].status.empty());
  auto en = analyse("You'll have it by Friday.", kMonday, "en", "out");
  ASSERT_EQ(en.commitments.size(), 1u);
  EXPECT_EQ(en.commitments[0].due, "2026-03-06T18:00:00+01:00");
  auto sous = analyse("Nous revenons vers vous sous 48h.", kMonday, "fr");
  ASSERT_EQ(sous.commitments.size(), 1u);
  EXPECT_EQ(sous.commitments[0].due, "2026-03-04T10:12:00+01:00");
  // "Je reviens vers vous" with a time beside it promises; with a topic it only opens the message.
  auto back = analyse("Je reviens vers vous d'ici vendredi.", kMonday, "fr");
  ASSERT_EQ(back.commitments.size(), 1u);
  EXPECT_EQ(back.commitments[0].due, "2026-03-06T18:00:00+01:00");
  EXPECT_EQ(analyse("Je reviendrai vers vous lundi.", kMonday, "fr").commitments.size(), 1u);
  for (const char* lead_in : {"Je reviens vers vous concernant la facture de mars.",
                              "Nous revenons vers vous au sujet de la livraison du 12 mars."})
    EXPECT_TRUE(analyse(lead_in, kMonday, "fr").commitments.empty()) << lead_in;
  // A promise without a date is no commitment with a due time.
  EXPECT_TRUE(analyse("Je vous l'envoie dès que possible.", kMonday, "fr").commitments.empty());
  // A request is no promise.
  EXPECT_TRUE(
      analyse("Pouvez-vous m'envoyer le devis demain ?", kMonday, "fr").commitments.empty());
  // Nothing is promised for a time already over when the message was written (Monday 10:12):
  // the date names something else. This evening, today and tomorrow are still ahead.
  constexpr const char* kMondayEvening = "2026-03-02T18:02:00+01:00";
  EXPECT_TRUE(analyse("Suite à notre échange de ce matin, je vous confirme que nous souhaitons "
                      "visiter l'appartement.",
                      kMondayEvening, "fr")
                  .commitments.empty());
  EXPECT_TRUE(analyse("I'll send it as agreed last Friday.", kMonday, "en").commitments.empty());
  auto evening = analyse("Je vous l'envoie ce soir.", kMondayEvening, "fr");
  ASSERT_EQ(evening.commitments.size(), 1u);
  EXPECT_EQ(evening.commitments[0].due, "2026-03-02T18:00:00+01:00");
  EXPECT_EQ(analyse("I'll send it today.", kMondayEvening, "en").commitments.size(), 1u);
}

TEST(DeadlinesPlugin, FindingsNameTheirRule) {
  auto a = analyse("La livraison prévue le 12 est repoussée au 19.", kMonday, "fr");
  bool change = false, role = false;
  for (const auto& f : a.findings) {
    EXPECT_EQ(f.plugin, "deadlines");
    EXPECT_EQ(a.text.substr(f.start, f.end - f.start), f.text);
    EXPECT_NE(f.rule.find(".json:"), std::string::npos) << f.rule;
    if (f.symbol == "CHANGE_POSTPONE_FR") change = true;
    if (f.symbol == "DATE_DELIVERY_FR") role = true;
  }
  EXPECT_TRUE(change);
  EXPECT_TRUE(role);
}

TEST(DeadlinesPlugin, BadRulesNameFileLineAndField) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(COURTOIS_BINARY_DIR) / "deadlines-bad-rules";
  fs::remove_all(dir);
  fs::create_directories(dir / "deadlines");
  for (const auto& e : fs::directory_iterator(fs::path(COURTOIS_SOURCE_DIR) / "rules/deadlines"))
    fs::copy_file(e.path(), dir / "deadlines" / e.path().filename());
  {
    std::ofstream(dir / "deadlines/changes.json")
        << "{\n  \"rules\": [\n    {\"symbol\": \"lower_case\", \"lang\": \"fr\", \"kind\": "
           "\"later\",\n     \"pattern\": \"(unclosed\", \"description\": \"x\"}\n  ]\n}\n";
    std::ofstream(dir / "deadlines/units.txt", std::ios::app) << "fortnight | fortnights\n";
  }
  std::vector<courtois::RuleError> errors;
  auto rules = courtois::load_rule_set("deadlines", dir, std::nullopt, errors);
  courtois::DeadlinesPlugin plugin;
  auto more = plugin.configure(rules);
  errors.insert(errors.end(), more.begin(), more.end());
  bool symbol = false, unit = false;
  for (const auto& e : errors) {
    std::string s = e.to_string();
    if (e.file.find("changes.json") != std::string::npos && e.line == 3 &&
        e.field.find("symbol") != std::string::npos)
      symbol = true;
    if (s.find("units.txt:") != std::string::npos && e.field == "value") unit = true;
  }
  EXPECT_TRUE(symbol) << (errors.empty() ? "" : errors[0].to_string());
  EXPECT_TRUE(unit);
  fs::remove_all(dir);
}

}  // namespace
