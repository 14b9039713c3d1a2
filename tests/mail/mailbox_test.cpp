// MailboxReader: .eml, mbox (quoting, From_ detection, over-limit and broken messages),
// Maildir and folders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "courtois/mailbox.hpp"
#include "courtois/message.hpp"

namespace courtois {
namespace {

namespace fs = std::filesystem;

class MailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::path(COURTOIS_BINARY_DIR) / "test-tmp" /
        ("mailbox-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const fs::path& rel, const std::string& content) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  static std::vector<RawMessage> read_all(const fs::path& p, std::size_t max = 64u << 20) {
    auto r = MailboxReader::open(p, max);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
    std::vector<RawMessage> out;
    if (!r.ok()) return out;
    while (auto m = (*r)->next()) out.push_back(std::move(*m));
    EXPECT_EQ((*r)->bytes_read(), (*r)->bytes_total());
    return out;
  }

  fs::path dir_;
};

TEST_F(MailboxTest, MboxQuotingAndFromDetection) {
  fs::path p = write("inbox.mbox",
                     "From alice@example.com Mon Mar  2 10:12:00 2026\n"
                     "From: alice@example.com\nSubject: one\n\n"
                     "First body.\n>From the start it was quoted.\n>>From deeper.\n\n"
                     "From here on, this line is body text (no date on it).\n\n"
                     "From 10:00 to 12:00 I am out of the office.\n\n"
                     "From bob@example.com Mon Mar  2 11:00:00 2026\n"
                     "From: bob@example.com\nSubject: two\n\nSecond body.\n\n"
                     "From - Tue Mar  3 09:00:00 2026\n"
                     "From: carol@example.com\nSubject: three\n\nThird body.\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].source, p.string() + "#1");
  EXPECT_EQ(msgs[0].bytes,
            "From: alice@example.com\nSubject: one\n\nFirst body.\nFrom the start it was quoted.\n"
            ">From deeper.\n\nFrom here on, this line is body text (no date on it).\n\n"
            "From 10:00 to 12:00 I am out of the office.\n");
  EXPECT_EQ(msgs[1].bytes, "From: bob@example.com\nSubject: two\n\nSecond body.\n");
  EXPECT_EQ(msgs[2].bytes, "From: carol@example.com\nSubject: three\n\nThird body.\n");
  EXPECT_EQ(msgs[2].source, p.string() + "#3");
  for (const auto& m : msgs) EXPECT_EQ(m.error, "");
  auto parsed = Message::from_raw(msgs[1].bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->subject, "two");
}

TEST_F(MailboxTest, MboxFromLinesWithoutDates) {
  // Netscape's "From -" and Gmail's "From id@xxx" carry no date: a header must follow them.
  // A byte-order mark in front of the file is skipped.
  fs::path p =
      write("nodate.mbox",
            "\xEF\xBB\xBF"
            "From -\nSubject: one\n\nMy favourite film:\n\nFrom Russia with love\nYear: 1963\n\n"
            "From 1844347792267117879@xxx\nSubject: two\n\nbody two\n\n"
            "From -\nnot a header line\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].bytes,
            "Subject: one\n\nMy favourite film:\n\nFrom Russia with love\nYear: 1963\n");
  EXPECT_EQ(msgs[1].bytes, "Subject: two\n\nbody two\n\nFrom -\nnot a header line\n");
}

TEST_F(MailboxTest, MboxFromLineWithoutBlankLineBefore) {
  fs::path p =
      write("noblank.mbox",
            "From - \nSubject: one\n\n--b--\nFrom - Mon Jun  3 12:50:27 1996\nSubject: two\n\nx\n"
            "From here, a body line\nwith text after it\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].bytes, "Subject: one\n\n--b--\n");
  EXPECT_EQ(msgs[1].bytes, "Subject: two\n\nx\nFrom here, a body line\nwith text after it\n");
}

TEST_F(MailboxTest, MboxWithCrlfLineEnds) {
  fs::path p = write("crlf.mbox",
                     "From a@x Mon Mar  2 10:12:00 2026\r\nSubject: a\r\n\r\nA\r\n\r\n"
                     "From b@x Mon Mar  2 10:13:00 2026\r\nSubject: b\r\n\r\nB\r\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].bytes, "Subject: a\r\n\r\nA\r\n");
  EXPECT_EQ(msgs[1].bytes, "Subject: b\r\n\r\nB\r\n");
}

TEST_F(MailboxTest, OverLimitAndBrokenMessagesDoNotStopTheOthers) {
  std::string big(5000, 'x');
  fs::path p = write("mixed.mbox",
                     "From a@x Mon Mar  2 10:12:00 2026\nSubject: ok 1\n\nbody 1\n\n"
                     "From b@x Mon Mar  2 10:13:00 2026\nSubject: big\n\n" +
                         big + "\n\n" +
                         "From c@x Mon Mar  2 10:14:00 2026\n\x01\x02\xFF\xFE binary junk\n\n"
                         "From d@x Mon Mar  2 10:15:00 2026\nSubject: ok 2\n\nbody 2\n");
  auto msgs = read_all(p, 1000);
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[0].error, "");
  EXPECT_EQ(msgs[1].error, "message larger than 1000 bytes: skipped");
  EXPECT_TRUE(msgs[1].bytes.empty());
  EXPECT_EQ(msgs[2].error, "");
  auto broken = Message::from_raw(msgs[2].bytes);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, Errc::bad_input);
  auto last = Message::from_raw(msgs[3].bytes);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->subject, "ok 2");
  EXPECT_EQ(last->body_text, "body 2\n");
}

TEST_F(MailboxTest, MaildirSortedAcrossCurAndNew) {
  write("md/cur/1700000002.M2.host:2,S", "Subject: second\n\nb\n");
  write("md/new/1700000001.M1.host", "Subject: first\n\na\n");
  write("md/new/1700000003.M3.host", "Subject: third\n\nc\n");
  write("md/tmp/1700000000.M0.host", "Subject: in tmp, not delivered\n\nx\n");
  write("md/cur/.hidden", "x");
  auto msgs = read_all(dir_ / "md");
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].bytes, "Subject: first\n\na\n");
  EXPECT_EQ(msgs[1].bytes, "Subject: second\n\nb\n");
  EXPECT_EQ(msgs[2].bytes, "Subject: third\n\nc\n");
  EXPECT_EQ(msgs[1].source, (dir_ / "md/cur/1700000002.M2.host:2,S").string());
}

TEST_F(MailboxTest, FolderOfEmlRecursiveAndSorted) {
  write("f/b.eml", "Subject: b\n\nb\n");
  write("f/a.EML", "Subject: a\n\na\n");
  write("f/sub/c.eml", "Subject: c\n\nc\n");
  write("f/notes.txt", "not a message");
  write("f/big.eml", std::string(3000, 'y'));
  auto msgs = read_all(dir_ / "f", 2000);
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[0].bytes, "Subject: a\n\na\n");
  EXPECT_EQ(msgs[1].bytes, "Subject: b\n\nb\n");
  EXPECT_EQ(msgs[2].error, "message larger than 2000 bytes: skipped");
  EXPECT_EQ(msgs[3].bytes, "Subject: c\n\nc\n");
}

TEST_F(MailboxTest, SingleEmlAndMissingInput) {
  fs::path p = write("one.eml", "From: a@b.c\nSubject: one\n\nhi\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].source, p.string());
  EXPECT_EQ(msgs[0].bytes, "From: a@b.c\nSubject: one\n\nhi\n");
  auto missing = MailboxReader::open(dir_ / "nope.mbox");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(MailboxTest, LongLinesAreReadInFull) {
  std::string line(3u << 20, 'z');  // longer than the read buffer
  fs::path p =
      write("long.mbox", "From a@x Mon Mar  2 10:12:00 2026\nSubject: long\n\n" + line +
                             "\n\nFrom b@x Mon Mar  2 10:13:00 2026\nSubject: after\n\nok\n");
  auto msgs = read_all(p);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].bytes.size(), std::string("Subject: long\n\n").size() + line.size() + 1);
  EXPECT_EQ(msgs[1].bytes, "Subject: after\n\nok\n");
}

}  // namespace
}  // namespace courtois
