// Private building blocks of the mail layer (core/src/mail/): decoders, charset conversion,
// header parameter and address parsing, HTML to text. None of them throws, recurses on
// attacker-controlled depth, or reads outside its input: they run on raw mail bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "courtois/message.hpp"

namespace courtois::mail {

std::string lower_ascii(std::string_view s);
std::string_view trim_ws(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// UTF-8 validity and repair (invalid sequences become U+FFFD).
bool valid_utf8(std::string_view s);
std::string repair_utf8(std::string_view s);
// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void truncate_utf8(std::string& s, std::size_t max);

// Transfer decodings. Invalid input is skipped, never read past.
std::string decode_base64(std::string_view in);
// `q_header`: RFC 2047 "Q" flavour ('_' is a space, no soft line breaks).
std::string decode_quoted_printable(std::string_view in, bool q_header = false);

// Converts `bytes` in `charset` (a MIME label) to valid UTF-8. latin-1, iso-8859-1 and
// us-ascii are read as windows-1252; an empty label means "not declared". An unknown label or
// an undeclared non-UTF-8 text is detected with ICU; `note` then says what happened.
std::string to_utf8(std::string_view bytes, std::string_view charset, std::string* note = nullptr);

// An unstructured header value: RFC 2047 encoded words decoded (adjacent words of one
// charset joined before conversion, so UTF-8 split across words survives), raw 8-bit bytes
// read as UTF-8 when valid, else windows-1252. Line breaks of folding removed.
std::string decode_header_text(std::string_view raw);

// Content-Type / Content-Disposition: a value and its parameters, RFC 2231 continuations
// (name*0*=...) joined and decoded, RFC 2047 in quoted values decoded. Names lower case.
struct HeaderParams {
  std::string value;  // "text/plain", "attachment", lower case
  std::vector<std::pair<std::string, std::string>> params;
  std::string get(std::string_view name) const;  // "" when absent
};
HeaderParams parse_header_params(std::string_view raw);

// An address-list header ("A <a@x>, \"B, C\" <b@y>, group: c@z;").
std::vector<Address> parse_address_list(std::string_view raw);
// A msg-id list ("<a@b> <c@d>") without angle brackets.
std::vector<std::string> parse_msg_ids(std::string_view raw);

// HTML to plain text with gumbo: block elements and <br> as line breaks, list items with
// "- ", <blockquote> lines prefixed with "> ", script/style skipped, entities decoded.
// `note` is set when the document was too deep or large for the tree and a plain tag
// stripper was used instead.
std::string html_to_text(std::string_view html, std::string* note = nullptr);

// RFC 3676 format=flowed to fixed lines (soft breaks joined, space-stuffing removed).
std::string unflow(std::string_view text, bool delsp);

}  // namespace courtois::mail
