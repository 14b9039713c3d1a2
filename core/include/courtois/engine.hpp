// The engine: plugins in dependency order, configured from the rules, run on messages and
// threads. One Engine is shared by all threads of a process (analyse is const and
// thread-safe).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "courtois/analysis.hpp"
#include "courtois/message.hpp"
#include "courtois/plugin.hpp"
#include "courtois/result.hpp"

namespace courtois {

struct EngineOptions {
  std::filesystem::path rules_dir = default_rules_dir();
  std::optional<std::filesystem::path> local_rules_dir = default_local_rules_dir();
  std::optional<std::filesystem::path> plugin_dir;  // external plugins (*.so)
  std::vector<std::string> me;                      // user identities, for direction
  bool builtins = true;
};

struct PluginStatus {
  std::string name;
  std::string description;
  std::string origin;  // "builtin" or the .so path
  bool enabled = true;
  std::string reason;  // why disabled
  std::vector<RuleError> errors;
};

class Engine {
 public:
  // Never fails because of one plugin: a plugin whose rules are invalid or whose library
  // cannot be loaded is disabled with its reason (see status()).
  static std::unique_ptr<Engine> create(const EngineOptions& options);
  ~Engine();

  Analysis analyse(const Message& message) const;
  // Groups messages into threads (JWZ by Message-ID / In-Reply-To / References, subject as
  // a last resort), analyses each message and runs thread plugins.
  std::vector<ThreadAnalysis> threads(std::vector<Message>& messages,
                                      std::vector<Analysis>& analyses,
                                      const ThreadOptions& options) const;

  const std::vector<PluginStatus>& status() const { return status_; }
  const EngineOptions& options() const { return options_; }
  // Direction of a message for the configured identities.
  std::string direction_of(const Message& m) const;
  // Whether an address is one of the user's (--me, "@example.com" for a whole domain).
  bool is_me(std::string_view address) const;
  // Outgoing, with recipients, every one of them the user's own (see Analysis::internal).
  bool is_internal(const Message& m) const;

 private:
  Engine() = default;
  EngineOptions options_;
  std::vector<std::unique_ptr<Plugin>> plugins_;  // enabled, dependency order
  std::vector<PluginStatus> status_;
  struct External;
  std::vector<std::unique_ptr<External>> externals_;
};

// Thread key for a subject: lower case, "Re:", "TR:", "Fwd:", "RE :" prefixes removed.
std::string normalise_subject(std::string_view subject);

}  // namespace courtois
