// courtois analyze: one JSON object per message, one per line, in input order.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <iostream>

#include "commands.hpp"
#include "inputs.hpp"

namespace courtois::cli {

int cmd_analyze(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  args.value_option("input");
  args.value_option("jobs");
  args.flag("pretty");
  if (auto e = args.parse()) {
    err << "courtois analyze: " << *e << "\n";
    return kUsage;
  }
  auto jsonl_input = input_is_jsonl(args, "analyze", err);
  if (!jsonl_input) return kUsage;
  bool jsonl = *jsonl_input;
  if (args.positionals().empty()) {
    err << "courtois analyze: no INPUT given (a file, a mailbox, or - for stdin)\n";
    return kUsage;
  }
  std::optional<tbb::global_control> jobs;
  if (auto j = args.get("jobs")) {
    int n = std::atoi(j->c_str());
    if (n < 1) {
      err << "courtois analyze: --jobs takes a positive number\n";
      return kUsage;
    }
    jobs.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(n));
  }
  auto engine = Engine::create(engine_options(args));
  report_disabled_plugins(*engine, err);
  bool pretty = args.has("pretty");
  std::size_t analysed = 0, failed = 0;
  int status = read_inputs(
      args.positionals(), jsonl, 256,
      [&](std::vector<ParsedEntry>& batch) {
        std::vector<std::string> lines(batch.size());
        tbb::parallel_for(std::size_t(0), batch.size(), [&](std::size_t i) {
          if (!batch[i].message) return;
          Analysis a = engine->analyse(*batch[i].message);
          // The compact form is written straight from the analysis (the same bytes as
          // dumping to_json); --pretty goes through the tree.
          lines[i] = pretty ? dump_json(to_json(a), true) : to_json_string(a);
        });
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (!batch[i].message) {
            err << "courtois: " << batch[i].source << ": " << batch[i].error << "\n";
            ++failed;
            continue;
          }
          out << lines[i] << '\n';
          ++analysed;
        }
        out.flush();
      },
      err);
  if (analysed == 0 && failed > 0) return kInputError;
  return status;
}

}  // namespace courtois::cli
