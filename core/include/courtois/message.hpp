// The mail model: one decoded message, as every analyser sees it.
// Built by Message::from_raw (core/src/mail/, the only code that sees mimetic) or
// Message::from_text (the text-jsonl input of `courtois analyze`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "courtois/result.hpp"
#include "courtois/time.hpp"

namespace courtois {

struct Address {
  std::string name;     // decoded display name (UTF-8), may be empty
  std::string address;  // addr-spec, lower-cased domain, may be empty

  bool empty() const { return name.empty() && address.empty(); }
};

struct Attachment {
  std::string filename;      // decoded (RFC 2047 / RFC 2231), may be empty
  std::string content_type;  // lower case, "application/pdf"
  std::size_t size = 0;      // encoded size in bytes
  std::string content_id;
  bool is_inline = false;
};

struct ParseLimits {
  std::size_t max_message_bytes = 64u << 20;  // whole raw message
  std::size_t max_header_line = 64u << 10;    // one (unfolded) header field
  std::size_t max_header_bytes = 1u << 20;    // all header fields of one entity
  std::size_t max_depth = 32;                 // multipart nesting
  std::size_t max_parts = 1000;               // MIME entities in one message
  std::size_t max_text_bytes = 4u << 20;      // decoded text kept for analysis
};

struct Message {
  // Identity and threading. message_id and references without angle brackets.
  std::string message_id;
  std::string in_reply_to;
  std::vector<std::string> references;

  Address from;
  std::vector<Address> to, cc, reply_to;
  std::string subject;  // decoded, unfolded
  std::optional<ZonedTime> date;
  std::string date_raw;  // the Date header as written

  // Automatic-mail markers, raw header values (lower case), empty when absent.
  std::string auto_submitted, precedence, list_id, x_autoreply;

  // Every header field in order, name as written, value raw (unfolded, not decoded).
  std::vector<std::pair<std::string, std::string>> headers;

  // Text, UTF-8, lines ending in "\n".
  std::string body_text;   // the whole chosen text body (plain preferred, else HTML converted)
  std::string new_text;    // what the sender wrote in this message: analysis runs on it
  std::string quoted;      // quoted history removed from body_text
  std::string signature;   // signature block removed from body_text
  std::string disclaimer;  // legal disclaimer removed from body_text
  std::string lang;        // "fr", "en" or "unknown", of new_text

  std::vector<Attachment> attachments;
  // What could not be handled, each a sentence naming the problem ("part 3: unknown
  // charset x-foo, decoded as windows-1252"). The message is still analysed.
  std::vector<std::string> skipped;

  // Parses RFC 5322 bytes. Never throws; fails only when nothing can be read at all
  // (empty input, no header/body structure); partial problems go to `skipped`.
  static Result<Message> from_raw(std::string_view bytes, const ParseLimits& limits = {});
  // A message made of its new text only (text-jsonl input): lang detected when empty.
  static Message from_text(std::string id, std::string text, std::optional<ZonedTime> date,
                           std::string lang = {}, Address from = {}, std::string subject = {});

  // Auto-Submitted other than "no", Precedence bulk/junk/list, List-Id, X-Autoreply,
  // no-reply or mailer-daemon senders, delivery reports.
  bool is_automatic() const;
  // First header with this name (case-insensitive), raw value.
  std::optional<std::string_view> header(std::string_view name) const;
};

// Splits decoded body text into new text, quoted history, signature and disclaimer.
struct SplitText {
  std::string new_text, quoted, signature, disclaimer;
};
SplitText split_body(std::string_view body_text);

// "fr", "en" or "unknown" (too short or neither).
std::string detect_language(std::string_view text);

}  // namespace courtois
