// Findings: what the analysers say about one message, and about a thread.
// The JSON form is the contract of DESIGN.md ("One analysed message"); docs/result-schema.json
// documents it. Fields may be added, never renamed.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/time.hpp"

namespace courtois {

// A generic finding: one rule that fired, with its evidence (rspamd-style symbol).
struct Finding {
  std::string plugin;              // which analyser
  std::string symbol;              // UPPER_SNAKE
  std::string category;            // plugin-defined group
  std::string description;         // for a person: why this fired
  std::string rule;                // rule id: "file:line" of the rule record, or a name
  std::string text;                // exact substring of Analysis::text
  std::size_t start = 0, end = 0;  // UTF-8 byte offsets into Analysis::text, end exclusive
  double score = 0;
};

// Text that many results share: a tone signal's symbol, category, rule and description come
// from the rules and repeat in message after message. It points to one interned copy, kept for
// the life of the process (a rule set has a few thousand such texts), so copying a signal
// copies pointers, not four strings. Reads like a const std::string.
class SharedText {
 public:
  SharedText();
  SharedText(std::string_view text);  // NOLINT(google-explicit-constructor): interns the text
  SharedText(const std::string& text) : SharedText(std::string_view(text)) {}  // NOLINT
  SharedText(const char* text) : SharedText(std::string_view(text)) {}         // NOLINT

  const std::string& str() const noexcept { return *text_; }
  operator const std::string&() const noexcept { return *text_; }  // NOLINT
  std::string_view view() const noexcept { return *text_; }
  bool empty() const noexcept { return text_->empty(); }

  // Interned: equal texts are the same copy.
  friend bool operator==(const SharedText& a, const SharedText& b) noexcept {
    return a.text_ == b.text_;
  }
  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return *a.text_ == b; }
  friend bool operator==(const SharedText& a, const std::string& b) noexcept {
    return *a.text_ == b;
  }
  friend bool operator==(const SharedText& a, const char* b) noexcept { return *a.text_ == b; }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& t) {
    return out << *t.text_;
  }

 private:
  const std::string* text_;
};
void to_json(nlohmann::json& j, const SharedText& t);

struct ToneSignal {
  SharedText symbol, category;
  std::string text;
  SharedText rule, description;
  std::size_t start = 0, end = 0;
  double weight = 0;
};

struct Tone {
  std::string label = "calm";  // calm | tense | hostile
  double hostility = 0;        // 0..1
  double politeness = 0;       // -1..1
  std::vector<ToneSignal> signals;
};

struct Question {
  std::string text;
  std::string kind = "question";  // question | request
  std::size_t start = 0, end = 0;
  std::string symbol;  // the rule that recognised it
  // Set by thread analysis only (`courtois threads`): the id of the later outgoing message
  // that answered it, and the sentence of that message that did. Or, when the client took the
  // question back in a later message ("Never mind about the invoice, I found it"), that
  // message's id in withdrawn_by and its sentence in answer_evidence: no answer is owed.
  bool tracked = false;
  std::optional<std::string> answered_by;
  std::optional<std::string> withdrawn_by;
  std::string answer_evidence;
  // A request with no topic of its own ("Dans l'attente de votre réponse") after a question of
  // the same message: it asks for that question's answer and is not owed a reply of its own.
  bool rides_with_previous = false;
};

struct DateMention {
  std::string text;
  std::size_t start = 0, end = 0;
  std::string value;                     // RFC 3339 with the message's offset
  std::optional<std::string> end_value;  // for ranges
  std::string grain = "day";             // minute|hour|day|week|month|quarter|year
  std::string role = "mention";          // deadline|meeting|delivery|payment|reply|mention
};

struct DeadlineChange {
  std::string text;
  std::size_t start = 0, end = 0;
  std::string from,
      to;  // dates as "YYYY-MM-DD" (or RFC 3339 when a time is known); to empty when cancelled
  std::string direction;   // later | earlier | cancelled
  std::string message_id;  // in a thread: the message that made the change
};

struct Commitment {
  std::string text;
  std::size_t start = 0, end = 0;
  std::string due;         // RFC 3339
  std::string status;      // in threads: kept | open | overdue; empty in `analyze`
  std::string message_id;  // in threads: the outgoing message that made it
  std::string kept_by;     // in threads: the message that kept it, when kept
};

struct Analysis {
  std::string id;
  std::string thread;
  std::string direction = "in";  // in | out
  // Outgoing to our own addresses only (a note to a colleague, a forward to the workshop): it
  // neither answers the client nor asks them anything.
  bool internal = false;
  bool automatic = false;
  std::string lang = "unknown";
  std::optional<ZonedTime> date;
  std::string from_name, from_address;
  std::string subject;
  std::string text;

  Tone tone;
  std::vector<Question> questions;
  std::vector<DateMention> dates;
  std::vector<DeadlineChange> deadline_changes;
  std::vector<Commitment> commitments;
  std::vector<Finding> findings;  // generic findings (external plugins, extra symbols)
  std::vector<std::string> skipped;
  nlohmann::json extra = nlohmann::json::object();  // plugin-added fields, merged at top level
};

nlohmann::json to_json(const Analysis& a, bool with_answers = false);
// The compact JSON text of to_json(a, with_answers), byte for byte the same as
// to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), without building
// the tree (the service and `courtois analyze` print one per message). write_json appends.
void write_json(const Analysis& a, std::string& out, bool with_answers = false);
std::string to_json_string(const Analysis& a, bool with_answers = false);
nlohmann::json to_json(const Question& q, bool with_answers = false);
nlohmann::json to_json(const Tone& t);
nlohmann::json to_json(const DateMention& d);
nlohmann::json to_json(const DeadlineChange& c);
nlohmann::json to_json(const Commitment& c, bool with_status = false);
nlohmann::json to_json(const Finding& f);

}  // namespace courtois
