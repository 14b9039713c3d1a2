// courtois faq suggest: recurring client questions of a mailbox, proposed as FAQ entries.
#include <iostream>

#include "commands.hpp"
#include "courtois/replies.hpp"
#include "inputs.hpp"

namespace courtois::cli {

int cmd_faq_suggest(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  args.value_option("similarity");
  args.value_option("min-count");
  args.value_option("input");
  args.flag("pretty");
  if (!parse_args(args, "faq suggest", "MAILBOX (mbox, Maildir, folder of .eml)", err))
    return kUsage;
  auto jsonl_input = input_is_jsonl(args, "faq suggest", err);
  if (!jsonl_input) return kUsage;
  bool jsonl = *jsonl_input;
  replies::FaqMiningOptions options;
  try {
    if (auto s = args.get("similarity")) options.jaccard = std::stod(*s);
    if (auto m = args.get("min-count")) options.min_count = std::stoi(*m);
  } catch (const std::exception&) {
    err << "courtois faq suggest: --similarity takes a number in (0, 1], --min-count an "
           "integer\n";
    return kUsage;
  }
  if (options.jaccard <= 0 || options.jaccard > 1 || options.min_count < 1) {
    err << "courtois faq suggest: --similarity must be in (0, 1] and --min-count at least 1\n";
    return kUsage;
  }
  std::vector<replies::FaqMiningInput> inputs;
  std::size_t failed = 0;
  int status = read_inputs(
      args.positionals(), jsonl, 256,
      [&](std::vector<ParsedEntry>& batch) {
        for (auto& e : batch) {
          if (e.message)
            inputs.push_back({std::move(*e.message), e.source});
          else {
            err << "courtois faq suggest: " << e.source << ": " << e.error << "\n";
            ++failed;
          }
        }
      },
      err);
  if (inputs.empty() && failed > 0) return kInputError;
  auto engine = Engine::create(engine_options(args));
  report_disabled_plugins(*engine, err);
  auto result = replies::faq_suggest(*engine, std::move(inputs), options);
  if (!result) {
    err << "courtois faq suggest: " << result.error().message << "\n";
    return kInputError;
  }
  out << dump_json(replies::to_json(*result), args.has("pretty")) << '\n';
  return status;
}

}  // namespace courtois::cli
