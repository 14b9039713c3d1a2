// A deadlines plugin configured from the source tree's rules, shared by the tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "courtois/rules.hpp"
#include "deadlines_plugin.hpp"

namespace courtois::deadlines_test {

inline const DeadlinesPlugin& plugin() {
  static std::unique_ptr<DeadlinesPlugin> p = [] {
    std::vector<RuleError> errors;
    RuleSet rules = load_rule_set("deadlines", std::filesystem::path(COURTOIS_SOURCE_DIR) / "rules",
                                  std::nullopt, errors);
    auto plugin = std::make_unique<DeadlinesPlugin>();
    auto more = plugin->configure(rules);
    errors.insert(errors.end(), more.begin(), more.end());
    for (const auto& e : errors) ADD_FAILURE() << e.to_string();
    return plugin;
  }();
  return *p;
}

inline Analysis analyse(const std::string& text, const std::string& date, const std::string& lang,
                        const std::string& direction = "in") {
  Message m;
  m.message_id = "test";
  m.new_text = text;
  m.date = ZonedTime::parse_rfc3339(date);
  m.lang = lang;
  Analysis a;
  a.id = m.message_id;
  a.text = text;
  a.date = m.date;
  a.lang = lang;
  a.direction = direction;
  plugin().analyse(m, a);
  return a;
}

}  // namespace courtois::deadlines_test
