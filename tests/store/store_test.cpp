// The thread store: schema creation and forward migration, refusal of newer or foreign files,
// idempotent ingest, threading across batches, the waiting list, concurrent use.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "courtois/store.hpp"

using namespace courtois;
namespace fs = std::filesystem;

namespace {

ZonedTime t(const char* rfc3339) {
  return ZonedTime::parse_rfc3339(rfc3339).value();
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("courtois-store-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::vector<RuleError> errors;
    auto rules =
        load_rule_set("waiting", fs::path(COURTOIS_SOURCE_DIR) / "rules", std::nullopt, errors);
    auto policy = load_waiting_policy(rules, errors);
    ASSERT_TRUE(policy) << errors.at(0).to_string();
    policy_.emplace(std::move(*policy));
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path db() const { return dir_ / "courtois.db"; }
  std::unique_ptr<Store> open_store(int migrate_to = 0) {
    StoreOptions o;
    o.path = db();
    o.migrate_to = migrate_to;
    auto s = Store::open(o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
    return s.ok() ? std::move(s.value()) : nullptr;
  }

  // A message as the engine would hand it over (analysis filled by hand: direction, questions).
  static IngestItem item(const std::string& id, const char* date, const char* from,
                         const std::string& subject, const std::string& in_reply_to = "",
                         bool outgoing = false, bool asks = false, bool automatic = false) {
    std::string raw = "Message-ID: <" + id + ">\r\nFrom: " + from + "\r\nSubject: " + subject +
                      "\r\nDate: " + date + "\r\n";
    if (!in_reply_to.empty()) raw += "In-Reply-To: <" + in_reply_to + ">\r\n";
    raw += "\r\nBonjour, " + std::string(asks ? "pouvez-vous confirmer ?" : "voici.") + "\r\n";
    IngestItem it;
    it.raw = raw;
    it.message.message_id = id;
    it.message.in_reply_to = in_reply_to;
    if (!in_reply_to.empty()) it.message.references = {in_reply_to};
    it.message.subject = subject;
    it.message.from.address = from;
    it.message.date = ZonedTime::parse_rfc5322(date);
    it.analysis.id = id;
    it.analysis.date = it.message.date;
    it.analysis.direction = outgoing ? "out" : "in";
    it.analysis.automatic = automatic;
    it.analysis.from_address = from;
    it.analysis.subject = subject;
    it.analysis.text = asks ? "Pouvez-vous confirmer ?" : "Voici.";
    if (asks) it.analysis.questions.push_back({"Pouvez-vous confirmer ?", "question", 0, 23});
    return it;
  }

  fs::path dir_;
  std::optional<WaitingPolicy> policy_;
};

}  // namespace

TEST_F(StoreTest, CreatesTheLatestSchema) {
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_TRUE(fs::exists(db()));
  EXPECT_EQ(*store->message_count(), 0u);
}

TEST_F(StoreTest, IngestIsIdempotentByMessageId) {
  auto store = open_store();
  std::vector<IngestItem> batch{
      item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis", "", false, true),
      item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis", "", false, true),
      item("b@client", "Mon, 2 Mar 2026 11:00:00 +0100", "jo@client.fr", "Autre")};
  auto r = store->ingest(batch, *policy_);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].status, "stored");
  EXPECT_EQ((*r)[1].status, "duplicate");
  EXPECT_EQ((*r)[2].status, "stored");
  auto again = store->ingest(batch, *policy_);
  ASSERT_TRUE(again.ok());
  for (const auto& o : *again) EXPECT_EQ(o.status, "duplicate");
  EXPECT_EQ((*again)[0].thread, "a@client");
  EXPECT_EQ(*store->message_count(), 2u);
}

TEST_F(StoreTest, MessageWithoutIdGetsAStableOne) {
  auto store = open_store();
  std::vector<IngestItem> batch{item("", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "x")};
  batch[0].analysis.id.clear();
  auto r1 = store->ingest(batch, *policy_);
  ASSERT_TRUE(r1.ok());
  EXPECT_NE((*r1)[0].message_id.find("@courtois.invalid"), std::string::npos);
  auto r2 = store->ingest(batch, *policy_);
  EXPECT_EQ((*r2)[0].status, "duplicate");
  EXPECT_EQ((*r2)[0].message_id, (*r1)[0].message_id);
}

TEST_F(StoreTest, ThreadsAcrossBatchesAndMerges) {
  auto store = open_store();
  // The reply arrives before the message it answers; a third message joins two threads.
  std::vector<IngestItem> b1{item("r@me", "Mon, 2 Mar 2026 11:00:00 +0100", "me@office.fr",
                                  "Re: Devis", "q@client", true)};
  std::vector<IngestItem> b2{
      item("q@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis", "", false, true),
      item("other@client", "Mon, 2 Mar 2026 12:00:00 +0100", "jo@client.fr", "Facture")};
  ASSERT_TRUE(store->ingest(b1, *policy_).ok());
  ASSERT_TRUE(store->ingest(b2, *policy_).ok());
  EXPECT_EQ(**store->thread_of("q@client"), "q@client");
  EXPECT_EQ(**store->thread_of("r@me"), "q@client");
  EXPECT_EQ(**store->thread_of("other@client"), "other@client");

  auto join = item("j@client", "Tue, 3 Mar 2026 09:00:00 +0100", "jo@client.fr", "Re: Facture",
                   "other@client", false, true);
  join.message.references = {"q@client", "other@client"};
  std::vector<IngestItem> b3{join};
  auto r = store->ingest(b3, *policy_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].thread, "q@client");
  EXPECT_EQ(**store->thread_of("other@client"), "q@client");
  auto thread = store->thread("other@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok()) << thread.error().to_string();
  EXPECT_EQ((*thread)["thread"], "q@client");
  EXPECT_EQ((*thread)["messages"].size(), 4u);
  EXPECT_EQ((*thread)["waiting"]["on"], "us");
  // The first client message after our reply.
  EXPECT_EQ((*thread)["waiting"]["since"], "2026-03-02T12:00:00+01:00");
  EXPECT_EQ((*thread)["questions"].size(), 2u);

  // A reply without references joins by subject.
  std::vector<IngestItem> b4{
      item("s@client", "Tue, 3 Mar 2026 09:30:00 +0100", "jo@client.fr", "RE : Devis")};
  auto r4 = store->ingest(b4, *policy_);
  EXPECT_EQ((*r4)[0].thread, "q@client");

  auto missing = store->thread("nope@nowhere", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(StoreTest, WaitingListMostUrgentFirst) {
  auto store = open_store();
  std::vector<IngestItem> batch{
      // Waits since Monday 10:00: due Tuesday 10:30 (8 h of 9-12:30, 14-18).
      item("old@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Old", "", false, true),
      // Waits since Tuesday 09:00: due Wednesday 09:30.
      item("new@client", "Tue, 3 Mar 2026 09:00:00 +0100", "al@client.fr", "New", "", false, true),
      // Answered: not waiting on us.
      item("done@client", "Mon, 2 Mar 2026 09:00:00 +0100", "al@client.fr", "Done"),
      item("done-r@me", "Mon, 2 Mar 2026 09:30:00 +0100", "me@office.fr", "Re: Done", "done@client",
           true),
      // We asked: the client owes.
      item("ask@client", "Mon, 2 Mar 2026 09:00:00 +0100", "al@client.fr", "Ask"),
      item("ask-r@me", "Mon, 2 Mar 2026 09:30:00 +0100", "me@office.fr", "Re: Ask", "ask@client",
           true, true),
      // Automatic mail never waits.
      item("bounce@daemon", "Mon, 2 Mar 2026 08:00:00 +0100", "mailer-daemon@x.fr", "Bounce", "",
           false, false, true)};
  ASSERT_TRUE(store->ingest(batch, *policy_).ok());
  auto list = store->waiting(*policy_, t("2026-03-03T11:00:00+01:00"));
  ASSERT_TRUE(list.ok()) << list.error().to_string();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].thread, "old@client");
  EXPECT_TRUE((*list)[0].waiting.breached);
  EXPECT_EQ((*list)[0].waiting.due->rfc3339(), "2026-03-03T10:30:00+01:00");
  EXPECT_NE((*list)[0].waiting.reason.find("breached"), std::string::npos);
  EXPECT_EQ((*list)[1].thread, "new@client");
  EXPECT_FALSE((*list)[1].waiting.breached);
  EXPECT_DOUBLE_EQ((*list)[1].waiting.business_hours, 2);

  // The answer arrives: the thread leaves the list.
  std::vector<IngestItem> reply{item("old-r@me", "Tue, 3 Mar 2026 11:30:00 +0100", "me@office.fr",
                                     "Re: Old", "old@client", true)};
  ASSERT_TRUE(store->ingest(reply, *policy_).ok());
  list = store->waiting(*policy_, t("2026-03-03T12:00:00+01:00"));
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].thread, "new@client");
}

TEST_F(StoreTest, MigratesForwardKeepingData) {
  {
    auto v1 = open_store(1);
    ASSERT_TRUE(v1);
    std::vector<IngestItem> batch{
        item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis")};
    ASSERT_TRUE(v1->ingest(batch, *policy_).ok());
  }
  auto v2 = open_store();
  ASSERT_TRUE(v2);
  EXPECT_EQ(*v2->message_count(), 1u);
  // Version 2 added deadline changes.
  ThreadAnalysis ta;
  ta.deadline_changes.push_back(
      {"reporté au 13", 0, 5, "2026-03-06", "2026-03-13", "later", "a@client"});
  ASSERT_TRUE(v2->apply_thread_analysis("a@client", ta).ok());
  auto thread = v2->thread("a@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok());
  EXPECT_EQ((*thread)["deadline_changes"][0]["to"], "2026-03-13");
  // Version 3 added settings.
  EXPECT_FALSE(v2->setting("waiting_policy")->has_value());
  ASSERT_TRUE(v2->set_setting("waiting_policy", "42").ok());
  EXPECT_EQ(**v2->setting("waiting_policy"), "42");
}

// Version 4 records a question the client took back: settled, yet answered by no one. The
// thread lists it so, in its questions and in its message, with the sentence that took it back.
TEST_F(StoreTest, MigratesToWithdrawnQuestions) {
  {
    auto v3 = open_store(3);
    ASSERT_TRUE(v3);
    std::vector<IngestItem> batch{item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr",
                                       "Devis", "", false, true)};
    ASSERT_TRUE(v3->ingest(batch, *policy_).ok());
  }
  auto v4 = open_store();
  ASSERT_TRUE(v4);
  std::vector<IngestItem> batch{
      item("b@client", "Mon, 2 Mar 2026 11:00:00 +0100", "jo@client.fr", "Re: Devis", "a@client")};
  ASSERT_TRUE(v4->ingest(batch, *policy_).ok());
  auto a =
      item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis", "", false, true);
  a.analysis.questions[0].withdrawn_by = "b@client";
  a.analysis.questions[0].answer_evidence = "Oubliez ma question, c'est réglé.";
  ThreadAnalysis ta;
  ta.messages.push_back({nullptr, &a.analysis});
  ASSERT_TRUE(v4->apply_thread_analysis("a@client", ta).ok());
  auto thread = v4->thread("a@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok()) << thread.error().to_string();
  const auto& q = (*thread)["questions"][0];
  EXPECT_TRUE(q["answered_by"].is_null());
  EXPECT_EQ(q["withdrawn_by"], "b@client");
  EXPECT_EQ(q["answer_evidence"], "Oubliez ma question, c'est réglé.");
  const auto& in_message = (*thread)["messages"][0]["questions"][0];
  EXPECT_EQ(in_message["withdrawn_by"], "b@client");
  EXPECT_EQ(in_message["answer_evidence"], "Oubliez ma question, c'est réglé.");
  // Without the policy the stored wait is left as it was; with it, the question taken back is
  // owed nothing, and the thread leaves the waiting list.
  EXPECT_EQ((*thread)["waiting"]["on"], "us");
  ASSERT_TRUE(v4->apply_thread_analysis("a@client", ta, &*policy_).ok());
  thread = v4->thread("a@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok());
  EXPECT_EQ((*thread)["waiting"]["on"], "nobody") << (*thread)["waiting"].dump();
  auto waiting = v4->waiting(*policy_, t("2026-03-03T10:00:00+01:00"), 10);
  ASSERT_TRUE(waiting.ok());
  EXPECT_TRUE(waiting->empty());
  // Thread analysis run again without the withdrawal: the thread waits on us again.
  a.analysis.questions[0].withdrawn_by.reset();
  a.analysis.questions[0].answer_evidence.clear();
  ASSERT_TRUE(v4->apply_thread_analysis("a@client", ta, &*policy_).ok());
  thread = v4->thread("a@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok());
  EXPECT_EQ((*thread)["waiting"]["on"], "us") << (*thread)["waiting"].dump();
}

// Thread analysis may leave a question out of its message (a client's acceptance of our offer
// is no question in its thread): its row goes, and the answers of the others land on their own
// rows, found by where they start, not by their rank.
TEST_F(StoreTest, AQuestionThreadAnalysisLeavesOutGoes) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto a =
      item("a@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis", "", false, true);
  a.analysis.text = "Jeudi me va. Pouvez-vous confirmer ?";
  a.analysis.questions = {{"Jeudi me va.", "question", 0, 12},
                          {"Pouvez-vous confirmer ?", "question", 13, 36}};
  std::vector<IngestItem> batch{a};
  ASSERT_TRUE(store->ingest(batch, *policy_).ok());
  a.analysis.questions.erase(a.analysis.questions.begin());
  a.analysis.questions[0].answered_by = "b@shop";
  a.analysis.questions[0].answer_evidence = "Oui, c'est confirmé.";
  ThreadAnalysis ta;
  ta.messages.push_back({nullptr, &a.analysis});
  ASSERT_TRUE(store->apply_thread_analysis("a@client", ta).ok());
  auto thread = store->thread("a@client", *policy_, t("2026-03-03T10:00:00+01:00"));
  ASSERT_TRUE(thread.ok()) << thread.error().to_string();
  ASSERT_EQ((*thread)["questions"].size(), 1u) << (*thread)["questions"].dump();
  EXPECT_EQ((*thread)["questions"][0]["text"], "Pouvez-vous confirmer ?");
  EXPECT_EQ((*thread)["questions"][0]["answered_by"], "b@shop");
}

TEST_F(StoreTest, RefusesANewerSchema) {
  { ASSERT_TRUE(open_store()); }
  {
    std::string cmd = "sqlite3 '" + db().string() + "' 'PRAGMA user_version = 99'";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "no sqlite3 shell";
  }
  StoreOptions o;
  o.path = db();
  auto s = Store::open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("schema version 99, newer"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find(db().string()), std::string::npos);
}

TEST_F(StoreTest, RefusesAForeignDatabaseAndLeavesItAlone) {
  std::string cmd =
      "sqlite3 '" + db().string() + "' 'CREATE TABLE notes(x); INSERT INTO notes VALUES(1)'";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "no sqlite3 shell";
  StoreOptions o;
  o.path = db();
  auto s = Store::open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("not a Courtois store"), std::string::npos) << s.error().message;
  // Still the user's data.
  std::string check = "sqlite3 '" + db().string() + "' 'SELECT count(*) FROM notes' | grep -qx 1";
  EXPECT_EQ(std::system(check.c_str()), 0);
}

TEST_F(StoreTest, RefusesAFileThatIsNotADatabase) {
  const std::string text = "these are my notes, not a database\n";
  std::ofstream(db()) << text;
  StoreOptions o;
  o.path = db();
  auto s = Store::open(o);
  ASSERT_FALSE(s.ok());
  std::ifstream in(db());
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, text);
}

TEST_F(StoreTest, ConcurrentIngestAndReads) {
  auto store = open_store();
  constexpr int writers = 4, per_writer = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < per_writer; ++i) {
        std::string id = "m" + std::to_string(w) + "-" + std::to_string(i) + "@client";
        std::vector<IngestItem> batch{item(id, "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr",
                                           "Sujet " + std::to_string(w * 1000 + i))};
        // The same message from two writers: exactly one stores it.
        batch.push_back(item("shared-" + std::to_string(i) + "@client",
                             "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Partagé"));
        if (!store->ingest(batch, *policy_).ok()) ++failures;
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!store->waiting(*policy_, t("2026-03-03T10:00:00+01:00")).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(*store->message_count(), static_cast<size_t>(writers * per_writer + per_writer));
}

TEST_F(StoreTest, TwoProcessesShareTheFile) {
  // Two Store objects on one file stand for two processes (CLI and service).
  auto a = open_store();
  auto b = open_store();
  std::vector<IngestItem> batch{
      item("x@client", "Mon, 2 Mar 2026 10:00:00 +0100", "jo@client.fr", "Devis")};
  ASSERT_TRUE(a->ingest(batch, *policy_).ok());
  EXPECT_TRUE(*b->has_message("x@client"));
  auto r = b->ingest(batch, *policy_);
  EXPECT_EQ((*r)[0].status, "duplicate");
}
