#include <gtest/gtest.h>

#include <cctype>

#include "courtois/text.hpp"

using namespace courtois;

TEST(Fold, LowerCasesAndRemovesAccentsWithOffsets) {
  std::string src = "Ça FAIT «trois» fois qu’on écrit… Œuvre";
  FoldedText f = fold(src);
  EXPECT_EQ(f.text, "ca fait \"trois\" fois qu'on ecrit... oeuvre");
  ASSERT_EQ(f.origin.size(), f.text.size() + 1);
  auto pos = f.text.find("ecrit...");
  Span s = f.source_span(pos, pos + std::string("ecrit...").size());
  EXPECT_EQ(src.substr(s.start, s.size()), "écrit…");
  pos = f.text.find("oeuvre");
  s = f.source_span(pos, pos + 6);
  EXPECT_EQ(src.substr(s.start, s.size()), "Œuvre");
  // A span that ends inside a character folded to several bytes covers the whole character.
  s = f.source_span(pos, pos + 1);
  EXPECT_EQ(src.substr(s.start, s.size()), "Œ");
}

TEST(Fold, InvalidUtf8BecomesSpaceAndKeepsOffsets) {
  std::string src =
      "ab\xff\xfe"
      "cd";
  FoldedText f = fold(src);
  EXPECT_EQ(f.text, "ab  cd");
  auto s = f.source_span(4, 6);
  EXPECT_EQ(src.substr(s.start, s.size()), "cd");
}

namespace {
// The text of each sentence `sentences` finds.
std::vector<std::string> sentence_texts(const std::string& text, const char* lang) {
  std::vector<std::string> got;
  for (auto s : sentences(text, lang)) got.push_back(text.substr(s.start, s.size()));
  return got;
}
}  // namespace

TEST(Sentences, JoinsHardWrappedLinesButKeepsGreetingsAndLists) {
  std::string text =
      "Bonjour Marie,\nPourriez-vous m'envoyer le devis\navant vendredi ? Merci.\n\n"
      "- premier point\n- second point\n";
  auto got = sentence_texts(text, "fr");
  ASSERT_EQ(got.size(), 5u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0], "Bonjour Marie,");
  EXPECT_EQ(got[1], "Pourriez-vous m'envoyer le devis\navant vendredi ?");
  EXPECT_EQ(got[2], "Merci.");
  EXPECT_EQ(got[3], "- premier point");
  EXPECT_EQ(got[4], "- second point");
}

// A line that ends where a wrapping program would have gone on was ended by hand: each line
// typed on a phone is a sentence of its own, punctuation or not.
TEST(Sentences, KeepsLinesBrokenByHand) {
  std::string text =
      "the link said error on the last one\n"
      "also does the money a US client paid me through paypal count as UK income\n"
      "le voyant du nas est orange clignotant c'est grave ?\n";
  EXPECT_EQ(sentence_texts(text, "en"),
            (std::vector<std::string>{
                "the link said error on the last one",
                "also does the money a US client paid me through paypal count as UK income",
                "le voyant du nas est orange clignotant c'est grave ?"}));
}

// No mail program wraps beyond 80 columns: lines wider than that were ended by hand, even when
// the next line's first word would not have fitted on the widest of them.
TEST(Sentences, KeepsBreaksAfterLinesTooWideToBeWrapped) {
  std::string text =
      "il peut venir quand pour la premiere seance ? le chirurgien veut que ca commence cette "
      "semaine\n"
      "est ce que je dois acheter une attelle ou des bequilles particulieres, j'ai les miennes\n"
      "camille\n";
  EXPECT_EQ(sentence_texts(text, "fr"),
            (std::vector<std::string>{
                "il peut venir quand pour la premiere seance ?",
                "le chirurgien veut que ca commence cette semaine",
                "est ce que je dois acheter une attelle ou des bequilles particulieres, j'ai les "
                "miennes",
                "camille"}));
}

// Wrapped at 40 columns: the next word would not have fitted, so the lines are one sentence.
TEST(Sentences, JoinsLinesAProgramWrapped) {
  std::string text =
      "Could you let me know whether the spare\n"
      "bedroom counts towards the use-of-home\n"
      "figure this year?\n";
  EXPECT_EQ(sentence_texts(text, "en"),
            std::vector<std::string>{"Could you let me know whether the spare\n"
                                     "bedroom counts towards the use-of-home\n"
                                     "figure this year?"});
}

// Mail typed without capitals still ends its sentences with a full stop; ICU reads a full stop
// before a lower-case word as an abbreviation's and goes on.
TEST(Sentences, BreaksAtAFullStopBeforeALowerCaseWord) {
  EXPECT_EQ(sentence_texts("theres water under the boiler, small puddle every morning. can you "
                           "come today?? whats the charge on a saturday. also should i turn it off",
                           "en"),
            (std::vector<std::string>{"theres water under the boiler, small puddle every morning.",
                                      "can you come today??", "whats the charge on a saturday.",
                                      "also should i turn it off"}));
  EXPECT_EQ(
      sentence_texts("en bois ou en composite on hésite. vous pouvez passer ?", "fr"),
      (std::vector<std::string>{"en bois ou en composite on hésite.", "vous pouvez passer ?"}));
  // After a number too, when it is not a list number.
  EXPECT_EQ(sentence_texts("the reference is BP-7734219. do i need it printed", "en"),
            (std::vector<std::string>{"the reference is BP-7734219.", "do i need it printed"}));
}

// Not after an abbreviation, a single letter, a word with a full stop inside or an ellipsis.
TEST(Sentences, KeepsAbbreviationsBeforeALowerCaseWord) {
  for (const char* text :
       {"Bring the forms, the keys etc. and the remote.", "It costs approx. two hundred.",
        "Voir cf. la facture jointe.", "Call me e.g. tomorrow morning.",
        "We open at 9 a.m. tomorrow.", "Well... maybe next week.", "Ask M. dupont for it.",
        "See point 2. then sign below."})
    EXPECT_EQ(sentence_texts(text, "en").size(), 1u) << text;
}

TEST(Words, SkipsPunctuation) {
  std::string text = "L'offre, c'est 12 €.";
  auto w = words(text);
  std::vector<std::string> got;
  for (auto s : w) got.push_back(text.substr(s.start, s.size()));
  EXPECT_EQ(got, (std::vector<std::string>{"L'offre", "c'est", "12"}));
}

TEST(Utf8, SanitizeReplacesInvalidSequences) {
  EXPECT_EQ(sanitize_utf8("a\xc3(b"), "a\xEF\xBF\xBD(b");
  EXPECT_TRUE(is_valid_utf8("é"));
  EXPECT_FALSE(is_valid_utf8("\xe9t\xe9"));
  EXPECT_EQ(sanitize_utf8("été"), "été");
}

TEST(Text, WordBytesAreAsciiLettersDigitsAndEveryByteOfMultiByteCharacters) {
  for (int c = 0; c < 256; ++c)
    EXPECT_EQ(courtois::is_word_byte(static_cast<unsigned char>(c)),
              std::isalnum(c) != 0 || c >= 0x80)
        << c;
}
