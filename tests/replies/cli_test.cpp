// The commands reply, check-draft and faq suggest, run as a user runs them: the courtois
// binary on .eml, text and mbox files, JSON on stdout, exit statuses of the contract.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <set>
#include <string>

#include <sys/wait.h>
#include <nlohmann/json.hpp>

namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

const std::string kData = std::string(COURTOIS_SOURCE_DIR) + "/tests/replies/data/cli/";

CliRun courtois(const std::string& args) {
  std::string cmd = "COURTOIS_RULES='" + std::string(COURTOIS_SOURCE_DIR) + "/rules' '" +
                    std::string(COURTOIS_BINARY_DIR) + "/cli/courtois' " + args + " 2>/dev/null";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(RepliesCli, ReplyPrintsTheContractShape) {
  CliRun r = courtois("reply --me contact@atelier-lumen.fr '" + kData + "client_fr.eml' '" + kData +
                      "thread_fr_1.eml'");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["lang"], "fr");
  ASSERT_EQ(j["drafts"].size(), 3u);
  for (const auto& d : j["drafts"]) {
    for (const char* k : {"style", "subject", "body", "tone", "open_questions"})
      EXPECT_TRUE(d.contains(k)) << k;
    EXPECT_EQ(d["tone"]["label"], "calm");
    EXPECT_TRUE(d["tone"].contains("politeness"));
    for (const auto& q : d["open_questions"]) {
      EXPECT_TRUE(q["text"].is_string());
      EXPECT_TRUE(q["placeholder"].is_boolean());
    }
    // The move of the installation is said plainly.
    EXPECT_NE(d["body"].get<std::string>().find("19 mars 2026"), std::string::npos) << d["body"];
  }
  r = courtois("reply --style warm --new-date 2026-03-26 '" + kData + "client_fr.eml'");
  ASSERT_EQ(r.status, 0);
  j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["drafts"].size(), 1u);
  EXPECT_EQ(j["drafts"][0]["style"], "warm");
  EXPECT_NE(j["drafts"][0]["body"].get<std::string>().find("jeudi 26 mars 2026"),
            std::string::npos);
}

TEST(RepliesCli, ReplyRefusesBadUsage) {
  EXPECT_EQ(courtois("reply").status, 2);
  EXPECT_EQ(courtois("reply --style rude '" + kData + "client_fr.eml'").status, 2);
  EXPECT_EQ(courtois("reply --new-date tomorrow '" + kData + "client_fr.eml'").status, 2);
  EXPECT_EQ(courtois("reply '" + kData + "does-not-exist.eml'").status, 1);
}

TEST(RepliesCli, CheckDraftFlagsABadDraftAndPassesAGoodOne) {
  CliRun r = courtois("check-draft --draft '" + kData + "draft_bad_fr.txt' --reply-to '" + kData +
                      "client_fr.eml'");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["ok"].get<bool>());
  std::set<std::string> kinds;
  for (const auto& i : j["issues"]) {
    kinds.insert(i["kind"].get<std::string>());
    for (const char* k : {"kind", "text", "start", "end", "suggestion"}) EXPECT_TRUE(i.contains(k));
  }
  for (const char* k : {"hostile_wording", "shouting", "unanswered_question"})
    EXPECT_TRUE(kinds.count(k)) << k << "\n" << r.out;
  r = courtois("check-draft --draft '" + kData + "draft_good_fr.txt' --reply-to '" + kData +
               "client_fr.eml'");
  ASSERT_EQ(r.status, 0);
  j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["ok"].get<bool>()) << r.out;
  EXPECT_EQ(courtois("check-draft").status, 2);
  EXPECT_EQ(courtois("check-draft --draft /nonexistent/draft.txt").status, 1);
}

// « La voici en pièce jointe » answers the request for the invoice when the invoice is attached,
// and leaves it flagged when nothing is.
TEST(RepliesCli, CheckDraftReadsTheDraftsAttachments) {
  const std::string base = "check-draft --draft '" + kData + "draft_attached_fr.txt' --reply-to '" +
                           kData + "client_document_fr.eml'";
  CliRun r = courtois(base + " --attachment Facture-4512.pdf");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(nlohmann::json::parse(r.out)["ok"].get<bool>()) << r.out;
  r = courtois(base);
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["issues"].size(), 1u) << r.out;
  EXPECT_EQ(j["issues"][0]["kind"], "unanswered_question");
}

TEST(RepliesCli, FaqSuggestProposesRecurringQuestions) {
  CliRun r = courtois("faq suggest --me contact@atelier-lumen.fr '" + kData + "faq_mailbox.mbox'");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["messages"], 3);
  ASSERT_EQ(j["suggestions"].size(), 1u) << r.out;
  const auto& s = j["suggestions"][0];
  EXPECT_EQ(s["count"], 2);
  EXPECT_EQ(s["lang"], "fr");
  EXPECT_EQ(s["questions"].size(), 2u);
  EXPECT_EQ(s["answer"], "");
  EXPECT_EQ(courtois("faq suggest").status, 2);
}

}  // namespace
