// The date grammar on the expressions of issue 5, resolved against a message date and its
// offset, deadline-forward; and what must not be read as a date.
#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string>

#include "test_support.hpp"

namespace {

using courtois::deadlines_test::analyse;

// Monday 2 March 2026, 10:12 in Paris.
constexpr const char* kMonday = "2026-03-02T10:12:00+01:00";

struct Case {
  const char* text;
  const char* lang;
  const char* value;
  const char* grain;
  const char* end_value = nullptr;
  const char* ref = kMonday;
};

class DateCase : public ::testing::TestWithParam<Case> {};

TEST_P(DateCase, ResolvesForward) {
  const Case& c = GetParam();
  auto a = analyse(c.text, c.ref, c.lang);
  ASSERT_EQ(a.dates.size(), 1u) << c.text;
  const auto& d = a.dates[0];
  EXPECT_EQ(d.value, c.value) << c.text;
  EXPECT_EQ(d.grain, c.grain) << c.text;
  if (c.end_value) {
    ASSERT_TRUE(d.end_value) << c.text;
    EXPECT_EQ(*d.end_value, c.end_value) << c.text;
  }
  // The finding's text is the exact substring at its offsets.
  EXPECT_EQ(std::string(c.text).substr(d.start, d.end - d.start), d.text);
}

INSTANTIATE_TEST_SUITE_P(
    Issue5, DateCase,
    ::testing::Values(
        Case{"Livraison le 15 mars.", "fr", "2026-03-15T00:00:00+01:00", "day"},
        Case{"Pour le 15/03 svp", "fr", "2026-03-15T00:00:00+01:00", "day"},
        Case{"Échéance : 03/04/2026", "fr", "2026-04-03T00:00:00+01:00", "day"},
        Case{"Due 03/04/2026", "en", "2026-04-03T00:00:00+00:00", "day", nullptr,
             "2026-03-02T10:12:00+00:00"},
        Case{"Due 03/04/2026", "en", "2026-03-04T00:00:00-05:00", "day", nullptr,
             "2026-03-02T10:12:00-05:00"},
        Case{"Due 04/13/2026", "en", "2026-04-13T00:00:00+00:00", "day", nullptr,
             "2026-03-02T10:12:00+00:00"},
        Case{"See you March 4th", "en", "2026-03-04T00:00:00+01:00", "day"},
        Case{"Release 2026-03-04", "en", "2026-03-04T00:00:00+01:00", "day"},
        Case{"Rendez-vous à 14h30", "fr", "2026-03-02T14:30:00+01:00", "minute"},
        Case{"Passez vers 14h", "fr", "2026-03-02T14:00:00+01:00", "hour"},
        Case{"Call at 2pm", "en", "2026-03-02T14:00:00+01:00", "hour"},
        Case{"On déjeune à midi", "fr", "2026-03-02T12:00:00+01:00", "minute"},
        Case{"Lunch at noon", "en", "2026-03-02T12:00:00+01:00", "minute"},
        Case{"Je passe demain", "fr", "2026-03-03T00:00:00+01:00", "day"},
        Case{"Livrable après-demain", "fr", "2026-03-04T00:00:00+01:00", "day"},
        Case{"Merci d'ici vendredi", "fr", "2026-03-06T00:00:00+01:00", "day"},
        Case{"On se voit lundi prochain", "fr", "2026-03-09T00:00:00+01:00", "day"},
        // "mardi" said on a Tuesday is the next Tuesday.
        Case{"On se voit mardi", "fr", "2026-03-10T00:00:00+01:00", "day", nullptr,
             "2026-03-03T09:00:00+01:00"},
        Case{"Call me Friday", "en", "2026-03-06T00:00:00+01:00", "day"},
        Case{"la semaine prochaine", "fr", "2026-03-09T00:00:00+01:00", "week",
             "2026-03-15T00:00:00+01:00"},
        Case{"avant la fin du mois", "fr", "2026-03-31T00:00:00+01:00", "day"},
        Case{"début avril", "fr", "2026-04-01T00:00:00+01:00", "day", "2026-04-10T00:00:00+01:00"},
        Case{"Réponse sous 48h", "fr", "2026-03-04T10:12:00+01:00", "hour"},
        Case{"dans deux semaines", "fr", "2026-03-16T10:12:00+01:00", "day"},
        Case{"Send it EOD tomorrow", "en", "2026-03-03T18:00:00+01:00", "hour"},
        Case{"by Thursday", "en", "2026-03-05T00:00:00+01:00", "day"},
        Case{"next week", "en", "2026-03-09T00:00:00+01:00", "week"},
        Case{"by the end of Q2", "en", "2026-06-30T00:00:00+01:00", "day"},
        Case{"in 3 business days", "en", "2026-03-05T10:12:00+01:00", "day"},
        Case{"du 3 au 5 mars", "fr", "2026-03-03T00:00:00+01:00", "day",
             "2026-03-05T00:00:00+01:00"},
        Case{"between 2 and 4pm", "en", "2026-03-02T14:00:00+01:00", "hour",
             "2026-03-02T16:00:00+01:00"},
        Case{"le 12 juillet à 19:00", "fr", "2026-07-12T19:00:00+01:00", "minute"},
        Case{"Friday 9:00 PST", "en", "2026-03-06T18:00:00+01:00", "minute"},
        Case{"il y a 5 jours", "fr", "2026-02-25T10:12:00+01:00", "day"},
        Case{"the 19th", "en", "2026-03-19T00:00:00+01:00", "day"},
        Case{"dans 1 mois", "fr", "2026-04-02T10:12:00+01:00", "day"},
        // A weekday and a day number: that day, in the month where it falls on
        // that weekday; a colon after it with a space (French) keeps it a day.
        Case{"Rendez-vous vendredi 13 à 10h.", "fr", "2026-03-13T10:00:00+01:00", "hour"},
        Case{"Can we meet Tuesday the 10th at 2pm?", "en", "2026-03-10T14:00:00+01:00", "hour"},
        Case{"Le délai court jusqu'au vendredi 13.", "fr", "2026-03-13T00:00:00+01:00", "day"},
        Case{"See you Friday 13th.", "en", "2026-03-13T00:00:00+01:00", "day"},
        Case{"Le rendez-vous est maintenu au jeudi 2.", "fr", "2026-04-02T00:00:00+01:00", "day"},
        Case{"La livraison est prévue le 20 : merci de confirmer.", "fr",
             "2026-03-20T00:00:00+01:00", "day"},
        Case{"Delivery is planned for the 20th: please confirm.", "en", "2026-03-20T00:00:00+01:00",
             "day"},
        // Not a day: a count, or the start of a range of hours.
        Case{"On Friday 3 people will attend.", "en", "2026-03-06T00:00:00+01:00", "day"},
        Case{"Tuesday 10 am works for me.", "en", "2026-03-03T10:00:00+01:00", "hour"}));

TEST(DateGrammar, NotDates) {
  for (const char* text :
       {"Appelez-moi au 06 12 34 56 78 ou au +33 1 23 45 67 89.", "Total : 1 194,09 € TTC",
        "The total is $1,194.09.", "Version 2.3.1 est sortie, puis la 1.10.30.",
        "Commande n° 2024-0012 et facture #4589.", "Remise de 12.53% sur 3 articles.",
        "I may be late. May the force be with you.", "Il y a 3 personnes.", "2020", "Score 10 - 20",
        "jan", "mar"}) {
    auto a = analyse(text, kMonday, "fr");
    EXPECT_TRUE(a.dates.empty()) << text << ": " << (a.dates.empty() ? "" : a.dates[0].text);
  }
}

// The texts of `texts` hold no date; `lang` is the message language.
void expect_no_date(std::initializer_list<const char*> texts, const char* lang) {
  for (const char* text : texts) {
    auto a = analyse(text, kMonday, lang);
    EXPECT_TRUE(a.dates.empty()) << text << ": " << (a.dates.empty() ? "" : a.dates[0].text);
  }
}

// Each text holds one date, the given span with the given value.
void expect_date(std::initializer_list<std::array<const char*, 3>> cases, const char* lang) {
  for (const auto& [text, span, value] : cases) {
    auto a = analyse(text, kMonday, lang);
    ASSERT_EQ(a.dates.size(), 1u) << text;
    EXPECT_EQ(a.dates[0].text, span) << text;
    EXPECT_EQ(a.dates[0].value, value) << text;
  }
}

// An ordinal day with an hour after it is a date even without an article, as when a client
// takes up a slot: "24th at 9:30 is great". A bare number before an hour stays a count.
TEST(DateGrammar, AnOrdinalDayBeforeAnHourNeedsNoArticle) {
  expect_date({{"24th at 9:30 is great, please put me down for that.", "24th at 9:30",
                "2026-03-24T09:30:00+01:00"},
               {"26th at 10am works.", "26th at 10am", "2026-03-26T10:00:00+01:00"}},
              "en");
  expect_no_date({"Our 24th at bat was the best."}, "en");
}

// « Ce jour-là » points back to a day named before it; « ce jour » alone is today.
TEST(DateGrammar, CeJourLaIsNotToday) {
  expect_no_date({"Seriez-vous disponible ce jour-là ?", "Ce jour là, nous serons fermés."}, "fr");
  expect_date({{"Le paiement est dû à ce jour.", "ce jour", "2026-03-02T00:00:00+01:00"}}, "fr");
}

// A number before a street word is a street number, not a day of the month.
TEST(DateGrammar, AStreetNumberIsNoDay) {
  expect_no_date({"L'adresse de livraison est désormais le 5 rue des Lilas.",
                  "Nous livrons au 12 bis avenue Foch.", "Le chantier du 8 boulevard Voltaire."},
                 "fr");
  expect_no_date({"Meet me at the 21st Street store."}, "en");
  expect_date({{"Nous livrons au 5 avenue Foch le 12.", "12", "2026-03-12T00:00:00+01:00"}}, "fr");
}

// Units of time that are also ordinals: after an article, "second" is the adjective ("a second
// site") or an idiom ("give me a second"), a time only with an offset word after it.
TEST(DateGrammar, AUnitThatIsAlsoAnOrdinalIsNoDurationAfterAnArticle) {
  expect_no_date({"We need a quote for a second site in Lyon.", "Can we book a second meeting?",
                  "I'd like a second opinion.", "Give me a second.", "I'll be there in a second."},
                 "en");
  expect_no_date({"Il nous faut un devis pour un second site.", "Une seconde réunion est prévue.",
                  "Une seconde, je regarde.", "C'est réglé en une seconde.",
                  "Dans une seconde vie, le produit sera recyclé."},
                 "fr");
  expect_date({{{"It failed a second later.", "a second later", "2026-03-02T10:12:01+01:00"}},
               {{"Retry in 30 seconds.", "in 30 seconds", "2026-03-02T10:12:30+01:00"}}},
              "en");
  expect_date({{{"Le voyant s'allume une seconde plus tard.", "une seconde plus tard",
                 "2026-03-02T10:12:01+01:00"}},
               {{"Réessayez dans 30 secondes.", "dans 30 secondes", "2026-03-02T10:12:30+01:00"}}},
              "fr");
}

// A duration followed by a preposition and a noun phrase counts from that event, whose date the
// text does not give: "quatorze jours suivant la réception" is not fourteen days after the mail.
TEST(DateGrammar, ADurationCountedFromAnEventIsNoDate) {
  expect_no_date({"Payment is due 30 days following the delivery.", "3 days before the meeting",
                  "within 30 days of the invoice date", "2 weeks prior to the launch",
                  "two weeks after your order"},
                 "en");
  expect_no_date({"Le paiement est dû quatorze jours suivant la réception de la facture.",
                  "dans les 30 jours suivant votre commande", "3 jours avant la réunion",
                  "30 jours après la livraison", "sous huit jours à compter de la commande"},
                 "fr");
  // Counted from the message, they stay dates.
  expect_date({{{"Payment within 30 days.", "within 30 days", "2026-04-01T10:12:00+01:00"}},
               {{"It crashed 3 days ago.", "3 days ago", "2026-02-27T10:12:00+01:00"}},
               {{"Done 5 days from now.", "5 days from now", "2026-03-07T10:12:00+01:00"}}},
              "en");
  expect_date(
      {{{"Paiement sous quatorze jours.", "sous quatorze jours", "2026-03-16T10:12:00+01:00"}},
       {{"Bloquez les 14 jours suivants.", "les 14 jours suivants", "2026-03-16T10:12:00+01:00"}},
       {{"Livré 2 jours plus tard.", "2 jours plus tard", "2026-03-04T10:12:00+01:00"}}},
      "fr");
}

// A plural unit with no number names no period: "les jours suivants" is not "le jour suivant".
TEST(DateGrammar, APluralUnitWithoutANumberIsNoPeriod) {
  expect_no_date({"in the coming weeks", "over the next months", "Here are this weeks tips."},
                 "en");
  expect_no_date(
      {"Les jours suivants ont été calmes.", "dans les semaines prochaines", "les mois suivants"},
      "fr");
  expect_date({{{"See you next week.", "next week", "2026-03-09T00:00:00+01:00"}}}, "en");
  expect_date(
      {{{"Rendez-vous la semaine suivante.", "la semaine suivante", "2026-03-09T00:00:00+01:00"}}},
      "fr");
}

// "now", "maintenant" are adverbs of the sentence unless they stand as a complement.
TEST(DateGrammar, NowIsATimeOnlyAsAComplement) {
  expect_no_date({"Now we can move forward.", "Right now I am busy.", "It now seems fine.",
                  "Now, about the invoice."},
                 "en");
  expect_no_date({"Nous pouvons maintenant avancer.", "Je vous envoie maintenant le devis.",
                  "C'est maintenant ou jamais.", "Maintenant, parlons de la facture."},
                 "fr");
  expect_date({{{"The deadline is now.", "now", "2026-03-02T10:12:00+01:00"}},
               {{"I need it right now!", "right now", "2026-03-02T10:12:00+01:00"}},
               {{"From now on we ship on Fridays.", "now", "2026-03-02T10:12:00+01:00"}}},
              "en");
  expect_date({{{"La deadline est maintenant.", "maintenant", "2026-03-02T10:12:00+01:00"}},
               {{"Applicable dès maintenant.", "maintenant", "2026-03-02T10:12:00+01:00"}},
               {{"Rien reçu jusqu'à maintenant.", "maintenant", "2026-03-02T10:12:00+01:00"}}},
              "fr");
}

// A time zone abbreviation that is also a word of the grammar ("et": ET, "and") is no zone
// before another number: "entre 9h et 11h" is a range in the message's own time.
TEST(DateGrammar, AZoneThatIsAlsoARangeWordIsNoZoneBeforeANumber) {
  auto a = analyse("Réunion jeudi 12 mars entre 9h et 11h.", kMonday, "fr");
  ASSERT_EQ(a.dates.size(), 1u);
  EXPECT_EQ(a.dates[0].value, "2026-03-12T09:00:00+01:00");
  ASSERT_TRUE(a.dates[0].end_value);
  EXPECT_EQ(*a.dates[0].end_value, "2026-03-12T11:00:00+01:00");
  expect_date({{{"Call at 5pm ET.", "5pm ET", "2026-03-02T23:00:00+01:00"}}}, "en");
}

// Opening hours in a signature or a body are a weekly schedule, not a date: a range of bare
// weekdays with a range of times, in either order. A weekday range alone stays a date range,
// and so does a named week.
TEST(DateGrammar, OpeningHoursAreNoDate) {
  expect_no_date({"Nos bureaux sont ouverts du lundi au vendredi de 9h à 18h.",
                  "Joignables du lundi au vendredi, 9h-17h.",
                  "Permanence téléphonique de 9h à 12h et de 14h à 18h du lundi au vendredi.",
                  "Horaires : lundi-vendredi 8h30-12h00 / 14h00-18h00"},
                 "fr");
  expect_no_date(
      {"Our office hours are Monday to Friday, 9am to 5pm.",
       "Support: Mon-Fri 8:30-12:00 and 14:00-18:00", "Open 9am-6pm Monday through Friday."},
      "en");
  expect_date({{"Vacation Monday to Friday.", "Monday to Friday", "2026-03-09T00:00:00+01:00"}},
              "en");
  auto week =
      analyse("Je serai absent du lundi au vendredi de la semaine prochaine.", kMonday, "fr");
  ASSERT_EQ(week.dates.size(), 1u);
  EXPECT_EQ(week.dates[0].value, "2026-03-09T00:00:00+01:00");
  // Two named days with times are dates: "et" joins days, it does not span a week.
  EXPECT_FALSE(
      analyse("Je suis disponible lundi et mardi de 9h à 12h.", kMonday, "fr").dates.empty());
}

// A time a few words after a day, in the same clause, is on that day.
TEST(DateGrammar, ATimeAfterADayIsOnThatDay) {
  struct TimeCase {
    const char* text;
    const char* lang;
    const char* start;
    const char* end;
  };
  for (const auto& c :
       {TimeCase{"The training will take place on April 8 and 9, from 9:30 to 12:30.", "en",
                 "2026-04-08T09:30:00+01:00", "2026-04-08T12:30:00+01:00"},
        TimeCase{"Réunion jeudi 12 mars avec l'équipe, de 14h à 16h.", "fr",
                 "2026-03-12T14:00:00+01:00", "2026-03-12T16:00:00+01:00"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_GE(a.dates.size(), 2u) << c.text;
    const auto& t = a.dates.back();
    EXPECT_EQ(t.value, c.start) << c.text;
    ASSERT_TRUE(t.end_value) << c.text;
    EXPECT_EQ(*t.end_value, c.end) << c.text;
  }
  // The second day of "April 8 and 9" is a date of its own; a number that counts things is not.
  auto two =
      analyse("The training will take place on April 8 and 9, from 9:30 to 12:30.", kMonday, "en");
  ASSERT_EQ(two.dates.size(), 3u);
  EXPECT_EQ(two.dates[1].text, "9");
  EXPECT_EQ(two.dates[1].value, "2026-04-09T00:00:00+01:00");
  auto count = analyse("Livraison le 12 mars et 14 colis restants.", kMonday, "fr");
  ASSERT_EQ(count.dates.size(), 1u);
  EXPECT_EQ(count.dates[0].text, "12 mars");
  // Another sentence: the time is not tied to the day before it.
  auto a = analyse("La livraison est prévue le 12 mars. Appelez-moi à 14h.", kMonday, "fr");
  ASSERT_EQ(a.dates.size(), 2u);
  EXPECT_EQ(a.dates[1].value, "2026-03-02T14:00:00+01:00");
}

// "the 20th" after "Saturday 20 June" in the same text is that day; a day number that no
// earlier date names is still this month's.
TEST(DateGrammar, ADayNumberAloneTakesTheMonthOfAnEarlierDateWithThatDay) {
  auto a = analyse("We are getting married on Saturday 20 June. Are you free on the 20th?", kMonday,
                   "en");
  ASSERT_EQ(a.dates.size(), 2u);
  EXPECT_EQ(a.dates[1].text, "20th");
  EXPECT_EQ(a.dates[1].value.substr(0, 10), "2026-06-20");
  auto b = analyse("Le mariage est le samedi 20 juin. Êtes-vous libre le 20 ?", kMonday, "fr");
  ASSERT_EQ(b.dates.size(), 2u);
  EXPECT_EQ(b.dates[1].value.substr(0, 10), "2026-06-20");
  auto c = analyse("The launch is on 20 June. Can you call me on the 12th?", kMonday, "en");
  ASSERT_EQ(c.dates.size(), 2u);
  EXPECT_EQ(c.dates[1].value.substr(0, 10), "2026-03-12");
}

TEST(DateGrammar, InvalidCalendarDatesAreRejected) {
  for (const char* text : {"32 août 2026", "29 février 2026", "31/04/2026", "le 2026-13-45"}) {
    auto a = analyse(text, kMonday, "fr");
    EXPECT_TRUE(a.dates.empty()) << text;
  }
}

TEST(DateGrammar, WithoutAMessageDateOnlyFullDatesResolve) {
  auto a = analyse("Rendez-vous demain, ou le 15 mars 2026 au plus tard.", "", "fr");
  ASSERT_EQ(a.dates.size(), 1u);
  EXPECT_EQ(a.dates[0].text, "15 mars 2026");
  EXPECT_EQ(a.dates[0].value, "2026-03-15T00:00:00+00:00");
}

TEST(DateGrammar, RolesComeFromCueWords) {
  struct RoleCase {
    const char* text;
    const char* lang;
    const char* role;
  };
  for (const auto& c : {RoleCase{"Merci de le faire avant le 15 mars.", "fr", "deadline"},
                        RoleCase{"Please do it no later than March 15.", "en", "deadline"},
                        RoleCase{"La réunion est fixée à jeudi 10h.", "fr", "meeting"},
                        RoleCase{"Let's have the call on Thursday.", "en", "meeting"},
                        RoleCase{"La livraison aura lieu le 12 mars.", "fr", "delivery"},
                        RoleCase{"The invoice is due on April 30.", "en", "payment"},
                        RoleCase{"Merci de me donner votre réponse d'ici lundi.", "fr", "reply"},
                        RoleCase{"Nous nous sommes vus le 12 février.", "fr", "mention"}}) {
    auto a = analyse(c.text, kMonday, c.lang);
    ASSERT_EQ(a.dates.size(), 1u) << c.text;
    EXPECT_EQ(a.dates[0].role, c.role) << c.text;
  }
}

TEST(DateGrammar, ManyDatesInOneMessageKeepTheirOffsets) {
  std::string text =
      "Bonjour,\nla réunion du 10 mars à 14h est déplacée au 12 mars à 9h30. Merci de confirmer "
      "avant demain midi.\n";
  auto a = analyse(text, kMonday, "fr");
  ASSERT_EQ(a.dates.size(), 3u);
  EXPECT_EQ(a.dates[0].value, "2026-03-10T14:00:00+01:00");
  EXPECT_EQ(a.dates[1].value, "2026-03-12T09:30:00+01:00");
  EXPECT_EQ(a.dates[2].value, "2026-03-03T12:00:00+01:00");
  for (const auto& d : a.dates) EXPECT_EQ(text.substr(d.start, d.end - d.start), d.text);
}

}  // namespace

namespace {

// Pathological inputs are read in bounded time, without a crash.
TEST(DateGrammar, PathologicalInputs) {
  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += "1-";
  std::string after;
  for (int i = 0; i < 5000; ++i) after += "2 days after ";
  after += "tomorrow";
  std::string mixed;
  for (int i = 0; i < 3000; ++i) mixed += "le 15 mars à 14h du 3 au 5 avril, dans 99999 ans; ";
  std::string bytes;
  for (int i = 0; i < 20000; ++i) bytes += static_cast<char>((i * 7919) % 256);
  std::string hours = "du lundi au vendredi ";  // opening hours with a very long list of hours
  for (int i = 0; i < 20000; ++i) hours += "9h-12h, 14h-18h et lundi au vendredi ";
  // Many sentences, each with a role cue, a change verb and a date: each date looks at its
  // own sentence's cues (this text took cubic time: 17 s for a fifth of it).
  std::string sentences;
  for (int i = 0; i < 12000; ++i) sentences += "La livraison du 12 est repoussée d'une semaine. ";
  for (const std::string& text :
       {chain, after, mixed, bytes, hours, sentences, std::string(100000, '9'),
        std::string("in 1000000000000 years"), std::string()}) {
    auto a = analyse(text, kMonday, "fr");
    for (const auto& d : a.dates) EXPECT_LE(d.end, a.text.size());
  }
}

}  // namespace
