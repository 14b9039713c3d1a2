// courtois check-draft: the user's draft checked before sending (plugins/replies).
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "commands.hpp"
#include "courtois/replies.hpp"
#include "courtois/text.hpp"
#include "inputs.hpp"

namespace courtois::cli {

int cmd_check_draft(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  Args args(argv);
  add_engine_options(args);
  args.value_option("draft");
  args.value_option("reply-to");
  args.value_option("lang");
  args.value_option("attachment");
  args.flag("pretty");
  if (!parse_args(args, "check-draft", {}, err)) return kUsage;
  auto draft_path = args.get("draft");
  if (!draft_path) {
    err << "courtois check-draft: --draft FILE is required (the draft as plain text, - for "
           "stdin)\n";
    return kUsage;
  }
  if (!args.positionals().empty()) {
    err << "courtois check-draft: unexpected argument '" << args.positionals().front() << "'\n";
    return kUsage;
  }
  std::string lang = args.get("lang").value_or("");
  if (!lang.empty() && lang != "fr" && lang != "en") {
    err << "courtois check-draft: --lang takes fr or en, not '" << lang << "'\n";
    return kUsage;
  }
  std::string draft;
  if (*draft_path == "-") {
    draft.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(*draft_path, std::ios::binary);
    if (!in) {
      err << "courtois check-draft: " << *draft_path << ": cannot be read\n";
      return kInputError;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    draft = buf.str();
  }
  std::optional<Message> reply_to;
  if (auto path = args.get("reply-to")) {
    std::string problem;
    read_inputs(
        {*path}, false, 4,
        [&](std::vector<ParsedEntry>& batch) {
          for (auto& e : batch) {
            if (e.message && !reply_to)
              reply_to = std::move(*e.message);
            else if (!e.message)
              problem = e.error;
          }
        },
        err);
    if (!reply_to) {
      err << "courtois check-draft: --reply-to " << *path << ": "
          << (problem.empty() ? "no message could be read" : problem) << "\n";
      return kInputError;
    }
  }
  auto engine = Engine::create(engine_options(args));
  for (const auto& st : engine->status())
    if (!st.enabled) err << "courtois: plugin " << st.name << " disabled: " << st.reason << "\n";
  auto result = replies::check_draft(*engine, draft, reply_to ? &*reply_to : nullptr, lang, {},
                                     args.all("attachment"));
  if (!result) {
    err << "courtois check-draft: " << result.error().message << "\n";
    return kInputError;
  }
  out << dump_json(replies::to_json(*result), args.has("pretty")) << '\n';
  return kOk;
}

}  // namespace courtois::cli
