// Streaming mailbox readers: one .eml, an mbox (mboxo and mboxrd quoting), a Maildir
// (cur/ and new/), or a folder of .eml files. Messages are read one at a time: a 5 GB mbox is
// never held in memory. A broken message never stops the others.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "courtois/result.hpp"

namespace courtois {

struct RawMessage {
  std::string source;  // "inbox.mbox#12" (1-based), or the file path
  std::string bytes;   // the raw RFC 5322 message (mbox From_ line removed, quoting undone)
  std::string error;   // non-empty when this entry could not be read (bytes may be empty)
};

class MailboxReader {
 public:
  virtual ~MailboxReader() = default;
  // Next message, or nullopt at the end.
  virtual std::optional<RawMessage> next() = 0;
  // Bytes read so far and total (for progress); total 0 when unknown.
  virtual std::size_t bytes_read() const = 0;
  virtual std::size_t bytes_total() const = 0;

  // Detects the kind of input: "-" is one message on stdin; a directory with cur/ or new/ is
  // a Maildir, another directory a folder of .eml; a file starting with "From " is an mbox,
  // else one .eml. `max_message_bytes` bounds one message (a larger one is reported as an
  // error entry and skipped).
  static Result<std::unique_ptr<MailboxReader>> open(const std::filesystem::path& input,
                                                     std::size_t max_message_bytes = 64u << 20);
};

}  // namespace courtois
