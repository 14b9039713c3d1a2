#include "commands.hpp"

#include <algorithm>

namespace courtois::cli {

std::optional<std::string> Args::parse() {
  for (std::size_t i = 0; i < argv_.size(); ++i) {
    const std::string& a = argv_[i];
    if (a == "--") {
      positionals_.insert(positionals_.end(), argv_.begin() + static_cast<long>(i) + 1,
                          argv_.end());
      break;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2), value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      if (std::find(flags_.begin(), flags_.end(), name) != flags_.end()) {
        if (inline_value) return "option --" + name + " takes no value";
        set_flags_.push_back(name);
        continue;
      }
      if (std::find(value_opts_.begin(), value_opts_.end(), name) != value_opts_.end()) {
        if (!inline_value) {
          if (i + 1 >= argv_.size()) return "option --" + name + " needs a value";
          value = argv_[++i];
        }
        values_.emplace_back(name, value);
        continue;
      }
      return "unknown option --" + name;
    }
    positionals_.push_back(a);
  }
  return std::nullopt;
}

bool Args::has(std::string_view name) const {
  if (std::find(set_flags_.begin(), set_flags_.end(), name) != set_flags_.end()) return true;
  return std::any_of(values_.begin(), values_.end(),
                     [&](const auto& v) { return v.first == name; });
}

std::optional<std::string> Args::get(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : values_)
    if (k == name) out = v;
  return out;
}

std::vector<std::string> Args::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values_)
    if (k == name) out.push_back(v);
  return out;
}

void add_engine_options(Args& args) {
  args.value_option("rules");
  args.value_option("local-rules");
  args.value_option("plugins");
  args.value_option("me");
}

EngineOptions engine_options(const Args& args) {
  EngineOptions o;
  if (auto r = args.get("rules")) o.rules_dir = *r;
  if (auto r = args.get("local-rules")) o.local_rules_dir = std::filesystem::path(*r);
  if (auto p = args.get("plugins")) o.plugin_dir = std::filesystem::path(*p);
  o.me = args.all("me");
  return o;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"analyze", "analyse messages: tone, questions, dates (one JSON object per message)",
       "analyze [OPTIONS] INPUT...\n\n"
       "INPUT is an .eml file, an mbox, a Maildir, a folder of .eml files, or - (one raw\n"
       "message on stdin). Prints one JSON object per message, one per line.\n\n"
       "Options:\n"
       "  --input text-jsonl  read JSON lines "
       "{\"id\",\"text\",\"date\",\"lang\"?,\"from\"?,\"subject\"?}\n"
       "                      instead; each text is analysed as the new text of a message\n"
       "  --pretty            indented JSON for people\n"
       "  --jobs N            parallel workers (default: all cores)\n" +
           std::string(kEngineOptionsHelp),
       cmd_analyze},
      {"threads", "group messages into threads: answers, changes, commitments, waiting",
       "threads [OPTIONS] INPUT...\n\n"
       "Groups the messages of the inputs into threads and prints one JSON object per thread.\n\n"
       "Options:\n"
       "  --now TIME          the time at which waiting and commitments are judged (RFC 3339)\n"
       "  --policy FILE       a waiting-time policy file (rules format)\n"
       "  --input text-jsonl  as for analyze\n"
       "  --pretty            indented JSON\n" +
           std::string(kEngineOptionsHelp),
       cmd_threads},
      {"rules check", "validate rule files; name file, line and field of every error",
       "rules check [DIR]\n\n"
       "Loads every plugin's rules from DIR (default: the shipped rules) plus the local\n"
       "overrides, and prints each error as file:line: field: problem. Exit 1 on any error.\n\n"
       "Options:\n" +
           std::string(kEngineOptionsHelp),
       cmd_rules_check},
  };
  return table;
}

}  // namespace courtois::cli
