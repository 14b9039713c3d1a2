// detect_language and ZonedTime::parse_rfc5322.
#include <gtest/gtest.h>

#include "courtois/message.hpp"
#include "courtois/time.hpp"

namespace courtois {
namespace {

TEST(LanguageTest, FrenchAndEnglish) {
  EXPECT_EQ(
      detect_language("Bonjour, je n'ai toujours pas reçu la facture. Pouvez-vous me l'envoyer ?"),
      "fr");
  EXPECT_EQ(detect_language("Très déçu, livré en retard."), "fr");
  EXPECT_EQ(detect_language("Hi, I still have not received the invoice. Could you send it to me?"),
            "en");
  EXPECT_EQ(detect_language("Thanks for the quick answer, it works now."), "en");
}

TEST(LanguageTest, UnknownWithoutEvidence) {
  EXPECT_EQ(detect_language(""), "unknown");
  EXPECT_EQ(detect_language("OK"), "unknown");
  EXPECT_EQ(detect_language("12/03 14h"), "unknown");
  EXPECT_EQ(detect_language("Guten Tag, wie geht es Ihnen heute?"), "unknown");
}

TEST(DateTest, Rfc5322Forms) {
  auto check = [](const char* text, const char* expected) {
    auto t = ZonedTime::parse_rfc5322(text);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_EQ(t->rfc3339(), expected) << text;
  };
  check("Mon, 2 Mar 2026 10:12:00 +0100", "2026-03-02T10:12:00+01:00");
  check("2 Mar 2026 10:12 -0500", "2026-03-02T10:12:00-05:00");       // no weekday, no seconds
  check("Mon, 02 Mar 26 10:12:00 GMT", "2026-03-02T10:12:00+00:00");  // two-digit year
  check("Tue, 3 Mar 98 23:59:59 EST", "1998-03-03T23:59:59-05:00");   // obsolete zone
  check("Wed, 4 Mar 2026 08:00:00 PDT", "2026-03-04T08:00:00-07:00");
  check("Thu, 5 Mar 2026 08:00:00 +0000 (UTC)", "2026-03-05T08:00:00+00:00");
  check("Fri,  6 Mar 2026 08:00:00 Z", "2026-03-06T08:00:00+00:00");
  check("Mon Mar  2 10:12:00 2026", "2026-03-02T10:12:00+00:00");  // asctime
  check("2-Mar-2026 10:12:00 +0530", "2026-03-02T10:12:00+05:30");
  check("Mon, 2 Mar 2026 10:12:00 CET", "2026-03-02T10:12:00+01:00");
  check("Mon, 2 Mar 102 10:12:00 +0000", "2002-03-02T10:12:00+00:00");    // three-digit year
  check("Wed, 24 Jul 0102 21:48:06 +1200", "2002-07-24T21:48:06+12:00");  // year-1900 bug
  check("2002/09/14 Sat 02:29:32 CDT", "2002-09-14T02:29:32-05:00");
}

TEST(DateTest, Rejects) {
  EXPECT_FALSE(ZonedTime::parse_rfc5322("").has_value());
  EXPECT_FALSE(ZonedTime::parse_rfc5322("yesterday").has_value());
  EXPECT_FALSE(ZonedTime::parse_rfc5322("31 Feb 2026 10:00:00 +0000").has_value());
  EXPECT_FALSE(ZonedTime::parse_rfc5322("Mon, 2 2026 10:12:00").has_value());
}

}  // namespace
}  // namespace courtois
