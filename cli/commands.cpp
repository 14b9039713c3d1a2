#include "commands.hpp"

#include <algorithm>
#include <ostream>

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

bool parse_args(Args& args, std::string_view command, std::string_view needs, std::ostream& err) {
  if (auto e = args.parse()) {
    err << "courtois " << command << ": " << *e << "\n";
    return false;
  }
  if (!needs.empty() && args.positionals().empty()) {
    err << "courtois " << command << ": no " << needs << " given\n";
    return false;
  }
  return true;
}

std::optional<bool> input_is_jsonl(const Args& args, std::string_view command, std::ostream& err) {
  auto input = args.get("input");
  if (!input) return false;
  if (*input == "text-jsonl") return true;
  err << "courtois " << command << ": --input takes text-jsonl, not '" << *input << "'\n";
  return std::nullopt;
}

void report_disabled_plugins(const Engine& engine, std::ostream& err) {
  for (const auto& st : engine.status())
    if (!st.enabled) err << "courtois: plugin " << st.name << " disabled: " << st.reason << "\n";
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
      {"reply", "calm reply drafts to a client message, in three styles (JSON)",
       "reply [OPTIONS] FILE [THREAD...]\n\n"
       "Drafts replies to the client message in FILE (THREAD: the other messages of its\n"
       "thread) in the client's language. Prints {\"lang\", \"drafts\": [...]}.\n\n"
       "Options:\n"
       "  --style S            formal, warm or firm (repeatable; default: all three)\n"
       "  --lang L             fr or en instead of the client's language\n"
       "  --new-date DATE      the new date you can commit to (YYYY-MM-DD)\n"
       "  --absent-until DATE  you are away until DATE\n"
       "  --backup \"N <a>\"     who answers while you are away\n"
       "  --frame TEXT         the agreed-frame sentence; --with-frame always adds it\n"
       "  --signature NAME     your name under the close\n"
       "  --llm                rewrite through the local model of rules/replies/llm.json\n"
       "                       (--llm-endpoint URL, --llm-model M, --llm-timeout MS)\n"
       "  --input text-jsonl   read JSON lines as for analyze\n"
       "  --pretty             indented JSON\n" +
           std::string(kEngineOptionsHelp),
       cmd_reply},
      {"check-draft", "check your draft before sending: hostile wording, unanswered questions",
       "check-draft --draft FILE [--reply-to FILE] [--attachment NAME]... [--lang fr|en]\n"
       "            [--pretty]\n\n"
       "Checks the draft (plain text, - for stdin) against the message it answers. Prints\n"
       "{\"ok\", \"issues\": [{\"kind\", \"text\", \"start\", \"end\", \"suggestion\"}]}.\n"
       "--attachment names a file attached to the draft (repeatable): \"here it is\" then\n"
       "answers the client's request for that document.\n\n"
       "Options:\n" +
           std::string(kEngineOptionsHelp),
       cmd_check_draft},
      {"faq suggest", "propose FAQ entries from the recurring questions of a mailbox",
       "faq suggest [OPTIONS] MAILBOX...\n\n"
       "Clusters the questions of incoming client mail and prints the recurring ones as FAQ\n"
       "entries to complete (rules/faq/faq.json format).\n\n"
       "Options:\n"
       "  --similarity X   word overlap (Jaccard) for two questions to be the same (0.5)\n"
       "  --min-count N    propose questions asked at least N times (2)\n"
       "  --input text-jsonl, --pretty as for analyze\n" +
           std::string(kEngineOptionsHelp),
       cmd_faq_suggest},
      {"audit", "a manager's report over a mailbox: waiting, breaches, tone, themes, FAQ",
       "audit [OPTIONS] MAILBOX...\n\n"
       "Streams the mailbox (an mbox, a Maildir or a folder of .eml) through the analysers in\n"
       "parallel and writes a report: threads waiting on us and breaches, open questions,\n"
       "response times per correspondent and per person, tone per week, complaint themes,\n"
       "recurring questions (FAQ candidates), overdue commitments, hostile threads.\n\n"
       "Options:\n"
       "  --format html|csv|json  report format (default html; csv: one row per thread)\n"
       "  --output FILE           where to write it (default: standard output)\n"
       "  --now TIME              when waiting and commitments are judged (RFC 3339)\n"
       "  --policy FILE           a waiting-time policy file\n"
       "  --quiet                 no progress line\n" +
           std::string(kEngineOptionsHelp),
       cmd_audit},
      {"eval",
       "measure the analysers on the development data (politeness, requests, client-requests, "
       "threads, dates)",
       "eval WHAT [--data DIR] [--errors]\n\n"
       "WHAT is politeness, requests, client-requests, threads or dates. DIR is the shared data\n"
       "folder (default: $COURTOIS_SHARED_DATA, else ../shared/data beside the source tree); for\n"
       "client-requests, the folder of client-mail sentences (default:\n"
       "tests/questions/data/client in the source tree); for threads, a folder of annotated\n"
       "threads, NAME.mbox beside NAME.expect.json (default: tests/questions/data/threads),\n"
       "where --errors first lists every question scored wrong. Prints the numbers of the\n"
       "protocols of EVALUATION.md; docs/evaluation.md explains the splits.",
       cmd_eval},
      {"serve", "run the service (same as courtoisd): courtois serve --help for its options",
       "serve [--port N] [--listen ADDR] [--rules DIR] [--plugins DIR] [--print-token] ...\n\n"
       "Runs the HTTP service on 127.0.0.1 (see docs/service.md); the options are courtoisd's.",
       cmd_serve},
  };
  return table;
}

}  // namespace courtois::cli
