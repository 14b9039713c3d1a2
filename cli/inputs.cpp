#include "inputs.hpp"

#include <tbb/parallel_for.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "courtois/mailbox.hpp"
#include "courtois/text.hpp"

namespace courtois::cli {

using nlohmann::json;

std::string dump_json(const json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

Result<Message> message_from_jsonl(std::string_view line) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    return make_error(Errc::bad_input, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) return make_error(Errc::bad_input, "expected a JSON object");
  auto text_field = [&](const char* name, bool required) -> Result<std::string> {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) {
      if (required)
        return make_error(Errc::bad_input, std::string("field \"") + name + "\" is missing");
      return std::string();
    }
    if (it->is_number_integer() && std::string_view(name) == "id") return it->dump();
    if (!it->is_string())
      return make_error(Errc::bad_input, std::string("field \"") + name + "\" must be a string");
    return it->get<std::string>();
  };
  auto id = text_field("id", true);
  if (!id) return id.error();
  auto text = text_field("text", true);
  if (!text) return text.error();
  auto date = text_field("date", false);
  if (!date) return date.error();
  auto lang = text_field("lang", false);
  if (!lang) return lang.error();
  auto from = text_field("from", false);
  if (!from) return from.error();
  auto subject = text_field("subject", false);
  if (!subject) return subject.error();
  std::optional<ZonedTime> when;
  if (!date->empty()) {
    when = ZonedTime::parse_rfc3339(*date);
    if (!when)
      return make_error(Errc::bad_input, "field \"date\": \"" + *date +
                                             "\" is not RFC 3339 with an offset "
                                             "(e.g. 2026-03-02T10:12:00+01:00)");
  }
  Address addr;
  if (auto lt = from->find('<');
      lt != std::string::npos && from->find('>', lt) != std::string::npos) {
    addr.name = std::string(trim(std::string_view(*from).substr(0, lt)));
    addr.address = from->substr(lt + 1, from->find('>', lt) - lt - 1);
  } else {
    addr.address = std::string(trim(*from));
  }
  if (*lang != "" && *lang != "fr" && *lang != "en" && *lang != "unknown")
    return make_error(Errc::bad_input,
                      "field \"lang\": \"" + *lang + "\" is not fr, en or unknown");
  Message m = Message::from_text(std::move(*id), sanitize_utf8(*text), when, std::move(*lang),
                                 std::move(addr), std::move(*subject));
  if (!when) m.skipped.push_back("no date given: relative dates are not resolved");
  return m;
}

namespace {

struct RawEntry {
  std::string source, bytes, error;
  bool jsonl = false;
};

void parse_batch(std::vector<RawEntry>& raw, std::vector<ParsedEntry>& parsed) {
  parsed.clear();
  parsed.resize(raw.size());
  tbb::parallel_for(std::size_t(0), raw.size(), [&](std::size_t i) {
    ParsedEntry& p = parsed[i];
    p.source = raw[i].source;
    if (!raw[i].error.empty()) {
      p.error = raw[i].error;
      return;
    }
    auto m = raw[i].jsonl ? message_from_jsonl(raw[i].bytes) : Message::from_raw(raw[i].bytes);
    if (m)
      p.message = std::move(m.value());
    else
      p.error = m.error().message;
  });
  raw.clear();
}

}  // namespace

int read_inputs(const std::vector<std::string>& inputs, bool text_jsonl, std::size_t batch_size,
                const std::function<void(std::vector<ParsedEntry>&)>& sink, std::ostream& err) {
  int status = kOk;
  std::vector<RawEntry> raw;
  std::vector<ParsedEntry> parsed;
  auto flush = [&] {
    if (raw.empty()) return;
    parse_batch(raw, parsed);
    sink(parsed);
  };
  for (const auto& input : inputs) {
    if (text_jsonl) {
      std::ifstream file;
      std::istream* in = &std::cin;
      if (input != "-") {
        file.open(input, std::ios::binary);
        if (!file) {
          err << "courtois: cannot open " << input << ": no such file or not readable\n";
          status = kInputError;
          continue;
        }
        in = &file;
      }
      std::string line;
      std::size_t number = 0;
      while (std::getline(*in, line)) {
        ++number;
        if (trim(line).empty()) continue;
        raw.push_back({input + ":" + std::to_string(number), std::move(line), "", true});
        if (raw.size() >= batch_size) flush();
      }
      continue;
    }
    auto reader = MailboxReader::open(input);
    if (!reader) {
      err << "courtois: cannot read " << input << ": " << reader.error().message << "\n";
      status = kInputError;
      continue;
    }
    while (auto entry = (*reader)->next()) {
      raw.push_back({std::move(entry->source), std::move(entry->bytes), std::move(entry->error)});
      if (raw.size() >= batch_size) flush();
    }
  }
  flush();
  return status;
}

}  // namespace courtois::cli
