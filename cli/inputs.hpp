// Reading the inputs of analyze and threads: mailboxes of raw messages, or text-jsonl lines,
// in batches parsed in parallel. A broken entry is reported on stderr with its source and the
// rest goes on; an input that cannot be opened at all makes the exit status 1.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/message.hpp"

namespace courtois::cli {

struct ParsedEntry {
  std::string source;  // "inbox.mbox#3", "input.jsonl:7"
  std::optional<Message> message;
  std::string error;  // when message is empty: what went wrong
};

// Calls `sink` with each batch of parsed entries, in input order. Returns kOk, or kInputError
// when some input could not be read at all (each such problem is printed on `err`).
int read_inputs(const std::vector<std::string>& inputs, bool text_jsonl, std::size_t batch_size,
                const std::function<void(std::vector<ParsedEntry>&)>& sink, std::ostream& err);

// Parses one text-jsonl line into a message; an error names the field.
Result<Message> message_from_jsonl(std::string_view line);

// JSON text that survives invalid UTF-8 (replaced by U+FFFD).
std::string dump_json(const nlohmann::json& j, bool pretty);

}  // namespace courtois::cli
