// Thread cases written for issue 5 (tests/deadlines/data/threads/*.json): every deadline change
// and every commitment of a thread, with its dates and its status at the case's --now.
// A case file: {"name", "me", "now", "messages": [{"id", "from", "to"?, "date", "lang", "text",
// "attachments"?, "dates"?}], "expect": {"changes": [...], "commitments": [...]}}; "to" only
// matters for a note among colleagues (every recipient in "me").
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

using courtois::Analysis;
using courtois::Message;
using courtois::ThreadAnalysis;
using courtois::ZonedTime;
using nlohmann::json;

std::vector<std::filesystem::path> case_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::path(COURTOIS_SOURCE_DIR) / "tests/deadlines/data/threads"))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

class ThreadCase : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ThreadCase, ChangesAndCommitmentsAreFound) {
  std::ifstream in(GetParam());
  json c = json::parse(in);
  SCOPED_TRACE(c["name"].get<std::string>());
  std::vector<std::string> me = c["me"].get<std::vector<std::string>>();
  std::vector<Message> messages;
  std::vector<Analysis> analyses;
  messages.reserve(c["messages"].size());
  analyses.reserve(c["messages"].size());
  for (const auto& jm : c["messages"]) {
    Message m;
    m.message_id = jm["id"];
    m.from.address = jm["from"];
    for (const auto& to : jm.value("to", json::array())) m.to.push_back({"", to});
    m.date = ZonedTime::parse_rfc3339(jm["date"].get<std::string>());
    ASSERT_TRUE(m.date) << jm["date"];
    m.lang = jm["lang"];
    m.new_text = jm["text"];
    for (const auto& f : jm.value("attachments", json::array())) {
      courtois::Attachment att;
      att.filename = f;
      att.content_type = "application/pdf";
      m.attachments.push_back(att);
    }
    messages.push_back(m);
  }
  for (const auto& m : messages) {
    Analysis a;
    a.id = m.message_id;
    a.date = m.date;
    a.lang = m.lang;
    a.text = m.new_text;
    a.from_address = m.from.address;
    auto mine = [&](std::string_view address) { return courtois::is_identity(address, me); };
    a.direction = mine(m.from.address) ? "out" : "in";
    a.internal = mine(m.from.address) && m.only_to(mine);
    courtois::deadlines_test::plugin().analyse(m, a);
    analyses.push_back(a);
  }
  // Dates the case spells out for a message: text, value and role.
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& jm = c["messages"][i];
    if (!jm.contains("dates")) continue;
    std::ostringstream got;
    for (const auto& d : analyses[i].dates) got << d.text << "=" << d.value << "/" << d.role << " ";
    EXPECT_EQ(analyses[i].dates.size(), jm["dates"].size()) << jm["id"] << ": " << got.str();
    for (const auto& want : jm["dates"]) {
      bool found = std::any_of(analyses[i].dates.begin(), analyses[i].dates.end(), [&](auto& d) {
        return d.text == want["text"] && d.value == want["value"] && d.role == want["role"];
      });
      EXPECT_TRUE(found) << jm["id"] << ": expected " << want.dump() << ", got " << got.str();
    }
  }
  ThreadAnalysis t;
  t.key = "case";
  t.options.me = me;
  t.options.now = ZonedTime::parse_rfc3339(c["now"].get<std::string>());
  for (std::size_t i = 0; i < messages.size(); ++i)
    t.messages.push_back({&messages[i], &analyses[i]});
  courtois::deadlines_test::plugin().analyse_thread(t);

  std::ostringstream got_changes;
  for (const auto& ch : t.deadline_changes)
    got_changes << ch.message_id << ":" << ch.from << "->" << ch.to << "/" << ch.direction << " ";
  EXPECT_EQ(t.deadline_changes.size(), c["expect"]["changes"].size()) << got_changes.str();
  for (const auto& want : c["expect"]["changes"]) {
    bool found = std::any_of(t.deadline_changes.begin(), t.deadline_changes.end(), [&](auto& ch) {
      return ch.message_id == want["message"] && ch.from == want["from"] && ch.to == want["to"] &&
             ch.direction == want["direction"] && !ch.text.empty();
    });
    EXPECT_TRUE(found) << "expected change " << want.dump() << ", got " << got_changes.str();
  }
  std::ostringstream got_commitments;
  for (const auto& cm : t.commitments)
    got_commitments << cm.message_id << ":" << cm.due << "/" << cm.status << "/" << cm.kept_by
                    << " ";
  EXPECT_EQ(t.commitments.size(), c["expect"]["commitments"].size()) << got_commitments.str();
  for (const auto& want : c["expect"]["commitments"]) {
    bool found = std::any_of(t.commitments.begin(), t.commitments.end(), [&](auto& cm) {
      return cm.message_id == want["message"] && cm.due == want["due"] &&
             cm.status == want["status"] && cm.kept_by == want.value("kept_by", "");
    });
    EXPECT_TRUE(found) << "expected commitment " << want.dump() << ", got "
                       << got_commitments.str();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Threads, ThreadCase, ::testing::ValuesIn(case_files()), [](const auto& info) {
      std::string n = info.param.stem().string();
      std::replace_if(
          n.begin(), n.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); },
          '_');
      return n;
    });

TEST(ThreadCases, AtLeastTwentyInBothLanguages) {
  int fr = 0, en = 0;
  for (const auto& f : case_files()) {
    std::ifstream in(f);
    json c = json::parse(in);
    (c["messages"][0]["lang"] == "fr" ? fr : en)++;
  }
  EXPECT_GE(fr + en, 20);
  EXPECT_GE(fr, 8);
  EXPECT_GE(en, 8);
}

}  // namespace
