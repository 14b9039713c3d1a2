#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "courtois/engine.hpp"

using namespace courtois;
namespace fs = std::filesystem;

namespace {

Message text_message(std::string id, std::string text) {
  Message m;
  m.message_id = std::move(id);
  m.new_text = std::move(text);
  m.body_text = m.new_text;
  m.lang = "en";
  return m;
}

EngineOptions bare_options() {
  EngineOptions o;
  o.builtins = false;
  o.local_rules_dir = std::nullopt;
  return o;
}

}  // namespace

TEST(Engine, LoadsAnExternalPluginThroughTheCEntryPoint) {
  EngineOptions o = bare_options();
  o.plugin_dir = SAMPLE_PLUGIN_GOOD_DIR;
  auto engine = Engine::create(o);
  ASSERT_EQ(engine->status().size(), 1u);
  EXPECT_TRUE(engine->status()[0].enabled) << engine->status()[0].reason;
  EXPECT_EQ(engine->status()[0].name, "sample");
  Analysis a = engine->analyse(text_message("m1", "The invoice and the second invoice."));
  ASSERT_EQ(a.findings.size(), 2u);
  EXPECT_EQ(a.findings[0].symbol, "SAMPLE_INVOICE");
  EXPECT_EQ(a.findings[0].text, "invoice");
  EXPECT_EQ(a.findings[1].start, 27u);
  EXPECT_EQ(a.findings[1].plugin, "sample");
}

TEST(Engine, RefusesAPluginBuiltForAnotherAbiVersionWithAClearReason) {
  EngineOptions o = bare_options();
  o.plugin_dir = SAMPLE_PLUGIN_BAD_DIR;
  auto engine = Engine::create(o);
  ASSERT_EQ(engine->status().size(), 1u);
  const auto& st = engine->status()[0];
  EXPECT_FALSE(st.enabled);
  EXPECT_NE(st.reason.find("future.so"), std::string::npos) << st.reason;
  EXPECT_NE(st.reason.find("ABI version 2 does not match this host's version 1"), std::string::npos)
      << st.reason;
  // The engine still runs without it.
  Analysis a = engine->analyse(text_message("m1", "invoice"));
  EXPECT_TRUE(a.findings.empty());
}

TEST(Engine, BadRuleFileDisablesOnlyThePluginItFeeds) {
  // Copy the shipped rules, break one plugin's folder, and check only that plugin stops.
  fs::path shipped = COURTOIS_SOURCE_DIR "/rules";
  fs::path copy = fs::temp_directory_path() / "courtois-engine-badrules";
  fs::remove_all(copy);
  fs::copy(shipped, copy, fs::copy_options::recursive);
  EngineOptions o;
  o.rules_dir = copy;
  o.local_rules_dir = std::nullopt;
  auto healthy = Engine::create(o);
  std::vector<std::string> enabled;
  for (const auto& st : healthy->status())
    if (st.enabled) enabled.push_back(st.name);
  if (enabled.size() < 2) GTEST_SKIP() << "needs at least two built-in plugins with rules";
  const std::string victim = enabled.front();
  std::ofstream(copy / victim / "zz-broken.json") << "{\n  \"rules\": [\n    {\"x\": }\n  ]\n}\n";
  auto engine = Engine::create(o);
  for (const auto& st : engine->status()) {
    if (st.name == victim) {
      EXPECT_FALSE(st.enabled);
      EXPECT_NE(st.reason.find("zz-broken.json:3:"), std::string::npos) << st.reason;
    } else if (std::find(enabled.begin(), enabled.end(), st.name) != enabled.end()) {
      EXPECT_TRUE(st.enabled) << st.name << ": " << st.reason;
    }
  }
}

TEST(Engine, DirectionComesFromTheUsersIdentities) {
  EngineOptions o = bare_options();
  o.me = {"Me@Example.com", "@team.example"};
  auto engine = Engine::create(o);
  Message m = text_message("a", "x");
  m.from.address = "me@example.com";
  EXPECT_EQ(engine->direction_of(m), "out");
  m.from.address = "colleague@team.example";
  EXPECT_EQ(engine->direction_of(m), "out");
  m.from.address = "client@corp.example";
  EXPECT_EQ(engine->direction_of(m), "in");
  m.from.address = "x@notteam.example";
  EXPECT_EQ(engine->direction_of(m), "in");
}

TEST(Threads, GroupsByReferencesEvenThroughAMissingAncestorAndBySubjectLastly) {
  auto engine = Engine::create(bare_options());
  std::vector<Message> msgs;
  auto at = [](const char* t) { return ZonedTime::parse_rfc3339(t); };
  Message a = text_message("a@x", "first");
  a.subject = "Devis";
  a.date = at("2026-03-02T10:00:00+01:00");
  Message b = text_message("b@x", "reply to a missing message");
  b.subject = "Re: Devis";
  b.references = {"missing@x"};
  b.date = at("2026-03-02T11:00:00+01:00");
  Message c = text_message("c@x", "reply to b");
  c.subject = "RE : Devis";
  c.references = {"missing@x", "b@x"};
  c.in_reply_to = "b@x";
  c.date = at("2026-03-02T12:00:00+01:00");
  Message d = text_message("d@x", "another topic");
  d.subject = "Facture";
  d.date = at("2026-03-01T09:00:00+01:00");
  Message e = text_message("e@x", "a reply that lost its headers");
  e.subject = "TR: Re: Facture";
  e.date = at("2026-03-03T09:00:00+01:00");
  msgs = {c, a, b, d, e};
  std::vector<Analysis> analyses;
  auto threads = engine->threads(msgs, analyses, {});
  ASSERT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads[0].key, "d@x");  // oldest first
  ASSERT_EQ(threads[0].messages.size(), 2u);
  EXPECT_EQ(threads[0].messages[1].analysis->id, "e@x");
  EXPECT_EQ(threads[1].key, "a@x");
  EXPECT_EQ(threads[1].messages.size(), 1u);
  EXPECT_EQ(threads[2].key, "missing@x");
  ASSERT_EQ(threads[2].messages.size(), 2u);
  EXPECT_EQ(threads[2].messages[0].analysis->id, "b@x");
  EXPECT_EQ(threads[2].messages[1].analysis->thread, "missing@x");
}

TEST(Threads, NormaliseSubjectStripsPrefixesInBothLanguages) {
  EXPECT_EQ(normalise_subject("RE : TR: Fwd: [Support]  Livraison   retardée"),
            "livraison retardee");
  EXPECT_EQ(normalise_subject("Re[2]: Invoice"), "invoice");
  EXPECT_EQ(normalise_subject("Réunion"), "reunion");
}
