// Bad input: each case is analysed as far as is safe or refused with a named error, never a
// crash. (Time and memory bounds are exercised here and by the fuzzer; not timed.)
#include <gtest/gtest.h>

#include <string>

#include "courtois/message.hpp"

namespace courtois {
namespace {

bool has_note(const Message& m, std::string_view part) {
  for (const auto& s : m.skipped)
    if (s.find(part) != std::string::npos) return true;
  return false;
}

TEST(BadInputTest, EmptyInputIsRefused) {
  auto r = Message::from_raw("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_input);
  EXPECT_EQ(r.error().message, "empty message");
  EXPECT_FALSE(Message::from_raw(" \r\n\n").ok());
}

TEST(BadInputTest, BinaryInputIsRefused) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131 + 7) % 256));
  auto r = Message::from_raw(junk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_input);
  EXPECT_NE(r.error().message.find("no header field"), std::string::npos);
}

TEST(BadInputTest, TruncatedMessagesAreReadAsFarAsTheyGo) {
  // Cut inside the headers: no body at all.
  auto a = Message::from_raw("From: a@example.com\nSubject: cut her");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->subject, "cut her");
  EXPECT_EQ(a->body_text, "");
  // Cut inside a base64 part and inside an encoded word.
  auto b = Message::from_raw(
      "From: a@example.com\nSubject: =?UTF-8?B?UmU6IFLDqXVu\nContent-Type: multipart/mixed; "
      "boundary=q\n\n"
      "--q\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
      "Vm9pY2kgbGUgY29tcHRlIHJlbmR1IGRl");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->subject, "=?UTF-8?B?UmU6IFLDqXVu");
  EXPECT_EQ(b->body_text, "Voici le compte rendu de\n");
  EXPECT_TRUE(has_note(*b, "never closed"));
}

TEST(BadInputTest, TenMegabyteHeaderLineIsCut) {
  std::string raw =
      "From: a@example.com\nSubject: " + std::string(10u << 20, 'S') + "\nX-After: kept\n\nbody\n";
  auto r = Message::from_raw(raw);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subject.size(), ParseLimits{}.max_header_line);
  EXPECT_TRUE(has_note(*r, "header field Subject longer than 65536 bytes: cut"));
  EXPECT_EQ(r->header("X-After").value_or(""), "kept");
  EXPECT_EQ(r->body_text, "body\n");
  // Folded continuation lines of one huge field are bounded the same way.
  std::string folded = "From: a@example.com\nReferences:";
  for (int i = 0; i < 200000; ++i) folded += " <id" + std::to_string(i) + "@example.com>\n";
  folded += "\nbody\n";
  auto f = Message::from_raw(folded);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(has_note(*f, "header field References longer than"));
  EXPECT_EQ(f->body_text, "body\n");
}

TEST(BadInputTest, HugeHeaderBlockIsBounded) {
  std::string raw = "From: a@example.com\n";
  for (int i = 0; i < 100000; ++i) raw += "X-Junk-" + std::to_string(i) + ": some value here\n";
  raw += "\nbody\n";
  auto r = Message::from_raw(raw);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, "header block larger than 1048576 bytes"));
  EXPECT_LT(r->headers.size(), 100000u);
  EXPECT_EQ(r->body_text, "body\n");
}

TEST(BadInputTest, HundredThousandNestedParts) {
  std::string raw =
      "From: a@example.com\nSubject: deep\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n";
  const int depth = 100000;
  for (int i = 1; i <= depth; ++i)
    raw += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=\"b" +
           std::to_string(i) + "\"\n\n";
  raw += "--b" + std::to_string(depth) + "\nContent-Type: text/plain\n\ninnermost\n";
  for (int i = depth; i >= 0; --i) raw += "--b" + std::to_string(i) + "--\n";
  auto r = Message::from_raw(raw);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subject, "deep");
  EXPECT_TRUE(has_note(*r, "multipart nested deeper than 32 levels: its parts skipped"));
  EXPECT_EQ(r->body_text, "");
}

TEST(BadInputTest, HundredThousandSiblingParts) {
  std::string raw = "From: a@example.com\nContent-Type: multipart/mixed; boundary=s\n\n";
  for (int i = 0; i < 100000; ++i)
    raw += "--s\nContent-Type: text/plain\n\npart " + std::to_string(i) + "\n";
  raw += "--s--\n";
  auto r = Message::from_raw(raw);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, "more than 1000 MIME parts: the rest skipped"));
  EXPECT_EQ(r->body_text.substr(0, 16), "part 0\n\npart 1\n\n");
}

TEST(BadInputTest, UnclosedAndMissingBoundaries) {
  auto unclosed = Message::from_raw(
      "From: a@example.com\nContent-Type: multipart/mixed; boundary=u\n\n--u\nContent-Type: "
      "text/plain\n\n"
      "still here\n");
  ASSERT_TRUE(unclosed.ok());
  EXPECT_EQ(unclosed->body_text, "still here\n");
  EXPECT_TRUE(has_note(*unclosed, "multipart boundary \"u\" never closed"));
  auto no_boundary =
      Message::from_raw("From: a@example.com\nContent-Type: multipart/mixed\n\ntext anyway\n");
  ASSERT_TRUE(no_boundary.ok());
  EXPECT_EQ(no_boundary->body_text, "text anyway\n");
  EXPECT_TRUE(has_note(*no_boundary, "without a usable boundary"));
  auto no_part = Message::from_raw(
      "From: a@example.com\nContent-Type: multipart/mixed; boundary=zz\n\nno delimiter\n");
  ASSERT_TRUE(no_part.ok());
  EXPECT_EQ(no_part->body_text, "no delimiter\n");
  EXPECT_TRUE(has_note(*no_part, "no part found for boundary"));
}

TEST(BadInputTest, MessageOverSizeLimitIsAnalysedAsFarAsTheLimit) {
  ParseLimits limits;
  limits.max_message_bytes = 1000;
  std::string raw = "From: a@example.com\nSubject: big\n\n" + std::string(5000, 'a') + "\n";
  auto r = Message::from_raw(raw, limits);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subject, "big");
  EXPECT_TRUE(has_note(*r, "larger than the limit of 1000 bytes"));
  EXPECT_LE(r->body_text.size(), 1000u);
}

TEST(BadInputTest, TextLimitCutsOnACharacterBoundary) {
  ParseLimits limits;
  limits.max_text_bytes = 101;
  std::string body;
  for (int i = 0; i < 100; ++i) body += "é";
  auto r = Message::from_raw(
      "From: a@example.com\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n", limits);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body_text.size(), 101u);  // 50 "é" and the final line break
  EXPECT_TRUE(has_note(*r, "text longer than 101 bytes"));
}

TEST(BadInputTest, DeeplyNestedHtmlIsStrippedWithoutATree) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep text";
  auto r = Message::from_raw("From: a@example.com\nContent-Type: text/html\n\n" + html + "\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body_text, "deep text\n");
  EXPECT_TRUE(has_note(*r, "HTML nested deeper than"));
}

TEST(BadInputTest, BrokenHeadersAndEncodings) {
  auto r = Message::from_raw(
      "From: \"unterminated <a@example.com\nTo: <<<>>>, ,,\nDate: not a date\n"
      "Content-Type: text/plain; charset=\"\n"
      "Content-Transfer-Encoding: x-unknown\n"
      "Subject: =?utf-8?B?####?= =?bogus-charset?Q?caf=E9?=\n\nbody =ZZ\n");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->date.has_value());
  EXPECT_TRUE(has_note(*r, "date \"not a date\" could not be read"));
  EXPECT_TRUE(has_note(*r, "unknown transfer encoding \"x-unknown\""));
  EXPECT_EQ(r->subject, "café");
  EXPECT_EQ(r->body_text, "body =ZZ\n");
}

}  // namespace
}  // namespace courtois
