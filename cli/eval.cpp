// courtois eval WHAT: the evaluation protocols of EVALUATION.md on the development data.
// Each analyser owns its evaluation code (plugins/<name>/eval.hpp); this file only dispatches.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "plugins/deadlines/eval.hpp"
#include "plugins/questions/eval.hpp"
#include "plugins/tone/eval.hpp"

#ifndef COURTOIS_SHARED_DIR
#define COURTOIS_SHARED_DIR "../shared"
#endif
#ifndef COURTOIS_SOURCE_DIR
#define COURTOIS_SOURCE_DIR "."
#endif

namespace courtois::cli {

int cmd_eval(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  args.value_option("data");
  args.flag("errors");
  if (auto e = args.parse()) {
    err << "courtois eval: " << *e << "\n";
    return kUsage;
  }
  if (args.positionals().size() != 1) {
    err << "courtois eval: name one of politeness, requests, client-requests, threads, dates\n";
    return kUsage;
  }
  const std::string& what = args.positionals().front();
  std::filesystem::path data = std::filesystem::path(COURTOIS_SHARED_DIR) / "data";
  if (what == "client-requests")
    data = std::filesystem::path(COURTOIS_SOURCE_DIR) / "tests" / "questions" / "data" / "client";
  else if (what == "threads")
    data = std::filesystem::path(COURTOIS_SOURCE_DIR) / "tests" / "questions" / "data" / "threads";
  else if (const char* env = std::getenv("COURTOIS_SHARED_DATA"); env && *env)
    data = env;
  if (auto d = args.get("data")) data = *d;
  std::error_code ec;
  if (!std::filesystem::is_directory(data, ec)) {
    err << "courtois eval: " << data.string()
        << ": no such folder (give the data folder with --data DIR)\n";
    return kInputError;
  }
  if (what == "politeness") return eval_politeness(data, out);
  if (what == "requests") return eval_requests(data, out);
  if (what == "client-requests") return eval_client_requests(data, out);
  if (what == "threads") return eval_threads(data, out, args.has("errors"));
  if (what == "dates") return eval_dates(data, out);
  err << "courtois eval: unknown evaluation '" << what
      << "' (politeness, requests, client-requests, threads or dates)\n";
  return kUsage;
}

}  // namespace courtois::cli
