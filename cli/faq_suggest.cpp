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
  if (auto e = args.parse()) {
    err << "courtois faq suggest: " << *e << "\n";
    return kUsage;
  }
  if (args.positionals().empty()) {
    err << "courtois faq suggest: no MAILBOX given (mbox, Maildir, folder of .eml)\n";
    return kUsage;
  }
  bool jsonl = false;
  if (auto input = args.get("input")) {
    if (*input != "text-jsonl") {
      err << "courtois faq suggest: --input takes text-jsonl, not '" << *input << "'\n";
      return kUsage;
    }
    jsonl = true;
  }
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
  for (const auto& st : engine->status())
    if (!st.enabled) err << "courtois: plugin " << st.name << " disabled: " << st.reason << "\n";
  auto result = replies::faq_suggest(*engine, std::move(inputs), options);
  if (!result) {
    err << "courtois faq suggest: " << result.error().message << "\n";
    return kInputError;
  }
  out << dump_json(replies::to_json(*result), args.has("pretty")) << '\n';
  return status;
}

}  // namespace courtois::cli
