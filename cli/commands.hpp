// The command table of `courtois` (notmuch's commands[]): every command has a name, a one-line
// summary, a usage text and a function; `courtois --help` and `courtois help CMD` are generated
// from it. One file per command when a command grows.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/engine.hpp"

namespace courtois::cli {

// Exit statuses of the contract: 0 success, 1 an input could not be read at all, 2 bad usage.
inline constexpr int kOk = 0;
inline constexpr int kInputError = 1;
inline constexpr int kUsage = 2;

// A small argument parser: options "--name value", "--name=value", flags, positionals.
class Args {
 public:
  Args(std::vector<std::string> argv) : argv_(std::move(argv)) {}  // NOLINT
  // Declares an option that takes a value; repeatable options collect every value.
  void value_option(std::string name) { value_opts_.push_back(std::move(name)); }
  void flag(std::string name) { flags_.push_back(std::move(name)); }
  // Parses; on error returns the message.
  std::optional<std::string> parse();

  bool has(std::string_view name) const;
  std::optional<std::string> get(std::string_view name) const;  // last value
  std::vector<std::string> all(std::string_view name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::vector<std::string> argv_;
  std::vector<std::string> value_opts_, flags_;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> set_flags_;
  std::vector<std::string> positionals_;
};

struct Command {
  std::string name;     // "analyze", "rules check"
  std::string summary;  // one line
  std::string usage;    // full usage text, options explained
  std::function<int(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)>
      run;
};

const std::vector<Command>& commands();

// Shared by commands: parses ARGS; on a usage error prints "courtois COMMAND: problem" and
// returns false. NEEDS names the inputs the command requires when it is given none ("MAILBOX
// (an mbox, ...)"); empty when positionals are optional.
bool parse_args(Args& args, std::string_view command, std::string_view needs, std::ostream& err);
// Shared by commands: --input: true for text-jsonl, false for raw mail (the default); nullopt
// after printing the usage error.
std::optional<bool> input_is_jsonl(const Args& args, std::string_view command, std::ostream& err);
// Prints each disabled plugin and its reason.
void report_disabled_plugins(const Engine& engine, std::ostream& err);

// Shared by commands: engine options from --rules, --plugins, --me.
EngineOptions engine_options(const Args& args);
void add_engine_options(Args& args);
inline constexpr const char* kEngineOptionsHelp =
    "  --rules DIR       shipped rules folder (default: $COURTOIS_RULES or the installed rules)\n"
    "  --local-rules DIR local overrides (default: $XDG_CONFIG_HOME/courtois/rules.local)\n"
    "  --plugins DIR     load external plugins (*.so) from DIR\n"
    "  --me ADDRESS      the user's identity (repeatable; \"@example.com\" for a whole domain)\n";

// Command entry points (one file each).
int cmd_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_threads(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_rules_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_reply(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_check_draft(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_faq_suggest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int cmd_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace courtois::cli
