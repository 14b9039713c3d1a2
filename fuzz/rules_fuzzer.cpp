// libFuzzer target: the rules loader. The first byte picks the format (commented JSON or a
// '#' line list); JSON that parses is then read the way plugins read it (records, typed
// fields with patterns and bounds), so positioned errors are exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "courtois/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    courtois::ListFile list = courtois::parse_rule_list("fuzz.txt", text);
    (void)list.entries.size();
    return 0;
  }
  auto file = courtois::parse_rule_json("fuzz.json", text);
  if (!file.ok()) return 0;
  std::vector<courtois::RuleError> errors;
  courtois::RuleReader reader(*file, errors);
  for (const auto& rec : reader.records("/rules", false)) {
    (void)reader.string(rec, "symbol", {.required = false, .pattern = "^[A-Z][A-Z0-9_]*$"});
    (void)reader.string(rec, "lang", {.required = false, .one_of = {"fr", "en"}});
    (void)reader.number(rec, "weight", {.required = false, .min = -5, .max = 5});
    (void)reader.boolean(rec, "enabled");
    (void)reader.strings(rec, "patterns");
    (void)reader.rule_id(rec);
  }
  for (const auto& e : errors) (void)e.to_string();
  return 0;
}
