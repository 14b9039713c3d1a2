// courtois threads: one JSON object per thread, with answers, changes, commitments, waiting.
#include <tbb/parallel_for.h>

#include <iostream>

#include "commands.hpp"
#include "courtois/clock.hpp"
#include "inputs.hpp"

namespace courtois::cli {

int cmd_threads(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  args.value_option("input");
  args.value_option("now");
  args.value_option("policy");
  args.flag("pretty");
  if (!parse_args(args, "threads", "INPUT (a file, a mailbox, or - for stdin)", err)) return kUsage;
  auto jsonl_input = input_is_jsonl(args, "threads", err);
  if (!jsonl_input) return kUsage;
  bool jsonl = *jsonl_input;
  ThreadOptions options;
  options.me = args.all("me");
  if (auto now = args.get("now")) {
    options.now = ZonedTime::parse_rfc3339(*now);
    if (!options.now) {
      err << "courtois threads: --now '" << *now
          << "' is not RFC 3339 with an offset (e.g. 2026-03-02T10:12:00+01:00)\n";
      return kUsage;
    }
  }
  if (auto policy = args.get("policy")) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*policy, ec)) {
      err << "courtois threads: --policy " << *policy << ": no such file\n";
      return kUsage;
    }
    // A bad policy is bad usage: say what is wrong before reading any mail.
    std::vector<RuleError> errors;
    std::vector<RuleError> load_errors;
    EngineOptions eo = engine_options(args);
    RuleSet shipped = load_rule_set("waiting", eo.rules_dir, eo.local_rules_dir, load_errors);
    if (!load_waiting_policy_file(*policy, &shipped, errors) || !errors.empty()) {
      err << "courtois threads: --policy " << *policy << " is not a valid waiting-time policy:\n";
      for (const auto& e : errors) err << "  " << e.to_string() << "\n";
      return kUsage;
    }
    options.policy_file = *policy;
  }
  auto engine = Engine::create(engine_options(args));
  report_disabled_plugins(*engine, err);
  std::vector<Message> messages;
  std::size_t failed = 0;
  int status = read_inputs(
      args.positionals(), jsonl, 256,
      [&](std::vector<ParsedEntry>& batch) {
        for (auto& e : batch) {
          if (e.message)
            messages.push_back(std::move(*e.message));
          else {
            err << "courtois: " << e.source << ": " << e.error << "\n";
            ++failed;
          }
        }
      },
      err);
  if (messages.empty() && failed > 0) return kInputError;
  std::vector<Analysis> analyses(messages.size());
  tbb::parallel_for(std::size_t(0), messages.size(),
                    [&](std::size_t i) { analyses[i] = engine->analyse(messages[i]); });
  auto threads = engine->threads(messages, analyses, options);
  for (const auto& t : threads) out << dump_json(to_json(t), args.has("pretty")) << '\n';
  return status;
}

}  // namespace courtois::cli
