// Optional rewriting of a template draft by a local model through an OpenAI-compatible chat
// completions endpoint (Ollama, llama.cpp server). Internal to plugins/replies; the only file
// that sees Boost.Beast is llm_rewrite.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "courtois/engine.hpp"
#include "reply_rules.hpp"

namespace courtois::replies {

struct RewriteOutcome {
  std::optional<std::string> text;  // the model's draft, when it answered in time
  std::string error;                // why not, for the draft's notes
};

// POSTs the draft to the endpoint and waits at most config.timeout_ms for the whole exchange.
// Never throws.
RewriteOutcome rewrite_draft(const LlmConfig& config, const std::string& draft,
                             const std::string& lang, const std::string& placeholder_marker);

// Empty when the rewritten draft may replace the original: the same placeholders, no date the
// original does not have, the same language, a sensible length. Otherwise the reason.
// (The tone gate is applied by the caller.)
std::string check_rewrite(const Engine& engine, const ReplyRules& rules,
                          const std::string& original, const std::string& rewritten,
                          const std::optional<ZonedTime>& date, const std::string& lang);

}  // namespace courtois::replies
