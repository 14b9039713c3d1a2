// courtois: the command line. Commands live in the table of commands.cpp; help is generated
// from it.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

void print_help(std::ostream& out) {
  out << "courtois - finds tone, open questions and deadlines in client mail\n\n"
         "Usage: courtois COMMAND [OPTIONS] [ARGS]\n\nCommands:\n";
  for (const auto& c : courtois::cli::commands()) {
    std::string name = c.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 16), ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\n'courtois help COMMAND' or 'courtois COMMAND --help' tells more.\n"
         "Exit status: 0 success, 1 an input could not be read at all, 2 bad usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    print_help(args.empty() ? std::cerr : std::cout);
    return args.empty() ? courtois::cli::kUsage : courtois::cli::kOk;
  }
  if (args[0] == "--version") {
    std::cout << "courtois 0.1.0\n";
    return 0;
  }
  bool help = false;
  if (args[0] == "help") {
    if (args.size() == 1) {
      print_help(std::cout);
      return 0;
    }
    args.erase(args.begin());
    help = true;
  }
  // Longest command name that prefixes the arguments ("rules check" before "rules").
  const courtois::cli::Command* best = nullptr;
  std::size_t best_words = 0;
  for (const auto& c : courtois::cli::commands()) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos <= c.name.size()) {
      auto sp = c.name.find(' ', pos);
      if (sp == std::string::npos) sp = c.name.size();
      words.push_back(c.name.substr(pos, sp - pos));
      pos = sp + 1;
    }
    if (words.size() > args.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < words.size(); ++i) match = match && words[i] == args[i];
    if (match && words.size() > best_words) {
      best = &c;
      best_words = words.size();
    }
  }
  if (!best) {
    std::cerr << "courtois: unknown command '" << args[0] << "'\n\n";
    print_help(std::cerr);
    return courtois::cli::kUsage;
  }
  std::vector<std::string> rest(args.begin() + static_cast<long>(best_words), args.end());
  // serve prints the service's own option list.
  for (const auto& a : rest)
    if ((a == "--help" || a == "-h") && best->name != "serve") help = true;
  if (help) {
    std::cout << "Usage: courtois " << best->usage << "\n";
    return 0;
  }
  try {
    return best->run(rest, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "courtois " << best->name << ": internal error: " << e.what() << "\n";
    return 1;
  }
}
