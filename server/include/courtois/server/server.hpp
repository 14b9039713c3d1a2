// courtoisd: options, the bearer token, and the entry point shared by the `courtoisd` binary
// and `courtois serve`.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/result.hpp"

namespace courtois {

struct ServerOptions {
  std::string listen = "127.0.0.1";
  unsigned short port = 7878;                            // 0: any free port (see port_file)
  std::optional<std::filesystem::path> rules_dir;        // default: default_rules_dir()
  std::optional<std::filesystem::path> local_rules_dir;  // default: default_local_rules_dir()
  bool no_local_rules = false;
  std::optional<std::filesystem::path> plugin_dir;
  std::vector<std::string> me;  // the user's identities
  unsigned threads = 0;         // analysis workers; 0: one per core
  unsigned io_threads = 1;      // threads moving bytes
  std::size_t max_body = 25u << 20;
  std::size_t max_header = 64u << 10;
  std::chrono::milliseconds read_timeout{30'000};   // to receive one whole request
  std::chrono::milliseconds idle_timeout{60'000};   // between requests on a kept-alive connection
  std::chrono::milliseconds drain_timeout{30'000};  // after SIGTERM, for in-flight requests
  std::vector<std::string> allowed_hosts;           // Host names accepted besides loopback ones
  std::optional<std::filesystem::path> token_file;  // default: config_dir()/token
  std::optional<std::filesystem::path> port_file;   // written with the bound port once listening
  bool quiet = false;

  // Set by parse_server_args for the commands that do not start the service.
  bool print_token = false;
  bool help = false;
  bool version = false;

  // Called from the service thread once it listens, with the bound port (tests).
  std::function<void(unsigned short)> on_listening;
};

// Parses the options (without the program name). Errors name the option and the problem.
Result<ServerOptions> parse_server_args(const std::vector<std::string>& args);
std::string server_usage(std::string_view program = "courtoisd");

// Runs the service until SIGTERM or SIGINT (or request_server_stop), then drains in-flight
// requests and returns 0; 1 when it cannot start (the reason is printed on stderr).
int run_server(const ServerOptions& options);
// Asks a running run_server in this process to drain and return, as SIGTERM does (tests).
void request_server_stop();

// Whole command line: --help, --version, --print-token or run. Returns the exit status
// (0 ok, 1 could not start, 2 bad usage).
int server_main(const std::vector<std::string>& args, std::string_view program = "courtoisd");

// The bearer token file: config_dir()/token.
std::filesystem::path default_token_path();
// Reads the token, creating it (32 random bytes, hex; file mode 0600, folder 0700) when the
// file does not exist yet.
Result<std::string> load_or_create_token(const std::filesystem::path& path);

}  // namespace courtois
