// courtois reply: calm reply drafts to a client message, in three styles (plugins/replies).
#include <iostream>

#include "commands.hpp"
#include "courtois/replies.hpp"
#include "inputs.hpp"

namespace courtois::cli {

int cmd_reply(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  for (const char* o : {"style", "lang", "absent-until", "backup", "new-date", "frame", "signature",
                        "input", "llm-endpoint", "llm-model", "llm-timeout"})
    args.value_option(o);
  args.flag("pretty");
  args.flag("with-frame");
  args.flag("llm");
  if (!parse_args(args, "reply", "FILE (the client message to answer, or - for stdin)", err))
    return kUsage;
  bool jsonl = false;
  if (auto input = args.get("input")) {
    if (*input != "text-jsonl") {
      err << "courtois reply: --input takes text-jsonl, not '" << *input << "'\n";
      return kUsage;
    }
    jsonl = true;
  }
  replies::ReplyOptions options;
  for (const auto& s : args.all("style")) {
    if (s != "formal" && s != "warm" && s != "firm") {
      err << "courtois reply: --style takes formal, warm or firm, not '" << s << "'\n";
      return kUsage;
    }
    options.styles.push_back(s);
  }
  if (auto l = args.get("lang")) {
    if (*l != "fr" && *l != "en") {
      err << "courtois reply: --lang takes fr or en, not '" << *l << "'\n";
      return kUsage;
    }
    options.lang = *l;
  }
  for (const char* o : {"absent-until", "new-date"}) {
    if (auto v = args.get(o)) {
      if (!ZonedTime::parse_rfc3339(*v)) {
        err << "courtois reply: --" << o << " '" << *v
            << "' is not a date (YYYY-MM-DD or RFC 3339 with an offset)\n";
        return kUsage;
      }
      (std::string(o) == "new-date" ? options.new_date : options.absent_until) = *v;
    }
  }
  options.backup = args.get("backup").value_or("");
  options.frame = args.get("frame").value_or("");
  options.force_frame = args.has("with-frame");
  options.signature = args.get("signature").value_or("");
  if (args.has("llm") || args.has("llm-endpoint") || args.has("llm-model")) {
    replies::LlmOptions llm;
    llm.enabled = true;
    llm.endpoint = args.get("llm-endpoint").value_or("");
    llm.model = args.get("llm-model").value_or("");
    if (auto t = args.get("llm-timeout")) {
      try {
        llm.timeout_ms = std::stoi(*t);
      } catch (const std::exception&) {
        llm.timeout_ms = -1;
      }
      if (llm.timeout_ms <= 0) {
        err << "courtois reply: --llm-timeout takes milliseconds, not '" << *t << "'\n";
        return kUsage;
      }
    } else {
      llm.timeout_ms = 0;  // the rules' timeout
    }
    options.llm = llm;
  }

  // FILE first, then the thread.
  std::vector<Message> messages;
  std::size_t failed = 0;
  int status = read_inputs(
      args.positionals(), jsonl, 64,
      [&](std::vector<ParsedEntry>& batch) {
        for (auto& e : batch) {
          if (e.message) {
            messages.push_back(std::move(*e.message));
          } else {
            err << "courtois reply: " << e.source << ": " << e.error << "\n";
            ++failed;
          }
        }
      },
      err);
  if (messages.empty()) {
    err << "courtois reply: " << args.positionals().front() << ": no message could be read\n";
    return kInputError;
  }
  auto engine = Engine::create(engine_options(args));
  for (const auto& st : engine->status())
    if (!st.enabled) err << "courtois: plugin " << st.name << " disabled: " << st.reason << "\n";
  Message client = messages.front();
  std::vector<Message> thread(messages.begin() + 1, messages.end());
  auto result = replies::draft_replies(*engine, client, thread, options);
  if (!result) {
    err << "courtois reply: " << result.error().message << "\n";
    return result.error().code == Errc::bad_input ? kUsage : kInputError;
  }
  out << dump_json(replies::to_json(*result), args.has("pretty")) << '\n';
  return status;
}

}  // namespace courtois::cli
