// Calm reply drafts, a check of the user's own draft before it is sent, and FAQ mining
// (issue 7). The library behind `courtois reply`, `courtois check-draft`,
// `courtois faq suggest` and the service routes POST /v1/reply-suggestions and
// POST /v1/check-draft.
//
// Every function reads its rules (rules/replies/, rules/faq/) from the folders the Engine was
// created with; they are loaded once per folder pair and shared (thread-safe). A rule file
// that does not validate makes the functions fail with an error naming file, line and field.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/analysis.hpp"
#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/result.hpp"

namespace courtois::replies {

// The optional rewriting of drafts by a local model (rules/replies/llm.json gives defaults).
struct LlmOptions {
  bool enabled = false;
  std::string endpoint;  // "http://127.0.0.1:11434/v1/chat/completions"
  std::string model;
  int timeout_ms = 8000;
};

struct ReplyOptions {
  std::vector<std::string> styles;  // formal | warm | firm; empty: all three
  std::vector<std::string> me;      // the user's identities (added to the engine's)
  std::string lang;                 // "fr" | "en" to force the language; empty: the client's
  // Absence: the user is away until this date (YYYY-MM-DD or RFC 3339) and/or names a backup
  // contact ("Name <address>").
  std::optional<std::string> absent_until;
  std::string backup;
  // A new date for the deadline in play, given by the user (YYYY-MM-DD or RFC 3339): the only
  // way a draft states a date that is not in the thread.
  std::optional<std::string> new_date;
  std::string frame;         // the agreed-frame sentence, instead of rules/replies/frame.json
  bool force_frame = false;  // add the frame even without scope-creep cues
  std::string signature;     // the user's name under the close
  // Overrides rules/replies/llm.json when set.
  std::optional<LlmOptions> llm;
};

struct OpenQuestionSlot {
  std::string text;         // the client's question
  bool placeholder = true;  // false: answered from the FAQ
  std::string faq_id;       // the FAQ entry used
  std::string message_id;   // the message that asked it
  int times_asked = 1;
};

struct DeadlineStatus {
  std::string text;    // the expression in the thread ("d'ici vendredi")
  std::string value;   // RFC 3339 (or YYYY-MM-DD for changes)
  std::string status;  // moved | cancelled | new_date | to_confirm
  std::string to;      // moved: the new date; new_date: the user's date
};

struct Draft {
  std::string style;  // formal | warm | firm
  std::string subject, body;
  Tone tone;  // the tone analyser's verdict on body
  std::vector<OpenQuestionSlot> open_questions;
  std::vector<DeadlineStatus> deadlines;
  bool frame = false;      // the agreed frame was restated
  bool absence = false;    // the absence / backup sentence is present
  bool fallback = false;   // the style's draft failed the tone check: the safe template is used
  bool rewritten = false;  // rewritten by the local model (and checked)
  bool passed = true;      // passed the tone gate
  std::vector<std::string> notes;  // what happened, for people ("the firm draft failed ...")
};

struct ReplyResult {
  std::string lang;
  std::vector<Draft> drafts;
  std::vector<std::string> scope_cues;  // symbols of the scope-creep cues found
};

nlohmann::json to_json(const Draft& d);
nlohmann::json to_json(const ReplyResult& r);

// Drafts replies to `client` (the message to answer). `thread`: the other messages of its
// thread, when known (the client message may be among them; it is recognised by Message-ID).
Result<ReplyResult> draft_replies(const Engine& engine, const Message& client,
                                  const std::vector<Message>& thread,
                                  const ReplyOptions& options = {});

struct DraftIssue {
  // hostile_wording | shouting | unanswered_question | promised_date | ignored_deadline
  std::string kind;
  std::string text;                // exact substring of the draft; for unanswered_question and
                                   // ignored_deadline: the text of the client's message
  std::size_t start = 0, end = 0;  // UTF-8 byte offsets into the draft (empty span at 0 when
                                   // the issue is something the draft lacks)
  std::string suggestion;
  std::string symbol;  // the rule or tone symbol that fired
  // For issues found in the message replied to: offsets into its new text.
  std::optional<std::size_t> source_start, source_end;
};

struct DraftCheck {
  bool ok = true;
  std::string lang;
  Tone tone;
  std::vector<DraftIssue> issues;
};

nlohmann::json to_json(const DraftIssue& i);
nlohmann::json to_json(const DraftCheck& c);

// Checks the user's draft (plain text, the new text only) before sending, against the message
// it answers when known. `lang` forces the language ("fr", "en"); empty: detected.
// `me` names the user's identities (added to the engine's). `attachments`: the file names
// attached to the draft, so that « Le voici en pièce jointe » answers a request for the
// document it names (without them, a draft that says "attached" forgot the file).
Result<DraftCheck> check_draft(const Engine& engine, std::string_view draft,
                               const Message* reply_to, std::string_view lang = {},
                               const std::vector<std::string>& me = {},
                               const std::vector<std::string>& attachments = {});

// ---- FAQ ------------------------------------------------------------------------------------

struct FaqMatch {
  std::string id, lang, answer;
  double score = 0;
};
// The FAQ entry that answers this question best, if one reaches the threshold.
Result<std::optional<FaqMatch>> faq_match(const Engine& engine, std::string_view question,
                                          std::string_view lang);

struct FaqExample {
  std::string message_id, thread, subject, source, text;
};

struct FaqSuggestion {
  std::string id;  // proposed id, from the most frequent words
  std::string lang;
  int count = 0;                      // questions in the cluster
  int messages = 0;                   // distinct messages
  int threads = 0;                    // distinct threads
  std::vector<std::string> variants;  // distinct phrasings, most typical first
  std::vector<std::string> keywords;  // words shared by most variants
  std::vector<FaqExample> examples;
  std::string existing;  // id of an FAQ entry that already matches, if any
};

struct FaqMiningOptions {
  double jaccard = 0.5;  // two questions join when their word sets overlap this much
  int min_count = 2;     // clusters smaller than this are not proposed
  std::size_t max_variants = 5, max_examples = 3;
  std::vector<std::string> me;  // the user's identities: their messages are not client mail
};

struct FaqMiningInput {
  Message message;
  std::string source;  // "inbox.mbox#12"
};

struct FaqMiningResult {
  std::size_t messages = 0, client_messages = 0, questions = 0;
  std::vector<FaqSuggestion> suggestions;  // most frequent first
};

nlohmann::json to_json(const FaqMiningResult& r);

// Clusters the recurring questions of incoming client mail and proposes FAQ entries.
Result<FaqMiningResult> faq_suggest(const Engine& engine, std::vector<FaqMiningInput> messages,
                                    const FaqMiningOptions& options = {});

// ---- Shared pieces (exposed for the CLI, the service and tests) ----------------------------

// The gate every draft passes before it is offered: calm, politeness above the threshold, no
// signal of a hostile category (rules/replies/settings.json).
Result<bool> passes_tone_gate(const Engine& engine, const Tone& tone);

// "Name <addr>" or "addr" -> Address.
Address parse_address(std::string_view text);

// Errors of the rule files of replies and faq for these folders (empty when valid).
std::vector<RuleError> rule_errors(const Engine& engine);

}  // namespace courtois::replies
