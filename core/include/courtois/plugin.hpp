// The plugin interface (STYLE.md §4): configure from the rule set, analyse a decoded Message,
// emit findings. Plugins never see mimetic, Beast or SQLite types.
//
// Built-in plugins are listed explicitly in plugins/builtin.cpp. External plugins are shared
// libraries in the plugin directory exposing the C entry point of courtois/plugin_abi.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/analysis.hpp"
#include "courtois/message.hpp"
#include "courtois/rules.hpp"
#include "courtois/time.hpp"

namespace courtois {

// One message of a thread, in date order, with its analysis.
struct ThreadMessage {
  const Message* message = nullptr;  // the decoded message (quoted text for in-line answers)
  Analysis* analysis = nullptr;      // mutable: thread plugins fill answered_by and the like
};

struct OpenQuestion {
  std::string message_id;  // the client message that asked it
  std::string text, kind;
  std::size_t start = 0, end = 0;
  int times_asked = 1;  // asked again later = the same open question
};

struct ThreadOptions {
  std::vector<std::string> me;             // the user's identities (lower-case addresses)
  std::optional<ZonedTime> now;            // for waiting and commitment status; default: now
  std::optional<std::string> policy_file;  // --policy FILE (waiting-time policy)
};

struct ThreadAnalysis {
  std::string key;  // thread key: the root Message-ID, or "subject:<normalised subject>"
  std::string subject;
  std::vector<ThreadMessage> messages;  // date order
  ThreadOptions options;

  std::vector<OpenQuestion> open_questions;
  std::vector<DeadlineChange> deadline_changes;  // across the thread, with message_id
  std::vector<Commitment> commitments;           // with status
  nlohmann::json waiting = nullptr;              // {"on","since","business_hours",...}
  nlohmann::json extra = nlohmann::json::object();
};

nlohmann::json to_json(const ThreadAnalysis& t);

class Plugin {
 public:
  virtual ~Plugin() = default;
  // Also the name of its rules folder: rules/<name>/.
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Names of plugins whose output this one reads (run before it).
  virtual std::vector<std::string> after() const { return {}; }
  // Reads and validates its rules. Any error disables the plugin with that reason (the rest
  // of the engine keeps running); `courtois rules check` prints the same errors.
  virtual std::vector<RuleError> configure(const RuleSet& rules) = 0;
  // Analyses one message. Must be thread-safe: called concurrently on different messages.
  virtual void analyse(const Message& message, Analysis& out) const = 0;
  // Thread-level analysis after every message was analysed (answers, changes across the
  // thread, commitment status, waiting). Default: nothing.
  virtual void analyse_thread(ThreadAnalysis& /*thread*/) const {}
};

// Built-in plugins, in the order they are listed in plugins/builtin.cpp.
std::vector<std::unique_ptr<Plugin>> make_builtin_plugins();

}  // namespace courtois
