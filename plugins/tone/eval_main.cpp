// courtois-eval-tone [SHARED_DIR] [--rules DIR] [--features FILE] [--show LABEL]
// Prints the politeness evaluation (see eval.hpp); `courtois eval politeness` is the same.
#include <cstring>
#include <iostream>

#include "eval.hpp"

int main(int argc, char** argv) {
  std::filesystem::path shared = COURTOIS_SHARED_DIR;
  courtois::PolitenessEvalOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--features" || arg == "--rules" || arg == "--show") && i + 1 < argc) {
      if (arg == "--show")
        options.show_label = argv[++i];
      else if (arg == "--features")
        options.features_out = argv[++i];
      else
        options.rules_dir = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: courtois-eval-tone [SHARED_DIR] [--rules DIR] [--features FILE] [--show "
                   "LABEL]\n";
      return 0;
    } else if (!arg.empty() && arg[0] != '-') {
      shared = arg;
    } else {
      std::cerr << "courtois-eval-tone: unknown option " << arg << " (see --help)\n";
      return 2;
    }
  }
  return courtois::eval_politeness(shared, std::cout, options);
}
