// The explicit list of built-in plugins (rspamd's MODULES_LIST): read this file to know what
// runs. Each plugin folder provides its factory; order here is only a tie-break, the engine
// orders plugins by their declared dependencies.
#include <memory>
#include <vector>

#include "courtois/plugin.hpp"

namespace courtois {

// Factories, one per plugin folder (plugins/<name>/).
// BUILTIN-DECLARATIONS (one line per plugin, keep sorted)
std::unique_ptr<Plugin> make_deadlines_plugin();
std::unique_ptr<Plugin> make_faq_plugin();
std::unique_ptr<Plugin> make_questions_plugin();
std::unique_ptr<Plugin> make_replies_plugin();
std::unique_ptr<Plugin> make_tone_plugin();
std::unique_ptr<Plugin> make_waiting_plugin();

std::vector<std::unique_ptr<Plugin>> make_builtin_plugins() {
  std::vector<std::unique_ptr<Plugin>> plugins;
  // BUILTIN-LIST (one line per plugin)
  plugins.push_back(make_questions_plugin());
  plugins.push_back(make_deadlines_plugin());
  plugins.push_back(make_tone_plugin());
  plugins.push_back(make_replies_plugin());
  plugins.push_back(make_faq_plugin());
  plugins.push_back(make_waiting_plugin());
  return plugins;
}

}  // namespace courtois
