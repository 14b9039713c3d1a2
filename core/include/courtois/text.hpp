// Text utilities on UTF-8, backed by ICU: folding for matching, sentence and word breaking.
// Offsets are always UTF-8 byte offsets into the original text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace courtois {

struct Span {
  std::size_t start = 0, end = 0;
  std::size_t size() const { return end - start; }
  friend bool operator==(const Span&, const Span&) = default;
};

// A folded copy of a text for matching: lower case, diacritics removed ("é" -> "e",
// "ß" -> "ss", "œ" -> "oe"), typographic apostrophes and quotes made ASCII (’ -> '), NBSP and
// other spaces made ' ', ellipsis "…" -> "...". Every folded byte maps back to the
// original: origin[i] is the source offset of the character that produced folded byte i;
// origin[text.size()] == source size.
struct FoldedText {
  std::string text;
  std::vector<std::uint32_t> origin;

  // Source span of folded span [start, end): from the start of the first character to the
  // end of the last one.
  Span source_span(std::size_t start, std::size_t end) const;
  // The folded offset of a source offset: the first folded byte whose source is at or after
  // it (text.size() past the end).
  std::size_t folded_offset(std::size_t source_offset) const;
};

FoldedText fold(std::string_view utf8);
// Fold a pattern word or phrase the same way (no offsets).
std::string fold_string(std::string_view utf8);

// Sentences (ICU sentence break, with line breaks of blank lines and list items treated as
// boundaries; trailing white space excluded from each span).
std::vector<Span> sentences(std::string_view utf8, std::string_view lang = "en");
// Words (ICU word break, only spans holding letters or digits).
std::vector<Span> words(std::string_view utf8);

// Replaces invalid UTF-8 sequences by U+FFFD.
std::string sanitize_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// A byte of a word in UTF-8 text: an ASCII letter or digit, or any byte of a multi-byte
// character. What std::isalnum(c) || c >= 0x80 says in the C locale, in one table load (the
// matcher checks it at both ends of every raw match).
inline constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  return t;
}();
inline bool is_word_byte(unsigned char c) {
  return kWordBytes[c];
}

// Trims ASCII white space.
std::string_view trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);

}  // namespace courtois
