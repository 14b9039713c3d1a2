// courtois rules check [DIR]: the same validation the engine does at load, offline.
#include <iostream>

#include "commands.hpp"

namespace courtois::cli {

int cmd_rules_check(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  if (auto e = args.parse()) {
    err << "courtois rules check: " << *e << "\n";
    return kUsage;
  }
  EngineOptions options = engine_options(args);
  if (args.positionals().size() > 1) {
    err << "courtois rules check: takes at most one DIR\n";
    return kUsage;
  }
  if (!args.positionals().empty()) options.rules_dir = args.positionals().front();
  std::error_code ec;
  if (!std::filesystem::is_directory(options.rules_dir, ec)) {
    err << "courtois rules check: " << options.rules_dir.string() << ": not a directory\n";
    return kInputError;
  }
  auto engine = Engine::create(options);
  std::size_t problems = 0;
  for (const auto& st : engine->status()) {
    if (st.enabled) {
      out << "ok       " << st.name << "\n";
      continue;
    }
    out << "DISABLED " << st.name << ": " << (st.errors.empty() ? st.reason : "") << "\n";
    for (const auto& e : st.errors) out << "  " << e.to_string() << "\n";
    problems += std::max<std::size_t>(1, st.errors.size());
  }
  // Folders that no plugin reads are probably a typo.
  for (const auto& entry : std::filesystem::directory_iterator(options.rules_dir, ec)) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    bool known = false;
    for (const auto& st : engine->status()) known = known || st.name == name;
    if (!known) out << "note     " << entry.path().string() << ": no plugin reads this folder\n";
  }
  if (problems) {
    out << problems << " problem(s) found\n";
    return kInputError;
  }
  out << "all rules are valid\n";
  return kOk;
}

}  // namespace courtois::cli
